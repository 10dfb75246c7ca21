/**
 * SQL for a condition on donations: their number or total in a period. It is written as
 * `exists (... having <bounds>)`, so the aggregate is computed once per person, and a person
 * without donations still counts as 0 (an aggregate without GROUP BY yields one row).
 */
import { and, eq, gte, lte, type SQL, sql } from 'drizzle-orm'
import { donations, persons } from '../../db/schema/index.ts'
import type { DonationCondition } from './definition.ts'
import { dateDaysBefore } from './relativeDates.ts'

export function donationConditionSql(condition: DonationCondition, now: Date): SQL {
  const test = condition.donations
  const range = test.count ?? test.sumCents ?? {}
  const measure = test.count ? sql`count(*)` : sql`coalesce(sum(${donations.amountCents}), 0)`

  const inPeriod = and(
    eq(donations.personId, persons.id),
    test.withinLastDays !== undefined
      ? gte(donations.donatedOn, dateDaysBefore(now, test.withinLastDays))
      : undefined,
    test.from ? gte(donations.donatedOn, test.from) : undefined,
    test.to ? lte(donations.donatedOn, test.to) : undefined,
  )
  const bounds = and(
    range.atLeast !== undefined ? sql`${measure} >= ${range.atLeast}` : undefined,
    range.atMost !== undefined ? sql`${measure} <= ${range.atMost}` : undefined,
  )

  return sql`exists (select 1 from ${donations} where ${inPeriod} having ${bounds})`
}
