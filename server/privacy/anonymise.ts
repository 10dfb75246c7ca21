/**
 * Anonymisation (SPEC §5): irreversibly removes or replaces everything that leads back to a
 * person, in one transaction, everywhere the platform keeps it. What remains (consent records,
 * amounts, counts) can still serve statistics but names nobody.
 */
import { and, eq, isNull, or, sql } from 'drizzle-orm'
import type { Database, Transaction } from '../../db/client.ts'
import { anonymisedDescription, anonymiseLedgerDescriptions } from '../../db/ledgerAnonymisation.ts'
import {
  bounceEvents,
  documents,
  donations,
  outboxMails,
  payments,
  persons,
  signUpRequests,
  trackingEvents,
} from '../../db/schema/index.ts'
import { recordAudit } from '../audit/auditTrail.ts'
import { PersonNotFoundError } from '../consent/errors.ts'

export class PersonAlreadyAnonymisedError extends Error {
  override name = 'PersonAlreadyAnonymisedError'

  constructor(
    readonly personId: number,
    readonly anonymisedAt: Date | null,
  ) {
    super(`Person ${personId} was anonymised already, at ${anonymisedAt?.toISOString()}.`)
  }
}

/** Consent descriptions written by operators, which may say something about the person. */
const operatorChannels = ['manual', 'telephone', 'letter'] as const

export type AnonymisationReason = 'operator' | 'retention' | 'erasure'

export async function anonymisePerson(
  db: Database,
  personId: number,
  context: { reason: AnonymisationReason; apiKeyId: number | null; now: Date },
): Promise<{ anonymisedAt: Date }> {
  return db.transaction((tx) => anonymiseInTransaction(tx, personId, context))
}

/** The same inside a transaction the caller holds (erasure adds its tombstone to it). */
export async function anonymiseInTransaction(
  tx: Transaction,
  personId: number,
  context: { reason: AnonymisationReason; apiKeyId: number | null; now: Date },
): Promise<{ anonymisedAt: Date }> {
  const [person] = await tx
    .select({ email: persons.email, anonymised: persons.anonymised, at: persons.anonymisedAt })
    .from(persons)
    .where(eq(persons.id, personId))
    .for('update')
  if (!person) throw new PersonNotFoundError(personId)
  if (person.anonymised) throw new PersonAlreadyAnonymisedError(personId, person.at)

  await clearPersonalFields(tx, personId, context.now)
  await clearTransactions(tx, personId)
  await clearTrails(tx, personId, person.email)
  await anonymiseLedgerDescriptions(tx, personId, [...operatorChannels])
  await recordAudit(
    tx,
    [
      {
        action: 'person-anonymised',
        personId,
        apiKeyId: context.apiKeyId,
        details: { reason: context.reason },
      },
    ],
    context.now,
  )

  return { anonymisedAt: context.now }
}

async function clearPersonalFields(tx: Transaction, personId: number, now: Date) {
  await tx
    .update(persons)
    .set({
      firstName: null,
      infix: null,
      lastName: null,
      street: null,
      houseNumber: null,
      postalCode: null,
      city: null,
      email: null,
      emailValidity: 'unknown',
      phone: null,
      mobilePhone: null,
      iban: null,
      bsn: null,
      birthDate: null,
      anonymised: true,
      anonymisedAt: now,
    })
    .where(eq(persons.id, personId))
}

/** Amounts and dates stay for statistics; bank accounts and documents go. */
async function clearTransactions(tx: Transaction, personId: number) {
  await tx.delete(documents).where(eq(documents.personId, personId))
  await tx.update(donations).set({ iban: null }).where(eq(donations.personId, personId))
  await tx.update(payments).set({ iban: null }).where(eq(payments.personId, personId))
}

/** Everything else that names the person or their address: by person, or by the address. */
async function clearTrails(tx: Transaction, personId: number, email: string | null) {
  const sameAddress = (
    column:
      typeof outboxMails.recipient | typeof bounceEvents.recipient | typeof signUpRequests.email,
  ) => (email ? sql`lower(${column}) = lower(${email})` : sql`false`)

  await tx
    .update(trackingEvents)
    .set({ ipAddress: null, userAgent: null })
    .where(eq(trackingEvents.personId, personId))
  await tx
    .update(bounceEvents)
    .set({ recipient: null, payload: null, diagnostic: null })
    .where(or(eq(bounceEvents.personId, personId), sameAddress(bounceEvents.recipient)))
  await tx
    .update(outboxMails)
    .set({ recipient: anonymisedDescription, subject: anonymisedDescription, text: '', html: '' })
    .where(or(eq(outboxMails.personId, personId), sameAddress(outboxMails.recipient)))
  await tx
    .update(signUpRequests)
    .set({ email: anonymisedDescription })
    .where(
      or(
        eq(signUpRequests.personId, personId),
        and(isNull(signUpRequests.personId), sameAddress(signUpRequests.email)),
      ),
    )
}
