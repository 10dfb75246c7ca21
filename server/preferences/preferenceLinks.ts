/** Preference links: a signed token for one person, optionally tied to one contact moment. */
import { and, eq } from 'drizzle-orm'
import type { Executor } from '../../db/client.ts'
import { contactMoments, type Language } from '../../db/schema/index.ts'
import { ContactMomentMismatchError } from '../consent/errors.ts'
import { signPersonToken } from '../tokens/personToken.ts'

export const defaultLinkLifetimeDays = 60

export interface PreferenceLink {
  token: string
  url: string
  expiresAt: string
}

export async function mintPreferenceLink(
  db: Executor,
  request: {
    personId: number
    contactMomentId: number | null
    lifetimeDays: number
    now: Date
    /** The language the hosted page opens in. */
    language: Language
  },
  settings: { secret: string; publicUrl: string },
): Promise<PreferenceLink> {
  if (request.contactMomentId !== null) {
    await requireContactMomentOf(db, request.contactMomentId, request.personId)
  }

  const expiresAt = new Date(request.now.getTime() + request.lifetimeDays * 86_400_000)
  const token = signPersonToken(
    { personId: request.personId, contactMomentId: request.contactMomentId, expiresAt },
    settings.secret,
  )

  return {
    token,
    url: preferencePageUrl(settings.publicUrl, token, request.language),
    expiresAt: expiresAt.toISOString(),
  }
}

/** The hosted preference page for a token, opening in the person's language. */
export function preferencePageUrl(publicUrl: string, token: string, language: Language): string {
  return `${publicUrl}/p/${token}?lang=${language}`
}

async function requireContactMomentOf(
  db: Executor,
  contactMomentId: number,
  personId: number,
): Promise<void> {
  const [moment] = await db
    .select({ id: contactMoments.id })
    .from(contactMoments)
    .where(and(eq(contactMoments.id, contactMomentId), eq(contactMoments.personId, personId)))
  if (!moment) throw new ContactMomentMismatchError(contactMomentId, personId)
}
