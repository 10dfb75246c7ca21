/**
 * A table of consent records, as the customer card's history and the whole ledger show them.
 * The ledger adds the record's number and the person; on narrow screens rows become cards.
 */
import { html, nothing, type TemplateResult } from 'lit'
import type { ConsentRecord } from '../api.ts'
import { formatDateTime, t } from '../i18n.ts'
import { personPath } from '../router.ts'
import { channelName } from './channelName.ts'
import { yesNo } from './yesNo.ts'

export function consentRecordTable(options: {
  records: ConsentRecord[]
  /** The accessible name of the scrolling region. */
  regionLabel: string
  typeLabel: (key: string) => string
  /** Adds the record's number and a link to its person, for the ledger of everyone. */
  withNumberAndPerson?: boolean
}): TemplateResult {
  const wide = options.withNumberAndPerson === true
  const columns = {
    ...(wide ? { number: t('number') } : {}),
    recordedAt: t('recordedAt'),
    ...(wide ? { person: t('person') } : {}),
    type: t('type'),
    inOut: t('inOut'),
    channel: t('channel'),
    description: t('description'),
    soft: t('soft'),
    contactMoment: t('contactMoment'),
  }

  const row = (record: ConsentRecord) =>
    html`<tr>
      ${wide ? html`<td data-label=${t('number')}>${record.id}</td>` : nothing}
      <td data-label=${columns.recordedAt}>${formatDateTime(record.recordedAt)}</td>
      ${wide ? html`<td data-label=${t('person')}>${personLink(record)}</td>` : nothing}
      <td data-label=${columns.type}>${options.typeLabel(record.type)}</td>
      <td data-label=${columns.inOut} class=${record.optIn ? 'in' : 'out'}>
        ${record.optIn ? t('optIn') : t('optOut')}
      </td>
      <td data-label=${columns.channel}>${channelName(record.channel)}</td>
      <td data-label=${columns.description}>${record.description}</td>
      <td data-label=${columns.soft}>${yesNo(record.soft)}</td>
      <td data-label=${columns.contactMoment}>${record.contactMomentId ?? '–'}</td>
    </tr>`

  return html`<div class="table-wrap" role="region" aria-label=${options.regionLabel} tabindex="0">
    <table class="stack">
      <thead>
        <tr>
          ${Object.values(columns).map((name) => html`<th scope="col">${name}</th>`)}
        </tr>
      </thead>
      <tbody>
        ${options.records.map(row)}
      </tbody>
    </table>
  </div>`
}

function personLink(record: ConsentRecord) {
  if (!record.personId) return nothing
  return html`<a href=${personPath(record.personId)}
    >${t('personNumber', { id: record.personId })}</a
  >`
}
