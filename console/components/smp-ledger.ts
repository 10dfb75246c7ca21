/**
 * The consent ledger (Opt-in Opt-out tabel) of everyone: filtered by type, channel, period,
 * in or out and soft, newest first, a page at a time, and exported as CSV with the same filters.
 */
import { html, nothing } from 'lit'
import {
  api,
  apiUrl,
  type ConsentRecord,
  consentChannels,
  type LedgerFilter,
  type OptInType,
} from '../api.ts'
import { errorText } from '../errors.ts'
import { localised, t, tCount } from '../i18n.ts'
import type { Permissions } from '../permissions.ts'
import { channelName } from './channelName.ts'
import { consentRecordTable } from './consentRecordTable.ts'
import { LocalisedElement } from './localisedElement.ts'
import { sharedStyles } from './sharedStyles.ts'

const filterNames = ['type', 'channel', 'from', 'to', 'optIn', 'soft'] as const

export class SmpLedger extends LocalisedElement {
  static override properties = {
    permissions: { attribute: false },
    types: { state: true },
    filter: { state: true },
    records: { state: true },
    nextAfterId: { state: true },
    failure: { state: true },
  }

  static override styles = sharedStyles

  declare permissions: Permissions
  declare private types: OptInType[]
  declare private filter: LedgerFilter
  /** null: loading the first page. */
  declare private records: ConsentRecord[] | null
  declare private nextAfterId: number | null
  declare private failure: string

  constructor() {
    super()
    this.types = []
    this.filter = filterFromUrl()
    this.records = null
    this.nextAfterId = null
    this.failure = ''
  }

  override connectedCallback(): void {
    super.connectedCallback()
    void api
      .optInTypes()
      .then(({ types }) => {
        this.types = types.filter((type) => this.permissions.canViewType(type.key))
      })
      .catch((error: unknown) => (this.failure = errorText(error)))
    void this.load()
  }

  private async load(afterId?: number) {
    this.failure = ''
    if (afterId === undefined) this.records = null
    try {
      const page = await api.ledger(this.filter, afterId)
      this.records = [...(afterId === undefined ? [] : (this.records ?? [])), ...page.records]
      this.nextAfterId = page.nextAfterId
    } catch (error) {
      this.records ??= []
      this.failure = errorText(error)
    }
  }

  override render() {
    const filter = this.filter
    const choice = (value: string, selected: string | undefined, label: string) =>
      html`<option value=${value} ?selected=${(selected ?? '') === value}>${label}</option>`

    return html`<h1>${t('navLedger')}</h1>
      <form class="panel" @submit=${this.applyFilter} aria-label=${t('filters')}>
        <div class="grid">
          <div class="field">
            <label for="type">${t('type')}</label>
            <select id="type" name="type">
              ${choice('', filter.type, t('all'))}
              ${this.types.map((type) => choice(type.key, filter.type, localised(type.labels)))}
            </select>
          </div>
          <div class="field">
            <label for="channel">${t('channel')}</label>
            <select id="channel" name="channel">
              ${choice('', filter.channel, t('all'))}
              ${consentChannels.map((channel) =>
                choice(channel, filter.channel, channelName(channel)),
              )}
            </select>
          </div>
          <div class="field">
            <label for="from">${t('from')}</label>
            <input id="from" name="from" type="date" .value=${filter.from ?? ''} />
          </div>
          <div class="field">
            <label for="to">${t('to')}</label>
            <input id="to" name="to" type="date" .value=${filter.to ?? ''} />
          </div>
          <div class="field">
            <label for="opt-in">${t('inOut')}</label>
            <select id="opt-in" name="optIn">
              ${choice('', filter.optIn, t('all'))} ${choice('true', filter.optIn, t('optIn'))}
              ${choice('false', filter.optIn, t('optOut'))}
            </select>
          </div>
          <div class="field">
            <label for="soft">${t('soft')}</label>
            <select id="soft" name="soft">
              ${choice('', filter.soft, t('all'))} ${choice('true', filter.soft, t('yes'))}
              ${choice('false', filter.soft, t('no'))}
            </select>
          </div>
        </div>
        <div class="actions">
          <button type="submit">${t('applyFilter')}</button>
          <a class="button secondary" href=${apiUrl('/consent-records.csv', { ...filter })} download
            >${t('exportCsv')}</a
          >
        </div>
      </form>
      <p class="error" role="alert">${this.failure}</p>
      ${this.table()}`
  }

  private label(key: string) {
    return localised(this.types.find((type) => type.key === key)?.labels) || key
  }

  private table() {
    const records = this.records
    if (records === null) return html`<p role="status">${t('loading')}</p>`
    if (records.length === 0) return html`<p role="status">${t('noRecords')}</p>`
    return html`<p role="status" class="muted">${tCount('recordsShown', records.length)}</p>
      ${consentRecordTable({
        records,
        regionLabel: t('navLedger'),
        typeLabel: (key) => this.label(key),
        withNumberAndPerson: true,
      })}
      ${
        this.nextAfterId !== null
          ? html`<button
              type="button"
              class="secondary"
              @click=${() => this.load(this.nextAfterId!)}
            >
              ${t('loadMore')}
            </button>`
          : nothing
      }`
  }

  private applyFilter(event: SubmitEvent) {
    event.preventDefault()
    const form = new FormData(event.target as HTMLFormElement)
    const filter: LedgerFilter = {}
    for (const name of filterNames) {
      const value = String(form.get(name) ?? '')
      if (value) filter[name] = value
    }
    this.filter = filter

    // The filter lives in the URL, so a reload or a shared link shows the same records.
    const search = new URLSearchParams(filter as Record<string, string>).toString()
    history.replaceState(null, '', `${location.pathname}${search ? `?${search}` : ''}`)
    void this.load()
  }
}

function filterFromUrl(): LedgerFilter {
  const search = new URLSearchParams(location.search)
  const filter: LedgerFilter = {}
  for (const name of filterNames) {
    const value = search.get(name)
    if (value) filter[name] = value
  }
  return filter
}

customElements.define('smp-ledger', SmpLedger)
