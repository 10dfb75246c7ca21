/** The `<smp-preferences>` element: the preference centre a site embeds with one tag. */
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit'
import { ifDefined } from 'lit/directives/if-defined.js'
import { live } from 'lit/directives/live.js'
import {
  ApiError,
  loadPreferences,
  savePreferences,
  type ApiTarget,
  type ConsentChange,
  type PreferenceType,
} from './api.ts'
import { messages, pickLanguage, type Language, type Messages } from './messages.ts'
import { styles } from './styles.ts'

type Phase = 'loading' | 'idle' | 'saving'

/** A failed request; `step` tells retry what to repeat, `status` 0 means no connection. */
interface Failure {
  step: 'load' | 'save'
  status: number
}

/**
 * Lets a person see and change which messages they agree to receive.
 *
 * It loads every opt-in type with the person's effective consent, shows one checkbox per
 * type with subgroups indented under their parent, and on save sends only the checkboxes
 * that differ from what the server said, each with the label text shown as proof of
 * consent. Choices survive failed requests and reloads (a new `lang` or `api`); only a new
 * `token` forgets them, because it may belong to someone else. No cookies are sent.
 *
 * @attr api - Base URL of the preference server; empty means the page's own origin.
 * @attr token - Signed person token, usually taken from the link in a mailing.
 * @attr lang - `nl` (default) or `en`; when absent, the page's language if it is one of these.
 * @attr channel - Channel recorded with the consent: `preference_centre` (default),
 *   `own_website` or `web_form`.
 * @attr privacy-url - Address of the privacy statement, linked under the form.
 *
 * @fires smp-change - A checkbox was toggled; `detail` is `{ type, optIn }`.
 * @fires smp-saved - The changes were recorded; `detail` is `{ recorded }` from the server.
 *
 * @csspart form - The form around everything.
 * @csspart loading - Text shown while the preferences load for the first time.
 * @csspart empty - Text shown when there are no opt-in types.
 * @csspart fieldset - The group of checkboxes.
 * @csspart legend - The question above the checkboxes.
 * @csspart type - One opt-in type: its label, description and subgroups.
 * @csspart label - The label around a checkbox and its text.
 * @csspart checkbox - A checkbox.
 * @csspart description - The description under a label.
 * @csspart subgroups - The indented subgroups of a type.
 * @csspart save - The save button.
 * @csspart error - The error message and retry button.
 * @csspart retry - The retry button.
 * @csspart status - The live region that announces a save.
 * @csspart privacy - The link to the privacy statement.
 *
 * @cssprop --smp-accent - Colour of checkboxes and buttons.
 * @cssprop --smp-accent-contrast - Text colour on the accent colour.
 * @cssprop --smp-text - Text colour.
 * @cssprop --smp-font - Font shorthand.
 * @cssprop --smp-indent - Indent of subgroups.
 * @cssprop --smp-radius - Corner radius of buttons.
 * @cssprop --smp-focus - Colour of the focus ring.
 * @cssprop --smp-error - Colour of error messages.
 */
export class SmpPreferences extends LitElement {
  static override properties = {
    api: {},
    token: {},
    lang: { reflect: true },
    channel: {},
    privacyUrl: { attribute: 'privacy-url' },
    types: { state: true },
    choices: { state: true },
    phase: { state: true },
    failure: { state: true },
    notice: { state: true },
  }

  static override styles = styles

  declare api: string
  declare token: string
  declare lang: string
  declare channel: string
  declare privacyUrl: string
  declare private types: PreferenceType[]
  /** What the person ticked, by type key, until the server agrees. */
  declare private choices: Map<string, boolean>
  declare private phase: Phase
  declare private failure: Failure | null
  declare private notice: string

  /** Lets only the newest request update the form, so a slow old answer cannot win. */
  private requestNumber = 0

  constructor() {
    super()
    this.api = ''
    this.token = ''
    this.channel = 'preference_centre'
    this.privacyUrl = ''
    this.types = []
    this.choices = new Map()
    this.phase = 'loading'
    this.failure = null
    this.notice = ''
  }

  private get language(): Language {
    return pickLanguage(this.lang, document.documentElement.lang)
  }

  private get text(): Messages {
    return messages[this.language]
  }

  protected override willUpdate(changed: PropertyValues) {
    if (changed.has('token') && changed.get('token') !== undefined) {
      this.types = []
      this.choices = new Map()
    }

    if (changed.has('api') || changed.has('token') || changed.has('lang')) void this.load()
  }

  private target(): ApiTarget {
    return { api: this.api ?? '', token: this.token, lang: this.language }
  }

  private async load() {
    const number = ++this.requestNumber
    this.phase = 'loading'
    this.failure = null
    if (!this.token) return this.fail('load', new ApiError(401))

    try {
      const types = await loadPreferences(this.target())
      if (number === this.requestNumber) this.adopt(types)
    } catch (error) {
      if (number === this.requestNumber) this.fail('load', error)
    }
  }

