/**
 * Everything a mail system needs to send one recipient their copy: the signed links and the
 * List-Unsubscribe headers of RFC 2369 and RFC 8058.
 */
import type { Language } from '../../db/schema/index.ts'
import { contactMomentHeader } from '../bounces/deliveryEvent.ts'
import { preferencePageUrl } from '../preferences/preferenceLinks.ts'
import { signLinkToken } from '../tokens/linkToken.ts'
import { signPersonToken } from '../tokens/personToken.ts'

export interface LinkSettings {
  secret: string
  publicUrl: string
  /** How long links in a mailing keep working; unsubscribe links must last (default a year). */
  linkLifetimeDays: number
}

export interface Recipient {
  personId: number
  email: string
  language: Language
  contactMomentId: number
}

export function recipientLinks(
  recipient: Recipient,
  mailingLinks: string[],
  settings: LinkSettings,
  now: Date,
) {
  const expiresAt = new Date(now.getTime() + settings.linkLifetimeDays * 86_400_000)
  const claims = { contactMomentId: recipient.contactMomentId, expiresAt }
  const base = settings.publicUrl
  const personToken = signPersonToken(
    { personId: recipient.personId, contactMomentId: recipient.contactMomentId, expiresAt },
    settings.secret,
  )
  const unsubscribeUrl = `${base}/u/${signLinkToken('unsubscribe', claims, settings.secret)}`

  return {
    ...recipient,
    preferenceUrl: preferencePageUrl(base, personToken, recipient.language),
    unsubscribeUrl,
    openPixelUrl: `${base}/t/o/${signLinkToken('open', claims, settings.secret)}`,
    clickUrls: Object.fromEntries(
      mailingLinks.map((url) => [url, trackedClickUrl(base, claims, settings.secret, url)]),
    ),
    headers: {
      'List-Unsubscribe': `<${unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      // Bounce reports quote these, which links a bounce to its contact moment.
      'Message-ID': `<cm.${recipient.contactMomentId}@${new URL(base).hostname}>`,
      [contactMomentHeader]: String(recipient.contactMomentId),
    },
  }
}

export type RecipientLinks = ReturnType<typeof recipientLinks>

function trackedClickUrl(
  base: string,
  claims: { contactMomentId: number; expiresAt: Date },
  secret: string,
  url: string,
): string {
  const token = signLinkToken('click', claims, secret, url)
  return `${base}/t/c/${token}?u=${encodeURIComponent(url)}`
}
