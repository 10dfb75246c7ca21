/** A Lit element that renders again when the interface language changes. */
import { LitElement } from 'lit'
import { onLanguageChange } from '../i18n.ts'

export class LocalisedElement extends LitElement {
  private stopListening: (() => void) | null = null

  override connectedCallback(): void {
    super.connectedCallback()
    this.stopListening = onLanguageChange(() => this.requestUpdate())
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback()
    this.stopListening?.()
    this.stopListening = null
  }
}
