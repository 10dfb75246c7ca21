/** Interface texts of the widget in Dutch (the default) and English. */

export const languages = ['nl', 'en'] as const
export type Language = (typeof languages)[number]

export interface Messages {
  legend: string
  loading: string
  empty: string
  save: string
  saving: string
  saved: string
  unchanged: string
  expired: string
  offline: string
  failed: string
  retry: string
  privacy: string
}

export const messages: Record<Language, Messages> = {
  nl: {
    legend: 'Welke berichten wilt u ontvangen?',
    loading: 'Uw voorkeuren worden geladen…',
    empty: 'Er zijn geen voorkeuren om in te stellen.',
    save: 'Opslaan',
    saving: 'Bezig met opslaan…',
    saved: 'Voorkeuren opgeslagen',
    unchanged: 'U heeft niets gewijzigd.',
    expired:
      'Deze link is verlopen of ongeldig. Gebruik de link in onze meest recente e-mail, ' +
      'of vraag ons om een nieuwe.',
    offline: 'De server is niet bereikbaar. Uw keuzes blijven bewaard; probeer het opnieuw.',
    failed: 'Er ging iets mis. Uw keuzes blijven bewaard; probeer het opnieuw.',
    retry: 'Opnieuw proberen',
    privacy: 'Privacyverklaring',
  },
  en: {
    legend: 'Which messages would you like to receive?',
    loading: 'Loading your preferences…',
    empty: 'There are no preferences to set.',
    save: 'Save',
    saving: 'Saving…',
    saved: 'Preferences saved',
    unchanged: 'You have not changed anything.',
    expired:
      'This link has expired or is invalid. Use the link in our most recent email, ' +
      'or ask us for a new one.',
    offline: 'The server cannot be reached. Your choices are kept; please try again.',
    failed: 'Something went wrong. Your choices are kept; please try again.',
    retry: 'Try again',
    privacy: 'Privacy statement',
  },
}

/**
 * The language to speak: the element's own `lang` when supported, else the page's, else
 * Dutch. Only the primary subtag counts, so `en-GB` speaks English.
 */
export function pickLanguage(own: string | undefined, page: string): Language {
  for (const candidate of [own, page]) {
    const primary = candidate?.toLowerCase().split('-')[0]
    if (primary === 'nl' || primary === 'en') return primary
  }
  return 'nl'
}
