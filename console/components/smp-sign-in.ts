/**
 * The sign-in form: an operator's email address and password.
 *
 * @fires signed-in - The server accepted them; `detail` is the new session.
 */
import { html } from 'lit'
import { api, type Session } from '../api.ts'
import { problemView } from '../errors.ts'
import { t } from '../i18n.ts'
import { LocalisedElement } from './localisedElement.ts'
import { sharedStyles } from './sharedStyles.ts'

export class SmpSignIn extends LocalisedElement {
  static override properties = {
    busy: { state: true },
    failure: { state: true },
  }

  static override styles = sharedStyles

  declare private busy: boolean
  /** The refused attempt, kept as it came so its message follows a change of language. */
  declare private failure: unknown

  constructor() {
    super()
    this.busy = false
    this.failure = null
  }

  override render() {
    return html`<form class="panel" @submit=${this.submit}>
      <h1>${t('signInTitle')}</h1>
      <div class="field">
        <label for="email">${t('email')}</label>
        <input id="email" name="email" type="email" autocomplete="username" required />
      </div>
      <div class="field">
        <label for="password">${t('password')}</label>
        <input
          id="password"
          name="password"
          type="password"
          autocomplete="current-password"
          required
        />
      </div>
      <p class="error" role="alert">${problemView(this.failure)}</p>
      <button type="submit" ?disabled=${this.busy}>${t('signIn')}</button>
    </form>`
  }

  private async submit(event: SubmitEvent) {
    event.preventDefault()
    const form = new FormData(event.target as HTMLFormElement)
    this.busy = true
    this.failure = null

    try {
      const session = await api.signIn(String(form.get('email')), String(form.get('password')))
      this.dispatchEvent(new CustomEvent<Session>('signed-in', { detail: session }))
    } catch (error) {
      this.failure = error
    } finally {
      this.busy = false
    }
  }
}

customElements.define('smp-sign-in', SmpSignIn)
