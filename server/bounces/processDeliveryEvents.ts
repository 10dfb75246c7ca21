/**
 * Applies delivery events (SPEC §7): each bounce since the last delivery counts, the third in
 * a row makes the person a bouncer (not mailable); auto-replies and other non-bounces are kept
 * but not counted; a complaint opts the person out of the mailing's type.
 *
 * The count is derived from the stored events, not incremented, so events that arrive twice
 * or out of order give the same answer, and the person's row is locked before it is derived,
 * so concurrent batches for one person are all counted.
 */
import { and, eq, inArray, sql } from 'drizzle-orm'
import type { Database, Transaction } from '../../db/client.ts'
import { bounceEvents, contactMoments, mailings, persons } from '../../db/schema/index.ts'
import { recordAudit } from '../audit/auditTrail.ts'
import type { Clock } from '../clock.ts'
import { appendConsentRecords } from '../consent/recordConsent.ts'
import { normaliseEmail } from '../persons/emailAddress.ts'
import { contactMomentFromMessageId, type DeliveryEvent } from './deliveryEvent.ts'

export const bouncesThatMakeABouncer = 3

export interface ProcessingSummary {
  received: number
  /** Delivered before (providers retry): stored once, not counted again. */
  duplicates: number
  /** No person could be found; kept so the provider stops retrying. */
  unmatched: number
  ignored: number
  newBouncers: number
}

export async function processDeliveryEvents(
  db: Database,
  provider: string,
  events: DeliveryEvent[],
  clock: Clock,
): Promise<ProcessingSummary> {
  const links = await linkToPersons(db, events)

  return db.transaction(async (tx) => {
    const receivedAt = clock()
    const stored = await tx
      .insert(bounceEvents)
      .values(
        events.map((event, index) => ({
          provider,
          providerEventId: event.providerEventId,
          kind: event.kind,
          bounceType: event.kind === 'bounce' ? (event.bounceType ?? 'soft') : null,
          recipient: event.recipient,
          personId: links[index]!.personId,
          contactMomentId: links[index]!.contactMomentId,
          matched: links[index]!.personId !== null,
          diagnostic: event.diagnostic?.slice(0, 1000) ?? null,
          payload: event.payload ?? null,
          occurredAt: event.occurredAt,
          receivedAt,
        })),
      )
      .onConflictDoNothing({ target: [bounceEvents.provider, bounceEvents.providerEventId] })
      .returning()

    const counted = stored.filter((row) => row.kind === 'bounce' || row.kind === 'delivery')
    const newBouncers = await recountBounces(tx, uniqueIds(counted.map((row) => row.personId)))
    await recordAudit(
      tx,
      newBouncers.map((personId) => ({
        action: 'bouncer-set',
        personId,
        apiKeyId: null,
        details: { consecutiveBounces: bouncesThatMakeABouncer, provider },
      })),
      receivedAt,
    )
    await optOutComplaints(
      tx,
      stored.filter((row) => row.kind === 'complaint'),
      clock,
    )

    return {
      received: events.length,
      duplicates: events.length - stored.length,
      unmatched: stored.filter((row) => !row.matched).length,
      ignored: stored.filter((row) => row.kind === 'ignored').length,
      newBouncers: newBouncers.length,
    }
  })
}

interface PersonLink {
  personId: number | null
  contactMomentId: number | null
}

