/** The `<smp-preferences>` element: the preference centre a site embeds with one tag. */
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit'
import { ifDefined } from 'lit/directives/if-defined.js'
import { live } from 'lit/directives/live.js'
import {
  ApiError,
  loadPreferences,
  loadSiteOffer,
  requestRenewal,
  savePreferences,
  signUp,
  unsubscribeFromAll,
  type ApiTarget,
  type ConsentChange,
  type PreferenceType,
  type Preferences,
} from './api.ts'
import {
  messages,
  pickLanguage,
  type Language,
  type MessageKey,
  type Messages,
} from './messages.ts'
import { styles } from './styles.ts'

type Phase = 'loading' | 'idle' | 'busy'

/** Attributes that decide what to load; a change to one loads again. */
const loadedFrom = ['api', 'token', 'site', 'lang'] as const
type Field = 'email' | 'types'
/** What is wrong with each field, as the message that says so. */
type Invalid = Partial<Record<Field, MessageKey>>

/** A failed request: `retry` repeats it, `status` 0 means no connection. */
interface Failure {
  retry: () => void
  status: number
  type: string
}

/** Deliberately loose: the server decides; this only catches typing slips before sending. */
const emailShape = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/**
 * The preference centre: lets a person see and change which messages they agree to
 * receive, or lets a visitor sign up for them.
 *
 * With a `token` it works for that person: it loads every opt-in type with their effective
 * consent, shows one checkbox per type with subgroups indented under their parent, and on
 * save sends only the checkboxes that differ from what the server said, each with the label
 * text shown as proof of consent. A type the person cannot change here (e.g. profiling,
 * stopped only by letter) shows its state and the server's note instead of a checkbox. A
 * "unsubscribe from everything" button asks for confirmation before it opts out of all.
 *
 * Without a token but with a `site` key it is a sign-up form: an email address and the
 * site's types. The server mails a confirmation link (double opt-in), so the form shows the
 * same "check your inbox" answer whether or not it knows the address.
 *
 * It links the site's privacy statement, which the server provides; without one it renders
 * nothing and says why in the console. Choices and the typed address survive failed
 * requests and reloads (a new `lang` or `api`); a new `token` or `site` forgets them. No
 * cookies are sent, so third-party cookie blocking does not matter.
 *
 * @attr api - Base URL of the preference server; empty means the page's own origin.
 * @attr token - Signed person token, from a link in a mailing or the site's own backend.
 * @attr site - The site's public key, e.g. `pk_demo`; needed for the sign-up form.
 * @attr lang - `nl` (default) or `en`; when absent, the page's language if it is one of these.
 * @attr channel - Channel recorded with the consent: `preference_centre` (the default with a
 *   token), `web_form` (the default for sign-up) or `own_website`.
 *
 * @fires smp-change - A checkbox was toggled; `detail` is `{ type, optIn }`.
 * @fires smp-saved - The changes were recorded; `detail` is `{ recorded }` from the server.
 * @fires smp-unsubscribed - The person opted out of everything; `detail` is `{ recorded }`.
 * @fires smp-signup - A sign-up was sent and a mail is on its way; `detail` is `{ types }`,
 *   the keys chosen. Nothing is recorded until the link in that mail is followed.
 *
 * @csspart form - The form around everything.
 * @csspart loading - Text shown while loading for the first time.
 * @csspart empty - Text shown when there are no opt-in types.
 * @csspart field - The email label, input and its error.
 * @csspart email-label - The label of the email input.
 * @csspart email - The email input.
 * @csspart field-error - The message under a field that is not filled in correctly.
 * @csspart fieldset - The group of opt-in types.
 * @csspart legend - The question above the types.
 * @csspart type - One opt-in type: its label, description and subgroups.
 * @csspart label - The label around a checkbox and its text, or a fixed type's name.
 * @csspart checkbox - A checkbox.
 * @csspart description - The description under a label.
 * @csspart fixed - A type that cannot be changed here (also has part `label`).
 * @csspart state - Whether a fixed type is on or off.
 * @csspart note - How a fixed type can be changed instead.
 * @csspart subgroups - The indented subgroups of a type.
 * @csspart actions - The row of buttons under the types.
 * @csspart save - The save button.
 * @csspart signup - The sign-up button.
 * @csspart unsubscribe - The button that asks to opt out of everything.
 * @csspart confirmation - The question and buttons of the unsubscribe confirmation.
 * @csspart confirm - The button that opts out of everything.
 * @csspart cancel - The button that keeps everything as it is.
 * @csspart error - The error message and its button.
 * @csspart retry - The retry button.
 * @csspart renew - The button that asks for a new link after an expired one.
 * @csspart status - The live region that announces results.
 * @csspart privacy - The link to the privacy statement.
 *
 * @cssprop --smp-accent - Colour of checkboxes and buttons.
 * @cssprop --smp-accent-contrast - Text colour on the accent colour.
 * @cssprop --smp-text - Text colour.
 * @cssprop --smp-font - Font shorthand.
 * @cssprop --smp-indent - Indent of subgroups.
 * @cssprop --smp-radius - Corner radius of buttons and the email input.
 * @cssprop --smp-focus - Colour of the focus ring; the accent colour by default.
 * @cssprop --smp-error - Colour of error messages.
 */
