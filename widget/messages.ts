/** Interface texts of the widget in Dutch (the default) and English. */

const nl = {
  legend: 'Welke berichten wilt u ontvangen?',
  loading: 'Bezig met laden…',
  empty: 'Er zijn geen voorkeuren om in te stellen.',
  save: 'Opslaan',
  saving: 'Bezig met opslaan…',
  saved: 'Voorkeuren opgeslagen',
  unchanged: 'U heeft niets gewijzigd.',
  on: 'aan',
  off: 'uit',
  unsubscribe: 'Overal afmelden',
  question:
    'Wilt u zich echt overal voor afmelden? U ontvangt dan geen van de berichten meer ' +
    'die u hier kunt kiezen.',
  confirm: 'Ja, meld mij overal af',
  cancel: 'Annuleren',
  unsubscribed: 'U bent overal afgemeld.',
  email: 'E-mailadres',
  emailMissing: 'Vul uw e-mailadres in.',
  emailInvalid: 'Dit is geen geldig e-mailadres. Bijvoorbeeld: naam@voorbeeld.nl',
  typesMissing: 'Kies ten minste één onderwerp.',
  signUp: 'Aanmelden',
  signedUp:
    'Bijna klaar! Kijk in uw inbox: wij hebben u een e-mail gestuurd met een link om ' +
    'verder te gaan.',
  expired: 'Deze link is verlopen.',
  invalid: 'Deze link is ongeldig. Gebruik de link in onze meest recente e-mail.',
  renew: 'Stuur mij een nieuwe link',
  renewed: 'Wij hebben u een nieuwe link gestuurd. Kijk in uw inbox.',
  offline: 'De server is niet bereikbaar. Uw keuzes blijven bewaard; probeer het opnieuw.',
  failed: 'Er ging iets mis. Uw keuzes blijven bewaard; probeer het opnieuw.',
  retry: 'Opnieuw proberen',
  privacy: 'Privacyverklaring',
}

export type Messages = typeof nl
export type MessageKey = keyof Messages

const en: Messages = {
  legend: 'Which messages would you like to receive?',
  loading: 'Loading…',
  empty: 'There are no preferences to set.',
  save: 'Save',
  saving: 'Saving…',
  saved: 'Preferences saved',
  unchanged: 'You have not changed anything.',
  on: 'on',
  off: 'off',
  unsubscribe: 'Unsubscribe from everything',
  question:
    'Do you really want to unsubscribe from everything? You will no longer receive any of ' +
    'the messages you can choose here.',
  confirm: 'Yes, unsubscribe me from everything',
  cancel: 'Cancel',
  unsubscribed: 'You have been unsubscribed from everything.',
  email: 'Email address',
  emailMissing: 'Please enter your email address.',
  emailInvalid: 'This is not a valid email address. For example: name@example.org',
  typesMissing: 'Choose at least one subject.',
  signUp: 'Sign up',
  signedUp: 'Almost done! Check your inbox: we have sent you an email with a link to continue.',
  expired: 'This link has expired.',
  invalid: 'This link is not valid. Use the link in our most recent email.',
  renew: 'Send me a new link',
  renewed: 'We have sent you a new link. Please check your inbox.',
  offline: 'The server cannot be reached. Your choices are kept; please try again.',
  failed: 'Something went wrong. Your choices are kept; please try again.',
  retry: 'Try again',
  privacy: 'Privacy statement',
}

export const messages = { nl, en }
export type Language = keyof typeof messages

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
