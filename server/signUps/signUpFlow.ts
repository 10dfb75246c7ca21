/**
 * Double opt-in sign-up (SPEC §9, issue 3): a visitor gives an address and ticks types;
 * nothing is recorded until the link mailed to that address is followed. An address we
 * already know gets a link to its preferences instead, so nobody can see or change another
 * person's preferences by typing their address, and the answer on screen is the same.
 */
import { createHash, randomBytes } from 'node:crypto'
import { and, eq, sql } from 'drizzle-orm'
import type { Database, Executor } from '../../db/client.ts'
import {
  type ConsentChannel,
  type Language,
  persons,
  type Site,
  type SignUpChoice,
  type SignUpRequest,
  signUpRequests,
} from '../../db/schema/index.ts'
import type { Clock } from '../clock.ts'
import { appendConsentRecords } from '../consent/recordConsent.ts'
import type { Mailer } from '../mail/mailer.ts'
import { mayMailOnRequest } from '../mail/mailThrottle.ts'
import { composeMail } from '../mail/templates.ts'
import { grantOnSignUp } from '../queries/grantOnSignUp.ts'
import { listOptInTypes } from '../optInTypes/repository.ts'
import { insertPerson } from '../persons/repository.ts'
import { sendFreshPreferenceLink } from '../preferences/freshLink.ts'
import { isSignUpType } from './signUpTypes.ts'

export const signUpLifetimeDays = 7

export interface SignUpDependencies {
  db: Database
  clock: Clock
  secret: string
  publicUrl: string
  mailer: Mailer
}

export async function requestSignUp(
  deps: SignUpDependencies,
  request: {
    site: Site
    email: string
    language: Language
    channel: ConsentChannel
    choices: SignUpChoice[]
  },
): Promise<void> {
  const known = await findPersonByEmail(deps.db, request.email)
  if (known) {
    await sendFreshPreferenceLink(deps, {
      personId: known.id,
      language: request.language,
      site: request.site,
      purpose: 'manage-preferences',
    })
    return
  }

  const now = deps.clock()
  if (!(await mayMailOnRequest(deps.db, request.email, now))) return

  const token = randomBytes(32).toString('base64url')
  await deps.db.insert(signUpRequests).values({
    siteId: request.site.id,
    email: request.email,
    language: request.language,
    channel: request.channel,
    choices: request.choices,
    tokenHash: hashToken(token),
    createdAt: now,
    expiresAt: new Date(now.getTime() + signUpLifetimeDays * 86_400_000),
  })

  const content = composeMail('sign-up-confirmation', request.language, {
    link: `${deps.publicUrl}/confirm/${token}`,
    siteName: request.site.name,
  })
  await deps.mailer.send({
    purpose: 'sign-up-confirmation',
    personId: null,
    to: request.email,
    ...content,
  })
}

export type ConfirmationOutcome =
  | { status: 'confirmed' | 'already-confirmed'; personId: number; language: Language }
  | { status: 'expired'; language: Language }
  | { status: 'unknown' }

/** Looks a confirmation token up without changing anything, for the page that asks to confirm. */
export async function findSignUpRequest(
  db: Executor,
  token: string,
): Promise<SignUpRequest | null> {
  const [request] = await db
    .select()
    .from(signUpRequests)
    .where(eq(signUpRequests.tokenHash, hashToken(token)))
  return request ?? null
}

/**
 * Records the hard opt-ins of a sign-up, once: the request row is locked, so two clicks at
 * the same moment cannot both record them. Types set to "grant on sign-up" get their soft
 * opt-in in the same transaction.
 */
export async function confirmSignUp(
  deps: SignUpDependencies,
  token: string,
): Promise<ConfirmationOutcome> {
  return deps.db.transaction(async (tx) => {
    const [request] = await tx
      .select()
      .from(signUpRequests)
      .where(eq(signUpRequests.tokenHash, hashToken(token)))
      .for('update')
    if (!request) return { status: 'unknown' }

    const language = request.language
    const now = deps.clock()
    if (request.expiresAt.getTime() <= now.getTime()) return { status: 'expired', language }
    if (request.confirmedAt && request.personId) {
      return { status: 'already-confirmed', personId: request.personId, language }
    }

    // One address, one person: sign-ups for the same address confirmed at once must not
    // each create a person.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(lower(${request.email})))`)

    const person =
      (await findPersonByEmail(tx, request.email)) ??
      (await insertPerson(tx, { email: request.email, language, createdAt: now }))

    const stillOffered = new Set(
      (await listOptInTypes(tx, { activeOnly: true })).filter(isSignUpType).map((type) => type.id),
    )
    const signedUp = await appendConsentRecords(
      tx,
      request.choices
        .filter((choice) => stillOffered.has(choice.optInTypeId))
        .map((choice) => ({
          personId: person.id,
          optInTypeId: choice.optInTypeId,
          optIn: true,
          soft: false,
          channel: request.channel,
          description: choice.labelText,
        })),
      deps.clock,
    )
    if (signedUp.length > 0) await grantOnSignUp(tx, person.id, deps.clock)
    await tx
      .update(signUpRequests)
      .set({ confirmedAt: now, personId: person.id })
      .where(eq(signUpRequests.id, request.id))

    return { status: 'confirmed', personId: person.id, language }
  })
}

async function findPersonByEmail(db: Executor, email: string) {
  const [person] = await db
    .select({ id: persons.id })
    .from(persons)
    .where(and(sql`lower(${persons.email}) = lower(${email})`, eq(persons.anonymised, false)))
    .orderBy(persons.id)
    .limit(1)
  return person ?? null
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}
