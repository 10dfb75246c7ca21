/**
 * The Preferences tab (Voorkeuren): the person's active opt-ins, their whole consent history,
 * and for editors the dialogs to subscribe or unsubscribe them by hand or from everything.
 */
import { html, nothing, type PropertyValues } from 'lit'
import {
  api,
  type ConsentRecord,
  type EffectiveConsent,
  type OperatorChannel,
  type OptInType,
  operatorChannels,
  type Person,
} from '../api.ts'
import { errorText, fieldProblem, problemView } from '../errors.ts'
import { formatDateTime, localised, t, tCount } from '../i18n.ts'
import type { Permissions } from '../permissions.ts'
import { channelName } from './channelName.ts'
import { consentRecordTable } from './consentRecordTable.ts'
import { LocalisedElement } from './localisedElement.ts'
import { sharedStyles } from './sharedStyles.ts'
import './smp-dialog.ts'
import { yesNo } from './yesNo.ts'

type Dialog = 'none' | 'record' | 'full-unsubscribe'

export class SmpPreferencesTab extends LocalisedElement {
  static override properties = {
    person: { attribute: false },
    types: { attribute: false },
    permissions: { attribute: false },
    consent: { state: true },
    records: { state: true },
    dialog: { state: true },
    busy: { state: true },
    failure: { state: true },
    dialogFailure: { state: true },
    notice: { state: true },
  }

  static override styles = sharedStyles

  declare person: Person
  declare types: OptInType[]
  declare permissions: Permissions
  declare private consent: EffectiveConsent[] | null
  declare private records: ConsentRecord[]
  declare private dialog: Dialog
  declare private busy: boolean
  declare private failure: string
  /** Why the dialog's change was refused, kept as it came so it follows the language. */
  declare private dialogFailure: unknown
  declare private notice: string

  constructor() {
    super()
    this.types = []
    this.consent = null
    this.records = []
    this.dialog = 'none'
    this.busy = false
    this.failure = ''
    this.dialogFailure = null
    this.notice = ''
  }

