/**
 * The portability export as one CSV file (RFC 4180), in a long layout that fits every section
 * into the same four columns:
 *
 *     section,record,field,value
 *     person,1,lastName,Brouwersma
 *     donations,2,amountCents,5000
 *     consentRecords,1,typeLabel.nl,Nieuwsbrief
 *
 * - `section` is a top-level key of the JSON export (`export` holds its own metadata).
 * - `record` numbers the entries of a section from 1; single-entry sections use 1.
 * - `field` is the JSON field; nested values are flattened as `typeLabel.nl`, `choices[0].labelText`.
 * - `value` is the text of the value: `true`/`false` for flags, empty for null. A value that
 *   would start a spreadsheet formula (= + - @, tab or carriage return) gets a leading `'`.
 *
 * Lines end in CRLF, the file is UTF-8 without byte-order mark, and document contents are
 * only in the JSON export.
 */
import { csvCell, defuseFormula } from '../http/csv.ts'
import type { PersonalData } from './personalData.ts'

export const csvColumns = ['section', 'record', 'field', 'value'] as const

export function personalDataToCsv(data: PersonalData): string {
  const lines = [csvColumns.join(',')]
  for (const row of csvRows(data)) lines.push(row.map(csvCell).join(','))

  return `${lines.join('\r\n')}\r\n`
}

function* csvRows(data: PersonalData): Generator<string[]> {
  const { formatVersion, generatedAt, organisation, person, retention, ...lists } = data

  yield* recordRows('export', 1, { formatVersion, generatedAt, organisation })
  yield* recordRows('person', 1, person)
  yield* recordRows('retention', 1, retention)
  for (const [section, entries] of Object.entries(lists)) {
    for (const [index, entry] of entries.entries()) yield* recordRows(section, index + 1, entry)
  }
}

function* recordRows(section: string, record: number, value: unknown): Generator<string[]> {
  for (const [field, text] of flatten(value, '')) {
    yield [section, String(record), field, defuseFormula(text)]
  }
}

/** Every scalar inside a value, with its path; empty objects and arrays leave no row. */
function* flatten(value: unknown, path: string): Generator<[string, string]> {
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) yield* flatten(item, `${path}[${index}]`)
    return
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      yield* flatten(item, path ? `${path}.${key}` : key)
    }
    return
  }

  yield [path, value === null || value === undefined ? '' : String(value)]
}