export class SmpPreferences extends LitElement {
  static override properties = {
    api: {},
    token: {},
    site: {},
    lang: { reflect: true },
    channel: {},
    types: { state: true },
    choices: { state: true },
    email: { state: true },
    invalid: { state: true },
    privacyUrl: { state: true },
    phase: { state: true },
    failure: { state: true },
    notice: { state: true },
    confirming: { state: true },
    done: { state: true },
    broken: { state: true },
  }

  static override styles = styles

  declare api: string
  declare token: string
  declare site: string
  declare lang: string
  declare channel: string
  declare private types: PreferenceType[]
  /** What the person ticked, by type key, until the server agrees. */
  declare private choices: Map<string, boolean>
  declare private email: string
  declare private invalid: Invalid
  declare private privacyUrl: string
  declare private phase: Phase
  declare private failure: Failure | null
  declare private notice: MessageKey | ''
  /** The unsubscribe-from-everything question is on screen. */
  declare private confirming: boolean
  /** A mail is on its way (sign-up or new link); the form has done its job. */
  declare private done: boolean
  /** Misconfigured: shows nothing, the console says why. */
  declare private broken: boolean

  /** Lets only the newest request update the form, so a slow old answer cannot win. */
  private requestNumber = 0

  constructor() {
    super()
    this.api = ''
    this.token = ''
    this.site = ''
    this.channel = ''
    this.forget()
    this.privacyUrl = ''
    this.phase = 'loading'
    this.failure = null
    this.notice = ''
    this.broken = false
  }

  private get language(): Language {
    return pickLanguage(this.lang, document.documentElement.lang)
  }

  private get text(): Messages {
    return messages[this.language]
  }

  protected override willUpdate(changed: PropertyValues<this>) {
    const someoneElse = (['token', 'site'] as const).some(
      (name) => changed.has(name) && changed.get(name) !== undefined,
    )
    if (someoneElse) this.forget()

    if (loadedFrom.some((name) => changed.has(name))) void this.load()
  }

  private forget() {
    this.types = []
    this.choices = new Map()
    this.email = ''
    this.invalid = {}
    this.confirming = false
    this.done = false
  }

  private target(): ApiTarget {
    const { api, token, site, language } = this
    return { api: api ?? '', token: token ?? '', site: site ?? '', lang: language }
  }

  private async load() {
    const target = this.target()
    this.broken = false
    if (!target.token && !target.site) return this.misconfigured('it needs a token or a site')

    const call = () => (target.token ? loadPreferences(target) : offer(target))
    await this.run('loading', this.load, call, ({ site, types }) => {
      const href = webAddress(site?.privacyStatementUrl, this.api)
      if (!href) return this.misconfigured('the server gave no privacy statement to link to')

      this.privacyUrl = href
      this.adopt(types)
    })
  }

