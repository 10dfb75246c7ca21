/**
 * Figures for the console's charts: opt-ins and opt-outs per type over time, current consent
 * per type, and bounces per mailing. Counts only; no person appears in them.
 */
import { and, count, desc, eq, inArray, sql } from 'drizzle-orm'
import { Hono } from 'hono'
import * as v from 'valibot'
import type { Database } from '../../db/client.ts'
import {
  bounceEvents,
  consentRecords,
  consentStates,
  contactMoments,
  mailings,
  optInTypes,
} from '../../db/schema/index.ts'
import type { Clock } from '../clock.ts'
import { recordedOnDays, startOfUtcDay } from '../consent/recordedOnDays.ts'
import type { AppEnv } from '../http/appEnv.ts'
import { reportingDate } from '../http/schemas.ts'
import { validate } from '../http/validation.ts'
import { typeAccessOf, viewableTypeIds } from '../operators/typeAccess.ts'
import { periodsBetween, type StatsInterval, statsIntervals } from './periods.ts'

/** Enough for a year by day or ten years by month; a chart shows no more. */
const maxPeriods = 400

const overTimeQuery = v.pipe(
  v.object({
    from: v.optional(reportingDate),
    to: v.optional(reportingDate),
    interval: v.optional(v.picklist(statsIntervals, 'Use day, week or month.'), 'week'),
  }),
  v.check(
    (query) => !query.from || !query.to || query.from <= query.to,
    '"from" must not be after "to".',
  ),
)

export function statsRoutes(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps

  const visibleTypes = async (operator: AppEnv['Variables']['operator']) => {
    const ids = viewableTypeIds(await typeAccessOf(db, operator))
    if (ids.length === 0) return []
    return db
      .select({ id: optInTypes.id, key: optInTypes.key, labels: optInTypes.labels })
      .from(optInTypes)
      .where(inArray(optInTypes.id, ids))
      .orderBy(optInTypes.sortOrder, optInTypes.id)
  }

  return new Hono<AppEnv>()
    .get('/consent-over-time', validate('query', overTimeQuery), async (c) => {
      const query = c.req.valid('query')
      const to = query.to ?? clock().toISOString().slice(0, 10)
      const from = query.from ?? startOfUtcDay(to, -90).toISOString().slice(0, 10)
      const periods = periodsBetween(from, to, query.interval, maxPeriods)
      const types = await visibleTypes(c.var.operator)

      const counts = await countsPerPeriod(db, types, from, to, query.interval)
      const at = (typeId: number, period: string, optIn: boolean) =>
        counts.find((row) => row.typeId === typeId && row.period === period && row.optIn === optIn)
          ?.count ?? 0

      return c.json({
        interval: query.interval,
        periods,
        series: types.map((type) => ({
          type: type.key,
          labels: type.labels,
          optIns: periods.map((period) => at(type.id, period, true)),
          optOuts: periods.map((period) => at(type.id, period, false)),
        })),
      })
    })
    .get('/current-consent', async (c) => {
      const types = await visibleTypes(c.var.operator)
      const states =
        types.length === 0
          ? []
          : await db
              .select({
                typeId: consentStates.optInTypeId,
                optIn: consentStates.optIn,
                count: count(),
              })
              .from(consentStates)
              .where(
                inArray(
                  consentStates.optInTypeId,
                  types.map((type) => type.id),
                ),
              )
              .groupBy(consentStates.optInTypeId, consentStates.optIn)
      const countOf = (typeId: number, optIn: boolean) =>
        states.find((row) => row.typeId === typeId && row.optIn === optIn)?.count ?? 0

      return c.json({
        types: types.map((type) => ({
          type: type.key,
          labels: type.labels,
          optedIn: countOf(type.id, true),
          optedOut: countOf(type.id, false),
        })),
      })
    })
    .get('/bounces-per-mailing', async (c) => {
      const typeIds = (await visibleTypes(c.var.operator)).map((type) => type.id)
      if (typeIds.length === 0) return c.json({ mailings: [] })

      const recent = await db
        .select({ id: mailings.id, name: mailings.name, sentAt: mailings.sentAt })
        .from(mailings)
        .where(inArray(mailings.optInTypeId, typeIds))
        .orderBy(desc(mailings.id))
        .limit(50)
      const counts = await deliveryCountsOf(
        db,
        recent.map((mailing) => mailing.id),
      )

      return c.json({
        mailings: recent.map((mailing) => ({
          ...mailing,
          sentAt: mailing.sentAt?.toISOString() ?? null,
          ...counts(mailing.id),
        })),
      })
    })
}

async function countsPerPeriod(
  db: Database,
  types: { id: number }[],
  from: string,
  to: string,
  interval: StatsInterval,
) {
  if (types.length === 0) return []
  // Written into the SQL (the interval comes from a picklist): as a bound parameter the SELECT
  // and GROUP BY expressions would differ in PostgreSQL's eyes.
  const period = sql<string>`to_char(date_trunc(${sql.raw(`'${interval}'`)}, ${consentRecords.recordedAt} at time zone 'UTC'), 'YYYY-MM-DD')`

  return db
    .select({
      typeId: consentRecords.optInTypeId,
      period,
      optIn: consentRecords.optIn,
      count: count(),
    })
    .from(consentRecords)
    .where(
      and(
        inArray(
          consentRecords.optInTypeId,
          types.map((type) => type.id),
        ),
        recordedOnDays({ from, to }),
      ),
    )
    .groupBy(consentRecords.optInTypeId, period, consentRecords.optIn)
}

/** Sent mails, bounces and complaints per mailing, for the given mailings. */
async function deliveryCountsOf(db: Database, mailingIds: number[]) {
  const sent =
    mailingIds.length === 0
      ? []
      : await db
          .select({ mailingId: contactMoments.mailingId, count: count() })
          .from(contactMoments)
          .where(inArray(contactMoments.mailingId, mailingIds))
          .groupBy(contactMoments.mailingId)
  const events =
    mailingIds.length === 0
      ? []
      : await db
          .select({
            mailingId: contactMoments.mailingId,
            kind: bounceEvents.kind,
            bounceType: bounceEvents.bounceType,
            count: count(),
          })
          .from(bounceEvents)
          .innerJoin(contactMoments, eq(contactMoments.id, bounceEvents.contactMomentId))
          .where(inArray(contactMoments.mailingId, mailingIds))
          .groupBy(contactMoments.mailingId, bounceEvents.kind, bounceEvents.bounceType)

  return (mailingId: number) => {
    const of = (kind: string, bounceType: string | null) =>
      events
        .filter(
          (row) =>
            row.mailingId === mailingId &&
            row.kind === kind &&
            (bounceType === null || row.bounceType === bounceType),
        )
        .reduce((sum, row) => sum + row.count, 0)
    return {
      sent: sent.find((row) => row.mailingId === mailingId)?.count ?? 0,
      hardBounces: of('bounce', 'hard'),
      softBounces: of('bounce', 'soft'),
      complaints: of('complaint', null),
    }
  }
}
