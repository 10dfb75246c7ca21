/** Picks the text for the requested language, falling back to Dutch. */
import type { Language, LocalisedText } from '../../db/schema/index.ts'

export function localise(text: LocalisedText, language: Language): string {
  return (language === 'en' ? text.en : undefined) || text.nl
}
