/** The product's own mails, in Dutch and English, as text and simple HTML. */
import type { Language } from '../../db/schema/index.ts'
import { escapeHtml } from '../pages/escapeHtml.ts'

export interface MailContent {
  subject: string
  text: string
  html: string
}

interface MailWording {
  subject: string
  greeting: string
  body: string
  action: string
  closing: string
}

const wording = {
  'sign-up-confirmation': {
    nl: {
      subject: 'Bevestig uw aanmelding',
      greeting: 'Hallo,',
      body: 'U hebt zich aangemeld bij {site}. Bevestig uw aanmelding via de link hieronder. Zonder bevestiging sturen wij u niets.',
      action: 'Aanmelding bevestigen',
      closing: 'Hebt u zich niet aangemeld? Dan kunt u deze mail negeren.',
    },
    en: {
      subject: 'Please confirm your sign-up',
      greeting: 'Hello,',
      body: 'You signed up at {site}. Please confirm through the link below. Without confirmation we will send you nothing.',
      action: 'Confirm sign-up',
      closing: 'Did not sign up? Then you can ignore this mail.',
    },
  },
  'manage-preferences': {
    nl: {
      subject: 'Uw e-mailvoorkeuren',
      greeting: 'Hallo,',
      body: 'Iemand heeft zich met dit adres aangemeld bij {site}. U staat al bij ons ingeschreven; via de link hieronder beheert u zelf welke berichten u ontvangt.',
      action: 'Voorkeuren beheren',
      closing: 'Was u dit niet? Dan hoeft u niets te doen.',
    },
    en: {
      subject: 'Your email preferences',
      greeting: 'Hello,',
      body: 'Someone signed up at {site} with this address. You are already registered with us; through the link below you choose which messages you receive.',
      action: 'Manage preferences',
      closing: 'Was this not you? Then you need not do anything.',
    },
  },
  'fresh-preference-link': {
    nl: {
      subject: 'Uw nieuwe link voor uw voorkeuren',
      greeting: 'Hallo,',
      body: 'U vroeg om een nieuwe link naar uw e-mailvoorkeuren bij {site}.',
      action: 'Voorkeuren beheren',
      closing: 'Hebt u hier niet om gevraagd? Dan kunt u deze mail negeren.',
    },
    en: {
      subject: 'Your new preferences link',
      greeting: 'Hello,',
      body: 'You asked for a new link to your email preferences at {site}.',
      action: 'Manage preferences',
      closing: 'Did not ask for this? Then you can ignore this mail.',
    },
  },
} satisfies Record<string, Record<Language, MailWording>>

export type MailPurpose = keyof typeof wording

export function composeMail(
  purpose: MailPurpose,
  language: Language,
  values: { link: string; siteName: string },
): MailContent {
  const words = wording[purpose][language]
  const body = words.body.replace('{site}', values.siteName)

  return {
    subject: words.subject,
    text: [words.greeting, '', body, '', `${words.action}: ${values.link}`, '', words.closing].join(
      '\n',
    ),
    html: [
      `<p>${escapeHtml(words.greeting)}</p>`,
      `<p>${escapeHtml(body)}</p>`,
      `<p><a href="${escapeHtml(values.link)}">${escapeHtml(words.action)}</a></p>`,
      `<p>${escapeHtml(words.closing)}</p>`,
    ].join('\n'),
  }
}
