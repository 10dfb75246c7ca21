/**
 * Records an open or a click: always as a count per mailing, and as an event with the person,
 * their address and browser only when they gave an effective opt-in for profiling.
 */
import { and, eq, sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import {
  consentStates,
  contactMoments,
  mailingCounters,
  optInTypes,
  persons,
  type TrackingKind,
  trackingEvents,
} from '../../db/schema/index.ts'
import { classifyRequest, type TrackingRequest } from './machineDetection.ts'

export interface TrackingHit extends Omit<TrackingRequest, 'secondsSinceSent'> {
  kind: TrackingKind
  contactMomentId: number
  url: string | null
  ipAddress: string | null
  occurredAt: Date
}

export async function recordTrackingHit(db: Database, hit: TrackingHit): Promise<void> {
  const [moment] = await db
    .select({
      mailingId: contactMoments.mailingId,
      personId: contactMoments.personId,
      sentAt: contactMoments.sentAt,
    })
    .from(contactMoments)
    .where(eq(contactMoments.id, hit.contactMomentId))
  if (!moment) return

  const verdict = classifyRequest({
    ...hit,
    secondsSinceSent: (hit.occurredAt.getTime() - moment.sentAt.getTime()) / 1000,
  })

  await db.transaction(async (tx) => {
    await tx
      .insert(mailingCounters)
      .values({ mailingId: moment.mailingId, kind: hit.kind, machine: verdict.machine, count: 1 })
      .onConflictDoUpdate({
        target: [mailingCounters.mailingId, mailingCounters.kind, mailingCounters.machine],
        set: { count: sql`${mailingCounters.count} + 1` },
      })

    if (!(await isProfiled(tx, moment.personId))) return
    await tx.insert(trackingEvents).values({
      mailingId: moment.mailingId,
      contactMomentId: hit.contactMomentId,
      personId: moment.personId,
      kind: hit.kind,
      url: hit.url,
      machine: verdict.machine,
      machineReason: verdict.reason,
      ipAddress: hit.ipAddress,
      userAgent: hit.userAgent?.slice(0, 500) ?? null,
      occurredAt: hit.occurredAt,
    })
  })
}

async function isProfiled(db: Pick<Database, 'select'>, personId: number): Promise<boolean> {
  const [row] = await db
    .select({ optIn: consentStates.optIn })
    .from(consentStates)
    .innerJoin(optInTypes, eq(optInTypes.id, consentStates.optInTypeId))
    .innerJoin(persons, eq(persons.id, consentStates.personId))
    .where(
      and(
        eq(consentStates.personId, personId),
        eq(optInTypes.profiling, true),
        eq(optInTypes.active, true),
        eq(consentStates.optIn, true),
        eq(persons.anonymised, false),
      ),
    )
    .limit(1)
  return Boolean(row)
}
