/** Valibot building blocks shared by several route modules. */
import * as v from 'valibot'
import { languages } from '../../db/schema/index.ts'

export const languageSchema = v.picklist(languages, 'Use "nl" or "en".')

export const languageQuery = v.object({
  lang: v.optional(languageSchema, 'nl'),
})

export const optInTypeKey = v.pipe(
  v.string(),
  v.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'Use lower-case letters, digits and dashes (at most 63).'),
)

/** A numeric id in a path segment. */
export const idParam = v.object({
  id: v.pipe(
    v.string(),
    v.regex(/^[1-9][0-9]{0,14}$/, 'Use a positive whole number.'),
    v.transform(Number),
  ),
})

/** Text a person saw or an operator wrote: trimmed, not empty, bounded. */
export function boundedText(maxLength: number) {
  return v.pipe(
    v.string(),
    v.trim(),
    v.nonEmpty('Must not be empty.'),
    v.maxLength(maxLength, `Use at most ${maxLength} characters.`),
  )
}

/** A whole number that fits a bigint id column and survives JSON as a number. */
export const idNumber = v.pipe(
  v.number(),
  v.integer('Use a whole number.'),
  v.minValue(1, 'Use a positive number.'),
  v.maxValue(Number.MAX_SAFE_INTEGER, 'This number is too large to be an id.'),
)

/** A calendar date as YYYY-MM-DD that really exists (no 31 February, no year 0). */
export const calendarDate = v.pipe(
  v.string(),
  v.isoDate('Use YYYY-MM-DD.'),
  v.check((value) => {
    const date = new Date(`${value}T00:00:00Z`)
    return date.getUTCFullYear() >= 1 && date.toISOString().startsWith(value)
  }, 'This date does not exist.'),
)

/**
 * A day to filter or chart by. Bounded so that the day after it, or ninety days before it,
 * is still a timestamp PostgreSQL can hold.
 */
export const reportingDate = v.pipe(
  calendarDate,
  v.check(
    (value) => value >= '1900-01-01' && value <= '9998-12-31',
    'Use a date from 1900 to 9998.',
  ),
)