/** Contact moment first (metadata, then Message-ID), then the address, case-insensitively. */
async function linkToPersons(db: Database, events: DeliveryEvent[]): Promise<PersonLink[]> {
  const momentIds = events.map(
    (event) => event.contactMomentId ?? contactMomentFromMessageId(event.messageId),
  )
  const known = uniqueIds(momentIds)
  const moments = known.length
    ? await db
        .select({ id: contactMoments.id, personId: contactMoments.personId })
        .from(contactMoments)
        .where(inArray(contactMoments.id, known))
    : []
  const personByMoment = new Map(moments.map((moment) => [moment.id, moment.personId]))

  const addressOf = (event: DeliveryEvent) =>
    event.recipient ? normaliseEmail(event.recipient).toLowerCase() : ''
  const addresses = [...new Set(events.map(addressOf).filter(Boolean))]
  const byAddress = addresses.length
    ? await db
        .select({ id: persons.id, email: sql<string>`lower(${persons.email})` })
        .from(persons)
        .where(and(inArray(sql`lower(${persons.email})`, addresses), eq(persons.anonymised, false)))
        .orderBy(persons.id)
    : []
  const personByAddress = new Map<string, number>()
  for (const person of byAddress) {
    if (!personByAddress.has(person.email)) personByAddress.set(person.email, person.id)
  }

  return events.map((event, index) => {
    const momentId = momentIds[index] ?? null
    const viaMoment = momentId !== null ? personByMoment.get(momentId) : undefined
    if (viaMoment !== undefined) return { personId: viaMoment, contactMomentId: momentId }

    const viaAddress = personByAddress.get(addressOf(event))
    return { personId: viaAddress ?? null, contactMomentId: null }
  })
}

/**
 * Derives each person's consecutive bounces: those after their latest delivery and after the
 * moment counting restarted. Returns the persons who became bouncers just now.
 */
async function recountBounces(tx: Transaction, personIds: number[]): Promise<number[]> {
  if (!personIds.length) return []

  // Lock first, in id order: the recount below then sees every batch committed before ours.
  // NO KEY UPDATE, since inserting events already holds KEY SHARE on these rows (their
  // foreign key): a plain FOR UPDATE would wait on other batches' inserts, and they on ours.
  await tx
    .select({ id: persons.id })
    .from(persons)
    .where(inArray(persons.id, personIds))
    .orderBy(persons.id)
    .for('no key update')

  const recounted = await tx
    .update(persons)
    .set({
      consecutiveBounces: sql`(
        select count(*) from ${bounceEvents} b
        where b.person_id = ${persons.id}
          and b.kind = 'bounce'
          and b.occurred_at > coalesce(${persons.bouncesCountedFrom}, '-infinity')
          and b.occurred_at > coalesce((
            select max(d.occurred_at) from ${bounceEvents} d
            where d.person_id = ${persons.id} and d.kind = 'delivery'
          ), '-infinity')
      )`,
    })
    .where(inArray(persons.id, personIds))
    .returning({ id: persons.id, count: persons.consecutiveBounces, bouncer: persons.bouncer })

  const becoming = recounted
    .filter((person) => !person.bouncer && person.count >= bouncesThatMakeABouncer)
    .map((person) => person.id)
  if (becoming.length) {
    await tx
      .update(persons)
      .set({ bouncer: true, emailValidity: 'invalid' })
      .where(inArray(persons.id, becoming))
  }
  return becoming
}

/** A complaint (marked as spam) is an opt-out for the type of the mailing it was about. */
async function optOutComplaints(
  tx: Transaction,
  complaints: { personId: number | null; contactMomentId: number | null }[],
  clock: Clock,
) {
  const withMoment = complaints.filter((row) => row.personId !== null && row.contactMomentId)
  if (!withMoment.length) return

  const moments = await tx
    .select({ id: contactMoments.id, optInTypeId: mailings.optInTypeId })
    .from(contactMoments)
    .innerJoin(mailings, eq(mailings.id, contactMoments.mailingId))
    .where(inArray(contactMoments.id, uniqueIds(withMoment.map((row) => row.contactMomentId))))
  const typeByMoment = new Map(moments.map((moment) => [moment.id, moment.optInTypeId]))

  await appendConsentRecords(
    tx,
    withMoment.map((row) => ({
      personId: row.personId!,
      optInTypeId: typeByMoment.get(row.contactMomentId!)!,
      optIn: false,
      soft: false,
      channel: 'complaint' as const,
      description: 'Mailing als spam gemeld bij de e-mailprovider',
      contactMomentId: row.contactMomentId,
    })),
    clock,
  )
}

function uniqueIds(ids: (number | null)[]): number[] {
  return [...new Set(ids.filter((id): id is number => id !== null))]
}
