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
    v.regex(/^[1-9][0-9]{0,15}$/, 'Use a positive whole number.'),
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
