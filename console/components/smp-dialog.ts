/**
 * A modal dialog on the browser's own `<dialog>`: focus stays inside, Escape closes it, and
 * the page behind is inert.
 *
 * @attr heading - The dialog's title, which also names it for assistive technology.
 * @attr open - Present while the dialog is shown.
 * @fires close - The dialog closed, by Escape or because `open` became false.
 * @slot - The dialog's content, usually a form with its own buttons.
 */
import { LitElement, css, html, type PropertyValues } from 'lit'
import { sharedStyles } from './sharedStyles.ts'

export class SmpDialog extends LitElement {
  static override properties = {
    heading: {},
    open: { type: Boolean, reflect: true },
  }

  static override styles = [
    sharedStyles,
    css`
      /*
       * The dialog itself lives in the top layer, so a block host would be an empty box on the
       * page; without a box of its own the host is as visible as the content it shows.
       */
      :host {
        display: contents;
      }
      dialog {
        border: 1px solid var(--line);
        border-radius: 6px;
        padding: 1rem;
        width: min(36rem, calc(100vw - 2rem));
        max-height: calc(100vh - 2rem);
        box-sizing: border-box;
      }
      dialog::backdrop {
        background: rgb(0 0 0 / 0.4);
      }
    `,
  ]

  declare heading: string
  declare open: boolean

  constructor() {
    super()
    this.heading = ''
    this.open = false
  }

  override render() {
    return html`<dialog aria-labelledby="heading" @close=${this.closed}>
      <h2 id="heading">${this.heading}</h2>
      <slot></slot>
    </dialog>`
  }

  override updated(changed: PropertyValues<this>): void {
    if (!changed.has('open')) return
    const dialog = this.renderRoot.querySelector('dialog')
    if (!dialog) return
    if (this.open && !dialog.open) dialog.showModal()
    if (!this.open && dialog.open) dialog.close()
  }

  private closed() {
    this.open = false
    this.dispatchEvent(new Event('close'))
  }
}

customElements.define('smp-dialog', SmpDialog)
