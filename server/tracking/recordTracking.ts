/**
 * Records a batch of opens and clicks in one transaction: always as counts per mailing, and as
 * events with the person, their address and browser only for people who gave an effective
 * opt-in for profiling.
 */
import { and, eq, inArray, sql } from 'drizzle-orm'
import type { Database, Executor } from '../../db/client.ts'
import {
  consentStates,
  contactMoments,
  mailingCounters,
  optInTypes,
  persons,
  type TrackingKind,
  trackingEvents,
} from '../../db/schema/index.ts'
import { classifyRequest, type MachineVerdict, type TrackingRequest } from './machineDetection.ts'

export interface TrackingHit extends Omit<TrackingRequest, 'secondsSinceSent'> {
  kind: TrackingKind
  contactMomentId: number
  url: string | null
  ipAddress: string | null
  occurredAt: Date
}

interface Moment {
  mailingId: number
  personId: number
  sentAt: Date
}

interface ClassifiedHit {
  hit: TrackingHit
  moment: Moment
  verdict: MachineVerdict
}

/**
 * Keep batches to a few thousand rows: every event takes ten statement parameters, and
 * PostgreSQL accepts at most 65,535 in one statement.
 */
export async function recordTrackingHits(db: Database, hits: TrackingHit[]): Promise<void> {
  if (!hits.length) return

  await db.transaction(async (tx) => {
    const moments = await momentsOf(tx, hits)
    // A hit on a contact moment that no longer exists is not counted, as it never was.
    const classified = hits.flatMap((hit) => {
      const moment = moments.get(hit.contactMomentId)
      if (!moment) return []
      const secondsSinceSent = (hit.occurredAt.getTime() - moment.sentAt.getTime()) / 1000
      return [{ hit, moment, verdict: classifyRequest({ ...hit, secondsSinceSent }) }]
    })
    if (!classified.length) return

    await addToCounters(tx, classified)

    const profiled = await profiledPersons(tx, classified)
    const events = classified.filter(({ moment }) => profiled.has(moment.personId))
    if (events.length) await tx.insert(trackingEvents).values(events.map(eventRow))
  })
}

async function momentsOf(db: Executor, hits: TrackingHit[]): Promise<Map<number, Moment>> {
  const ids = [...new Set(hits.map((hit) => hit.contactMomentId))]
  const rows = await db
    .select({
      id: contactMoments.id,
      mailingId: contactMoments.mailingId,
      personId: contactMoments.personId,
      sentAt: contactMoments.sentAt,
    })
    .from(contactMoments)
    .where(inArray(contactMoments.id, ids))
  return new Map(rows.map(({ id, ...moment }) => [id, moment]))
}

/**
 * One upsert row per mailing, kind and verdict with the batch's sum: hits of one mailing no
 * longer queue on its counter row one by one. Rows go in a fixed order, so two writers
 * (two server processes) lock them in the same order and cannot deadlock.
 */
async function addToCounters(db: Executor, classified: ClassifiedHit[]): Promise<void> {
  const sums = new Map<string, typeof mailingCounters.$inferInsert>()
  for (const { hit, moment, verdict } of classified) {
    const key = `${moment.mailingId}/${hit.kind}/${verdict.machine}`
    const sum = sums.get(key)
    if (sum) sum.count += 1
    else
      sums.set(key, {
        mailingId: moment.mailingId,
        kind: hit.kind,
        machine: verdict.machine,
        count: 1,
      })
  }
  const rows = [...sums.values()].sort(
    (a, b) =>
      a.mailingId - b.mailingId ||
      a.kind.localeCompare(b.kind) ||
      Number(a.machine) - Number(b.machine),
  )

  await db
    .insert(mailingCounters)
    .values(rows)
    .onConflictDoUpdate({
      target: [mailingCounters.mailingId, mailingCounters.kind, mailingCounters.machine],
      set: { count: sql`${mailingCounters.count} + excluded.count` },
    })
}

/** The people among the batch's who have an effective, active profiling opt-in. */
async function profiledPersons(db: Executor, classified: ClassifiedHit[]): Promise<Set<number>> {
  const ids = [...new Set(classified.map(({ moment }) => moment.personId))]
  const rows = await db
    .selectDistinct({ personId: consentStates.personId })
    .from(consentStates)
    .innerJoin(optInTypes, eq(optInTypes.id, consentStates.optInTypeId))
    .innerJoin(persons, eq(persons.id, consentStates.personId))
    .where(
      and(
        inArray(consentStates.personId, ids),
        eq(optInTypes.profiling, true),
        eq(optInTypes.active, true),
        eq(consentStates.optIn, true),
        eq(persons.anonymised, false),
      ),
    )
  return new Set(rows.map((row) => row.personId))
}

function eventRow({ hit, moment, verdict }: ClassifiedHit): typeof trackingEvents.$inferInsert {
  return {
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
  }
}
