/** A mailing's report: sent, opens and clicks (people apart from machines), unsubscribes, bounces. */
import { and, count, eq, inArray, sql } from 'drizzle-orm'
import type { Executor } from '../../db/client.ts'
import {
  bounceEvents,
  consentRecords,
  contactMoments,
  type Mailing,
  mailingCounters,
} from '../../db/schema/index.ts'

export async function mailingReport(db: Executor, mailing: Mailing) {
  const momentsOfMailing = sql`(select ${contactMoments.id} from ${contactMoments} where ${contactMoments.mailingId} = ${mailing.id})`
  const [sent] = await db
    .select({ count: count() })
    .from(contactMoments)
    .where(eq(contactMoments.mailingId, mailing.id))

  const counters = await db
    .select()
    .from(mailingCounters)
    .where(eq(mailingCounters.mailingId, mailing.id))
  const tracked = (kind: 'open' | 'click', machine: boolean) =>
    counters.find((row) => row.kind === kind && row.machine === machine)?.count ?? 0

  const unsubscribes = await db
    .select({ channel: consentRecords.channel, count: count() })
    .from(consentRecords)
    .where(
      and(
        eq(consentRecords.optIn, false),
        inArray(consentRecords.contactMomentId, momentsOfMailing),
      ),
    )
    .groupBy(consentRecords.channel)

  const deliveryEvents = await db
    .select({ kind: bounceEvents.kind, bounceType: bounceEvents.bounceType, count: count() })
    .from(bounceEvents)
    .where(inArray(bounceEvents.contactMomentId, momentsOfMailing))
    .groupBy(bounceEvents.kind, bounceEvents.bounceType)
  const counted = (kind: string, bounceType: string | null = null) =>
    deliveryEvents
      .filter((row) => row.kind === kind && (bounceType === null || row.bounceType === bounceType))
      .reduce((sum, row) => sum + row.count, 0)

  return {
    mailingId: mailing.id,
    sentAt: mailing.sentAt?.toISOString() ?? null,
    sent: sent?.count ?? 0,
    opens: { human: tracked('open', false), machine: tracked('open', true) },
    clicks: { human: tracked('click', false), machine: tracked('click', true) },
    unsubscribes: {
      total: unsubscribes.reduce((sum, row) => sum + row.count, 0),
      byChannel: Object.fromEntries(unsubscribes.map((row) => [row.channel, row.count])),
    },
    bounces: { hard: counted('bounce', 'hard'), soft: counted('bounce', 'soft') },
    complaints: counted('complaint'),
  }
}
