/**
 * The Administration tab (Administratie): whether and when the person was anonymised, the
 * Anonymise button (after confirmation, and gone once done), and the personal-data downloads.
 *
 * @fires person-changed - The person was anonymised; `detail` is the person as now stored.
 */
import { html, nothing } from 'lit'
import { api, apiUrl, type Person } from '../api.ts'
import { errorText } from '../errors.ts'
import { formatDateTime, type Language, t } from '../i18n.ts'
import type { Permissions } from '../permissions.ts'
import { LocalisedElement } from './localisedElement.ts'
import { sharedStyles } from './sharedStyles.ts'
import './smp-dialog.ts'
import { yesNo } from './yesNo.ts'

export class SmpAdministrationTab extends LocalisedElement {
  static override properties = {
    person: { attribute: false },
    permissions: { attribute: false },
    confirming: { state: true },
    busy: { state: true },
    failure: { state: true },
    notice: { state: true },
    pdfLanguage: { state: true },
  }

  static override styles = sharedStyles

  declare person: Person
  declare permissions: Permissions
  declare private confirming: boolean
  declare private busy: boolean
  declare private failure: string
  declare private notice: string
  /** The PDF is written for the person, so in their language unless the operator picks. */
  declare private pdfLanguage: Language | null

  constructor() {
    super()
    this.confirming = false
    this.busy = false
    this.failure = ''
    this.notice = ''
    this.pdfLanguage = null
  }

  override render() {
    const person = this.person
    const id = person.id
    const pdfLanguage = this.pdfLanguage ?? person.language

    return html`<h2>${t('tabAdministration')}</h2>
      <dl>
        <dt>${t('anonymised')}</dt>
        <dd>${yesNo(person.anonymised)}</dd>
        <dt>${t('anonymisedAt')}</dt>
        <dd>${formatDateTime(person.anonymisedAt) || '–'}</dd>
        <dt>${t('createdAt')}</dt>
        <dd>${formatDateTime(person.createdAt)}</dd>
      </dl>
      <p class="notice" role="status">${this.notice}</p>
      <p class="error" role="alert">${this.confirming ? '' : this.failure}</p>
      ${
        this.permissions.canChangePersons && !person.anonymised
          ? html`<div class="actions">
              <button type="button" class="danger" @click=${this.ask}>${t('anonymise')}</button>
            </div>`
          : nothing
      }
      <h3>${t('personalData')}</h3>
      <div class="field">
        <label for="pdf-language">${t('pdfLanguage')}</label>
        <select id="pdf-language" @change=${this.choosePdfLanguage}>
          ${(['nl', 'en'] as const).map(
            (option) =>
              html`<option value=${option} ?selected=${option === pdfLanguage}>
                ${t(`language_${option}`)}
              </option>`,
          )}
        </select>
      </div>
      <div class="actions">
        <a
          class="button secondary"
          href=${apiUrl(`/persons/${id}/personal-data.pdf`, { lang: pdfLanguage })}
          download=${`personal-data-${id}.pdf`}
          >${t('downloadPdf')}</a
        >
        <a
          class="button secondary"
          href=${apiUrl(`/persons/${id}/personal-data.json`)}
          download=${`personal-data-${id}.json`}
          >${t('downloadJson')}</a
        >
        <a
          class="button secondary"
          href=${apiUrl(`/persons/${id}/personal-data.csv`)}
          download=${`personal-data-${id}.csv`}
          >${t('downloadCsv')}</a
        >
      </div>
      <smp-dialog heading=${t('anonymise')} ?open=${this.confirming} @close=${this.cancel}>
        <p>${t('anonymiseQuestion')}</p>
        <p class="error" role="alert">${this.confirming ? this.failure : ''}</p>
        <div class="actions">
          <button type="button" class="danger" ?disabled=${this.busy} @click=${this.anonymise}>
            ${t('anonymiseConfirm')}
          </button>
          <button type="button" class="secondary" @click=${this.cancel}>${t('cancel')}</button>
        </div>
      </smp-dialog>`
  }

  private choosePdfLanguage(event: Event) {
    this.pdfLanguage = (event.target as HTMLSelectElement).value === 'en' ? 'en' : 'nl'
  }

  private ask() {
    this.failure = ''
    this.confirming = true
  }

  private cancel = () => {
    this.confirming = false
  }

  private async anonymise() {
    this.busy = true
    this.failure = ''
    try {
      await api.anonymise(this.person.id)
      // Read back before announcing it, so the notice never shows beside the old facts.
      const person = await api.person(this.person.id)
      this.confirming = false
      this.dispatchEvent(new CustomEvent('person-changed', { detail: person }))
      this.notice = t('anonymisedNotice')
    } catch (error) {
      this.failure = errorText(error)
    } finally {
      this.busy = false
    }
  }
}

customElements.define('smp-administration-tab', SmpAdministrationTab)