  private async save() {
    const changes = this.changes()

    // Emptied first so that saving twice still makes screen readers announce it again.
    this.notice = ''
    if (!changes.length) {
      await this.updateComplete
      this.notice = 'unchanged'
      return
    }

    const channel = this.channel || 'preference_centre'
    await this.run(
      'busy',
      this.save,
      () => savePreferences(this.target(), channel, changes),
      ({ recorded, types }) => {
        this.adopt(types)
        this.notice = 'saved'
        this.emit('smp-saved', { recorded })
      },
    )
  }

  private async signUp() {
    const chosen = this.types.filter((type) => this.isChosen(type))
    const email = this.email.trim()
    const invalid: Invalid = {}
    if (!emailShape.test(email)) invalid.email = email ? 'emailInvalid' : 'emailMissing'
    if (!chosen.length) invalid.types = 'typesMissing'
    if (this.showInvalid(invalid)) return

    const types = chosen.map((type) => ({ type: type.key, labelText: type.label }))
    const body = { site: this.site, email, channel: this.channel || 'web_form', types }
    await this.run(
      'busy',
      this.signUp,
      () => signUp(this.target(), body),
      () => {
        this.done = true
        this.notice = 'signedUp'
        this.emit('smp-signup', { types: types.map(({ type }) => type) })
      },
    )
  }

  private async unsubscribe() {
    if (this.phase !== 'idle') return
    const channel = this.channel || 'preference_centre'
    await this.run(
      'busy',
      this.unsubscribe,
      () => unsubscribeFromAll(this.target(), channel),
      ({ recorded, types }) => {
        this.choices = new Map()
        this.adopt(types)
        this.confirming = false
        this.notice = 'unsubscribed'
        void this.focusSoon('unsubscribe')
        this.emit('smp-unsubscribed', { recorded })
      },
    )
  }

  private async renew() {
    if (this.phase !== 'idle') return
    await this.run(
      'busy',
      this.renew,
      () => requestRenewal(this.target()),
      () => {
        this.done = true
        this.notice = 'renewed'
      },
    )
  }

  /**
   * Runs one request while the form shows it is busy. Its answer is applied only when no
   * newer request started meanwhile; a failure keeps every choice and offers `again`.
   */
  private async run<T>(
    phase: Phase,
    again: () => Promise<void>,
    call: () => Promise<T>,
    apply: (answer: T) => void,
  ) {
    const number = ++this.requestNumber
    this.phase = phase
    this.failure = null

    try {
      const answer = await call()
      if (number === this.requestNumber) apply(answer)
    } catch (error) {
      if (number === this.requestNumber) this.fail(() => void again.call(this), error)
    }
    if (number === this.requestNumber) this.phase = 'idle'
  }

  private fail(retry: () => void, error: unknown) {
    const { status, problem } = error instanceof ApiError ? error : new ApiError(-1)
    // Without a token, these mean the site key or this page's origin is not registered.
    if (!this.token && (status === 404 || status === 403)) {
      return this.misconfigured(`site "${this.site}": ${problem.detail ?? status}`)
    }

    const invalid: Invalid = {}
    for (const { path } of problem.errors ?? []) {
      if (path.startsWith('email')) invalid.email = 'emailInvalid'
      if (path === 'types') invalid.types = 'typesMissing'
    }
    if (!this.showInvalid(invalid)) this.failure = { retry, status, type: problem.type ?? '' }
  }

  /** Shows the fields' errors and moves focus to the first; false when all is well. */
  private showInvalid(invalid: Invalid): boolean {
    this.invalid = invalid
    const first = invalid.email ? 'email' : invalid.types ? 'checkbox' : ''
    if (first) void this.focusSoon(first)
    return !!first
  }

  private misconfigured(reason: string) {
    console.error(`<smp-preferences> shows nothing: ${reason}.`)
    this.broken = true
    this.phase = 'idle'
  }

  private adopt(types: PreferenceType[]) {
    this.types = types
    // A choice the server now agrees with is no longer a change; the others stay pending.
    const pending = [...this.choices].filter(([key, optIn]) =>
      types.some((type) => type.key === key && type.optIn !== optIn),
    )
    this.choices = new Map(pending)
  }

  private isChosen(type: PreferenceType): boolean {
    return this.choices.get(type.key) ?? type.optIn
  }

