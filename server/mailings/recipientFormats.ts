/** Recipient lines as NDJSON or CSV, so a mail system can read them while they stream. */
import { csvLine } from '../http/csv.ts'
import type { RecipientLinks } from './recipientLinks.ts'

export const recipientFormats = ['ndjson', 'csv'] as const
export type RecipientFormat = (typeof recipientFormats)[number]

export const contentTypes: Record<RecipientFormat, string> = {
  ndjson: 'application/x-ndjson; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
}

const csvColumns = [
  'email',
  'person_id',
  'contact_moment_id',
  'language',
  'preference_url',
  'unsubscribe_url',
  'open_pixel_url',
  'list_unsubscribe',
  'list_unsubscribe_post',
  'click_urls',
] as const

export function csvHeader(): string {
  return `${csvColumns.join(',')}\r\n`
}

export function formatRecipient(format: RecipientFormat, recipient: RecipientLinks): string {
  if (format === 'ndjson') return `${JSON.stringify(recipient)}\n`

  const cells = [
    recipient.email,
    String(recipient.personId),
    String(recipient.contactMomentId),
    recipient.language,
    recipient.preferenceUrl,
    recipient.unsubscribeUrl,
    recipient.openPixelUrl,
    recipient.headers['List-Unsubscribe'],
    recipient.headers['List-Unsubscribe-Post'],
    JSON.stringify(recipient.clickUrls),
  ]
  return csvLine(cells)
}