  override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('person') && changed.get('person')?.id !== this.person.id) void this.load()
  }

  private async load() {
    try {
      const [{ consent }, { records }] = await Promise.all([
        api.consentOf(this.person.id),
        api.consentRecordsOf(this.person.id),
      ])
      const visible = new Set(this.types.map((type) => type.key))
      this.consent = consent.filter((entry) => visible.has(entry.type))
      this.records = records.filter((record) => visible.has(record.type))
    } catch (error) {
      this.consent = []
      this.failure = errorText(error)
    }
  }

  private label(key: string) {
    return localised(this.types.find((type) => type.key === key)?.labels) || key
  }

  private get recordableTypes() {
    return this.types.filter((type) => type.active && this.permissions.canRecordType(type.key))
  }

  override render() {
    if (this.consent === null) return html`<p role="status">${t('loading')}</p>`
    const canChange =
      this.permissions.canChangePersons &&
      !this.person.anonymised &&
      this.recordableTypes.length > 0
    const active = this.consent.filter((entry) => entry.optIn)

    return html`<h2>${t('tabPreferences')}</h2>
      ${this.person.anonymised ? html`<p class="panel">${t('anonymisedNoMail')}</p>` : nothing}
      <p class="notice" role="status">${this.notice}</p>
      <p class="error" role="alert">${this.failure}</p>
      ${
        canChange
          ? html`<div class="actions">
              <button type="button" @click=${() => this.openDialog('record')}>
                ${t('recordConsent')}
              </button>
              <button
                type="button"
                class="danger"
                @click=${() => this.openDialog('full-unsubscribe')}
              >
                ${t('fullUnsubscribe')}
              </button>
            </div>`
          : nothing
      }
      <h3>${t('activeOptIns')}</h3>
      ${
        active.length === 0
          ? html`<p>${t('noActiveOptIns')}</p>`
          : html`<div class="table-wrap" role="region" aria-label=${t('activeOptIns')} tabindex="0">
              <table>
                <thead>
                  <tr>
                    <th scope="col">${t('type')}</th>
                    <th scope="col">${t('soft')}</th>
                    <th scope="col">${t('since')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${active.map(
                    (entry) =>
                      html`<tr>
                        <td>${this.label(entry.type)}</td>
                        <td>${yesNo(entry.soft === true)}</td>
                        <td>${formatDateTime(entry.decidedAt)}</td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>`
      }
      <h3>${t('history')}</h3>
      ${this.history()} ${this.recordDialog()} ${this.fullUnsubscribeDialog()}`
  }

  private history() {
    if (this.records.length === 0) return html`<p>${t('noRecords')}</p>`
    return consentRecordTable({
      records: this.records,
      regionLabel: t('history'),
      typeLabel: (key) => this.label(key),
    })
  }

  private channelField(form: string) {
    const id = `${form}-channel`
    return html`<div class="field">
      <label for=${id}>${t('channel')}</label>
      <select
        id=${id}
        name="channel"
        aria-invalid=${fieldProblem(this.dialogFailure, 'channel') ? 'true' : 'false'}
        aria-describedby=${`${id}-problem`}
      >
        ${operatorChannels.map(
          (channel) => html`<option value=${channel}>${channelName(channel)}</option>`,
        )}
      </select>
      ${this.fieldError(id, 'channel')}
    </div>`
  }

  /** The refused field's problem beside it; always there, so aria-describedby finds it. */
  private fieldError(id: string, path: string) {
    return html`<p class="field-error" id=${`${id}-problem`}>
      ${fieldProblem(this.dialogFailure, path)}
    </p>`
  }

  private reasonField(form: string) {
    const id = `${form}-reason`
    return html`<div class="field">
      <label for=${id}>${t('reason')}</label>
      <textarea
        id=${id}
        name="description"
        rows="3"
        required
        maxlength="1000"
        aria-invalid=${fieldProblem(this.dialogFailure, 'description') ? 'true' : 'false'}
        aria-describedby=${`${id}-problem`}
      ></textarea>
      ${this.fieldError(id, 'description')}
    </div>`
  }

  private dialogButtons(confirm: string, danger = false) {
    return html`<p class="error" role="alert">
        ${problemView(this.dialogFailure, ['channel', 'description'])}
      </p>
      <div class="actions">
        <button type="submit" class=${danger ? 'danger' : ''} ?disabled=${this.busy}>
          ${confirm}
        </button>
        <button type="button" class="secondary" @click=${this.closeDialog}>${t('cancel')}</button>
      </div>`
  }

  private recordDialog() {
    return html`<smp-dialog
      heading=${t('recordConsent')}
      ?open=${this.dialog === 'record'}
      @close=${this.closeDialog}
    >
      <form @submit=${this.submitRecord}>
        <div class="field">
          <label for="type">${t('type')}</label>
          <select id="type" name="type">
            ${this.recordableTypes.map(
              (type) => html`<option value=${type.key}>${localised(type.labels)}</option>`,
            )}
          </select>
        </div>
        <fieldset>
          <legend>${t('inOut')}</legend>
          <label class="inline"
            ><input type="radio" name="optIn" value="true" />${t('subscribe')}</label
          >
          <label class="inline"
            ><input type="radio" name="optIn" value="false" checked />${t('unsubscribe')}</label
          >
        </fieldset>
        ${this.channelField('record')} ${this.reasonField('record')}
        ${this.dialogButtons(t('save'))}
      </form>
    </smp-dialog>`
  }

  private fullUnsubscribeDialog() {
    return html`<smp-dialog
      heading=${t('fullUnsubscribe')}
      ?open=${this.dialog === 'full-unsubscribe'}
      @close=${this.closeDialog}
    >
      <form @submit=${this.submitFullUnsubscribe}>
        <p>${t('fullUnsubscribeQuestion')}</p>
        ${this.channelField('full')} ${this.reasonField('full')}
        ${this.dialogButtons(t('fullUnsubscribeConfirm'), true)}
      </form>
    </smp-dialog>`
  }

  private openDialog(dialog: Dialog) {
    this.dialogFailure = null
    this.notice = ''
    for (const form of this.renderRoot.querySelectorAll('form')) form.reset()
    this.dialog = dialog
  }

  private closeDialog = () => {
    this.dialog = 'none'
  }

  private async submitRecord(event: SubmitEvent) {
    event.preventDefault()
    const form = new FormData(event.target as HTMLFormElement)
    await this.change(async () => {
      await api.recordConsent(this.person.id, {
        type: String(form.get('type')),
        optIn: form.get('optIn') === 'true',
        channel: String(form.get('channel')) as OperatorChannel,
        description: String(form.get('description')),
      })
      return t('consentRecorded')
    })
  }

  private async submitFullUnsubscribe(event: SubmitEvent) {
    event.preventDefault()
    const form = new FormData(event.target as HTMLFormElement)
    await this.change(async () => {
      const { records } = await api.fullyUnsubscribe(this.person.id, {
        channel: String(form.get('channel')) as OperatorChannel,
        description: String(form.get('description')),
      })
      return tCount('fullyUnsubscribed', records.length)
    })
  }

  /** Sends one change from a dialog; the dialog stays open with the reason when it fails. */
  private async change(send: () => Promise<string>) {
    this.busy = true
    this.dialogFailure = null
    try {
      const notice = await send()
      this.dialog = 'none'
      await this.load()
      this.notice = notice
    } catch (error) {
      this.dialogFailure = error
    } finally {
      this.busy = false
    }
  }
}

customElements.define('smp-preferences-tab', SmpPreferencesTab)