  private changes(): ConsentChange[] {
    return this.types
      .filter((type) => type.selfService && this.isChosen(type) !== type.optIn)
      .map((type) => ({ type: type.key, optIn: !type.optIn, labelText: type.label }))
  }

  /** Types directly under `parent`; a type whose parent is not shown counts as top level. */
  private subgroupsOf(parent: PreferenceType | null): PreferenceType[] {
    return this.types.filter((type) =>
      parent
        ? type.parentKey === parent.key
        : !this.types.some((other) => other.key === type.parentKey),
    )
  }

  private async focusSoon(partName: string) {
    await this.updateComplete
    this.renderRoot.querySelector<HTMLElement>(`[part~="${partName}"]`)?.focus()
  }

  private onChange(event: Event) {
    const input = event.target as HTMLInputElement
    const type = this.types.find((candidate) => candidate.key === input.name)
    if (!type) return

    this.choices = this.withSubgroupsFollowing(type, input.checked)
    this.notice = ''
    this.emit('smp-change', { type: input.name, optIn: input.checked })
  }

  /**
   * A subgroup only means something within its parent: ticking a subgroup ticks the parent,
   * and unticking the parent unticks its subgroups, so what is shown is what will be sent.
   */
  private withSubgroupsFollowing(type: PreferenceType, optIn: boolean): Map<string, boolean> {
    const choices = new Map(this.choices).set(type.key, optIn)
    const changeable = (key: string | null) =>
      this.types.find((candidate) => candidate.key === key && candidate.selfService)

    const parent = changeable(type.parentKey)
    if (optIn && parent) choices.set(parent.key, true)
    if (!optIn) {
      for (const child of this.types) {
        if (child.parentKey === type.key && child.selfService) choices.set(child.key, false)
      }
    }
    return choices
  }

  private onSubmit(event: Event) {
    event.preventDefault()
    if (this.phase === 'idle') void (this.token ? this.save() : this.signUp())
  }

  private ask(confirming: boolean) {
    if (this.phase !== 'idle') return
    this.confirming = confirming
    this.notice = ''
    void this.focusSoon(confirming ? 'confirm' : 'unsubscribe')
  }