  private async save() {
    if (this.phase !== 'idle') return
    const changes = this.changes()

    // Emptied first so that saving twice still makes screen readers announce it again.
    this.notice = ''
    if (!changes.length) {
      await this.updateComplete
      this.notice = this.text.unchanged
      return
    }

    const number = ++this.requestNumber
    this.phase = 'saving'
    this.failure = null
    try {
      const { recorded, types } = await savePreferences(
        this.target(),
        this.channel || 'preference_centre',
        changes,
      )
      if (number === this.requestNumber) this.adopt(types)
      this.notice = this.text.saved
      this.emit('smp-saved', { recorded })
    } catch (error) {
      if (number === this.requestNumber) this.fail('save', error)
    }
  }

  private retry() {
    void (this.failure?.step === 'save' ? this.save() : this.load())
  }

  private adopt(types: PreferenceType[]) {
    this.types = types
    // A choice the server now agrees with is no longer a change; the others stay pending.
    const pending = [...this.choices].filter(([key, optIn]) =>
      types.some((type) => type.key === key && type.optIn !== optIn),
    )
    this.choices = new Map(pending)
    this.phase = 'idle'
  }

  private fail(step: Failure['step'], error: unknown) {
    this.failure = { step, status: error instanceof ApiError ? error.status : -1 }
    this.phase = 'idle'
  }

  private isChosen(type: PreferenceType): boolean {
    return this.choices.get(type.key) ?? type.optIn
  }

  private changes(): ConsentChange[] {
    return this.types
      .filter((type) => this.isChosen(type) !== type.optIn)
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

  private onChange(event: Event) {
    const input = event.target as HTMLInputElement
    if (!this.types.some((type) => type.key === input.name)) return

    this.choices = new Map(this.choices).set(input.name, input.checked)
    this.notice = ''
    this.emit('smp-change', { type: input.name, optIn: input.checked })
  }

  private onSubmit(event: Event) {
    event.preventDefault()
    void this.save()
  }

  private emit(name: string, detail: object) {
    this.dispatchEvent(new CustomEvent(name, { detail, bubbles: true, composed: true }))
  }

  override render() {
    const text = this.text
    return html`
      <form
        part="form"
        lang=${this.language}
        aria-busy=${this.phase === 'idle' ? 'false' : 'true'}
        @change=${this.onChange}
        @submit=${this.onSubmit}
      >
        ${this.renderTypes(text)} ${this.renderFailure(text)}
        <p part="status" role="status">${this.notice}</p>
        ${this.renderPrivacyLink(text)}
      </form>
    `
  }

  private renderTypes(text: Messages) {
    if (!this.types.length) {
      if (this.phase === 'loading') return html`<p part="loading">${text.loading}</p>`
      return this.failure ? nothing : html`<p part="empty">${text.empty}</p>`
    }

    const saving = this.phase === 'saving'
    return html`
      <fieldset part="fieldset">
        <legend part="legend">${text.legend}</legend>
        ${this.subgroupsOf(null).map((type) => this.renderType(type))}
      </fieldset>
      <button part="save" type="submit" aria-disabled=${saving ? 'true' : 'false'}>
        ${saving ? text.saving : text.save}
      </button>
    `
  }

  private renderType(type: PreferenceType): TemplateResult {
    const descriptionId = type.description ? `description-${type.key}` : undefined
    const subgroups = this.subgroupsOf(type)
    return html`
      <div part="type" class="type">
        <label part="label">
          <input
            part="checkbox"
            type="checkbox"
            name=${type.key}
            aria-describedby=${ifDefined(descriptionId)}
            .checked=${live(this.isChosen(type))}
          />
          <span>${type.label}</span>
        </label>
        ${descriptionId
          ? html`<span part="description" class="description" id=${descriptionId}>
              ${type.description}
            </span>`
          : nothing}
        ${subgroups.length
          ? html`<div part="subgroups" class="subgroups" role="group" aria-label=${type.label}>
              ${subgroups.map((subgroup) => this.renderType(subgroup))}
            </div>`
          : nothing}
      </div>
    `
  }

  private renderFailure(text: Messages) {
    if (!this.failure) return nothing

    const { status } = this.failure
    const expired = status === 401 || status === 403
    const message = expired ? text.expired : status === 0 ? text.offline : text.failed
    return html`
      <div part="error" class="error">
        <p role="alert">${message}</p>
        ${expired
          ? nothing
          : html`<button part="retry" type="button" @click=${this.retry}>${text.retry}</button>`}
      </div>
    `
  }

  private renderPrivacyLink(text: Messages) {
    const href = webAddress(this.privacyUrl)
    return href ? html`<p><a part="privacy" href=${href}>${text.privacy}</a></p>` : nothing
  }
}

/** The address if it is a web page, so an attribute cannot smuggle in `javascript:`. */
function webAddress(value: string | null): string | undefined {
  if (!value) return undefined
  try {
    const url = new URL(value, document.baseURI)
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
