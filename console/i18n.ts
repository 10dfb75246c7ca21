/** The console's interface language: Dutch by default, English on request, kept in localStorage. */
import { type MessageKey, messages } from './messages.ts'

export type Language = 'nl' | 'en'

const storageKey = 'smp-console-language'
const listeners = new Set<() => void>()

let current: Language = readStoredLanguage()
document.documentElement.lang = current

function readStoredLanguage(): Language {
  try {
    return localStorage.getItem(storageKey) === 'en' ? 'en' : 'nl'
  } catch {
    return 'nl'
  }
}

export function language(): Language {
  return current
}

export function setLanguage(next: Language): void {
  current = next
  document.documentElement.lang = next
  try {
    localStorage.setItem(storageKey, next)
  } catch {
    // Private windows may refuse storage; the choice then lasts until reload.
  }
  for (const listener of listeners) listener()
}

/** Calls `listener` after every change of language; returns the function that stops it. */
export function onLanguageChange(listener: () => void): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** The text for `key` in the current language, with `{name}` placeholders filled in. */
export function t(key: MessageKey, values: Record<string, string | number> = {}): string {
  const text: string = messages[current][key]
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole))
}

/** Keys that come as a pair, `{name}_one` and `{name}_other`, for a count. */
type CountedKey = MessageKey extends infer Key
  ? Key extends `${infer Name}_one`
    ? Name
    : never
  : never

const pluralRules = { nl: new Intl.PluralRules('nl-NL'), en: new Intl.PluralRules('en-GB') }

/** The singular or plural text for `count` ("1 persoon", "3 personen"), `{count}` filled in. */
export function tCount(
  key: CountedKey,
  count: number,
  values: Record<string, string | number> = {},
): string {
  const form = pluralRules[current].select(count) === 'one' ? 'one' : 'other'
  return t(`${key}_${form}` as MessageKey, { ...values, count })
}

/** A label kept per language, as opt-in types have them: the English one falls back to Dutch. */
export function localised(text: { nl: string; en?: string } | null | undefined): string {
  if (!text) return ''
  return current === 'en' && text.en ? text.en : text.nl
}

const dateTimeFormats = {
  nl: new Intl.DateTimeFormat('nl-NL', { dateStyle: 'medium', timeStyle: 'short' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' }),
}
const dateFormats = {
  nl: new Intl.DateTimeFormat('nl-NL', { dateStyle: 'medium' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium' }),
}

export function formatDateTime(iso: string | null | undefined): string {
  return iso ? dateTimeFormats[current].format(new Date(iso)) : ''
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? dateFormats[current].format(new Date(iso)) : ''
}