  private emit(name: string, detail: object) {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }))
  }

  override render() {
    if (this.broken) return nothing

    const text = this.text
    return html`
      <form
        part="form"
        lang=${this.language}
        aria-busy=${this.phase === 'idle' ? 'false' : 'true'}
        novalidate
        @change=${this.onChange}
        @submit=${this.onSubmit}
      >
        ${this.renderBody(text)} ${this.renderFailure(text)}
        <p part="status" role="status">${this.notice && text[this.notice]}</p>
        ${
          this.privacyUrl
            ? html`<p><a part="privacy" href=${this.privacyUrl}>${text.privacy}</a></p>`
            : nothing
        }
      </form>
    `
  }

  private renderBody(text: Messages) {
    if (this.done) return nothing
    if (!this.types.length) {
      if (this.phase === 'loading') return html`<p part="loading">${text.loading}</p>`
      return this.phase === 'idle' && !this.failure
        ? html`<p part="empty">${text.empty}</p>`
        : nothing
    }

    return html`
      ${this.token ? nothing : this.renderEmail(text)}
      <fieldset part="fieldset" aria-describedby=${ifDefined(this.errorId('types'))}>
        <legend part="legend">${text.legend}</legend>
        ${this.renderFieldError('types', text)}
        ${this.subgroupsOf(null).map((type) => this.renderType(type, text))}
      </fieldset>
      <div part="actions" class="actions">${this.renderActions(text)}</div>
    `
  }

  private renderEmail(text: Messages) {
    return html`
      <div part="field" class="field">
        <label part="email-label" for="email">${text.email}</label>
        <input
          part="email"
          id="email"
          name="email"
          type="email"
          autocomplete="email"
          required
          aria-invalid=${this.invalid.email ? 'true' : 'false'}
          aria-describedby=${ifDefined(this.errorId('email'))}
          .value=${this.email}
          @input=${(event: Event) => (this.email = (event.target as HTMLInputElement).value)}
        />
        ${this.renderFieldError('email', text)}
      </div>
    `
  }

  private errorId(field: Field): string | undefined {
    return this.invalid[field] && `${field}-error`
  }

  private renderFieldError(field: Field, text: Messages) {
    const key = this.invalid[field]
    return key
      ? html`<p part="field-error" class="field-error" id="${field}-error">${text[key]}</p>`
      : nothing
  }

  private renderActions(text: Messages) {
    const disabled = this.phase === 'idle' ? 'false' : 'true'
    if (!this.token) {
      return html`<button part="signup" type="submit" aria-disabled=${disabled}>
        ${text.signUp}
      </button>`
    }

    if (this.confirming) {
      return html`
        <div part="confirmation" role="group" aria-labelledby="question">
          <p id="question">${text.question}</p>
          <button part="confirm" type="button" aria-disabled=${disabled} @click=${this.unsubscribe}>
            ${text.confirm}
          </button>
          <button part="cancel" class="secondary" type="button" @click=${() => this.ask(false)}>
            ${text.cancel}
          </button>
        </div>
      `
    }

    return html`
      <button part="save" type="submit" aria-disabled=${disabled}>
        ${this.phase === 'busy' ? text.saving : text.save}
      </button>
      <button part="unsubscribe" class="secondary" type="button" @click=${() => this.ask(true)}>
        ${text.unsubscribe}
      </button>
    `
  }

  private renderType(type: PreferenceType, text: Messages): TemplateResult {
    const descriptionId = type.description ? `description-${type.key}` : undefined
    const subgroups = this.subgroupsOf(type)
    return html`
      <div part="type" class="type">
        ${
          type.selfService
            ? html`<label part="label">
                <input
                  part="checkbox"
                  type="checkbox"
                  name=${type.key}
                  aria-describedby=${ifDefined(descriptionId)}
                  .checked=${live(this.isChosen(type))}
                />
                <span>${type.label}</span>
              </label>`
            : html`<p part="label fixed" class="fixed">
                ${type.label}: <span part="state">${type.optIn ? text.on : text.off}</span>
              </p>`
        }
        ${
          descriptionId
            ? html`<span part="description" class="description" id=${descriptionId}>
                ${type.description}
              </span>`
            : nothing
        }
        ${
          type.selfService || !type.optOutNote
            ? nothing
            : html`<span part="note" class="description">${type.optOutNote}</span>`
        }
        ${
          subgroups.length
            ? html`<div part="subgroups" class="subgroups" role="group" aria-label=${type.label}>
                ${subgroups.map((subgroup) => this.renderType(subgroup, text))}
              </div>`
            : nothing
        }
      </div>
    `
  }

  private renderFailure(text: Messages) {
    if (!this.failure) return nothing

    const { status, type, retry } = this.failure
    const link = status === 401 || status === 403
    const expired = link && type.endsWith('/expired-token')
    const message = link ? (expired ? 'expired' : 'invalid') : status ? 'failed' : 'offline'
    // A new link cannot repair a forged one, and retrying a refused link cannot help.
    const button = expired
      ? html`<button part="renew" type="button" @click=${this.renew}>${text.renew}</button>`
      : link
        ? nothing
        : html`<button part="retry" type="button" @click=${retry}>${text.retry}</button>`
    return html`
      <div part="error" class="error">
        <p role="alert">${text[message]}</p>
        ${button}
      </div>
    `
  }
}

/** The anonymous visitor's view: the site's types, none chosen yet. */
async function offer(target: ApiTarget): Promise<Preferences> {
  const { types, ...site } = await loadSiteOffer(target)
  return {
    site,
    types: types.map((type) => ({ ...type, optIn: false, selfService: true, optOutNote: null })),
  }
}

/**
 * The address as a web page, resolved against the server (the statement is the server's
 * value), so an answer cannot smuggle in `javascript:`.
 */
function webAddress(value: string | undefined, api: string): string | undefined {
  if (!value) return undefined
  try {
    const url = new URL(value, new URL(api || '.', document.baseURI))
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined
  } catch {
    return undefined
  }
}

// Guarded because a page may include the script twice, and defining twice throws.
if (!customElements.get('smp-preferences')) customElements.define('smp-preferences', SmpPreferences)

declare global {
  interface HTMLElementTagNameMap {
    'smp-preferences': SmpPreferences
  }
}
