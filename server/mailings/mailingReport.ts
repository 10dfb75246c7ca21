/** A mailing's report: sent, opens and clicks (people apart from machines), unsubscribes. */
import { and, count, eq, inArray, sql } from 'drizzle-orm'
import type { Executor } from '../../db/client.ts'
import {
  consentRecords,
  contactMoments,
  type Mailing,
  mailingCounters,
} from '../../db/schema/index.ts'

export async function mailingReport(db: Executor, mailing: Mailing) {
  const [sent] = await db
    .select({ count: count() })
    .from(contactMoments)
    .where(eq(contactMoments.mailingId, mailing.id))

  const counters = await db
    .select()
    .from(mailingCounters)
    .where(eq(mailingCounters.mailingId, mailing.id))
  const counted = (kind: 'open' | 'click', machine: boolean) =>
    counters.find((row) => row.kind === kind && row.machine === machine)?.count ?? 0

  const unsubscribes = await db
    .select({ channel: consentRecords.channel, count: count() })
    .from(consentRecords)
    .where(
      and(
        eq(consentRecords.optIn, false),
        inArray(
          consentRecords.contactMomentId,
          sql`(select ${contactMoments.id} from ${contactMoments} where ${contactMoments.mailingId} = ${mailing.id})`,
        ),
      ),
    )
    .groupBy(consentRecords.channel)

  return {
    mailingId: mailing.id,
    sentAt: mailing.sentAt?.toISOString() ?? null,
    sent: sent?.count ?? 0,
    opens: { human: counted('open', false), machine: counted('open', true) },
    clicks: { human: counted('click', false), machine: counted('click', true) },
    unsubscribes: {
      total: unsubscribes.reduce((sum, row) => sum + row.count, 0),
      byChannel: Object.fromEntries(unsubscribes.map((row) => [row.channel, row.count])),
    },
  }
}
