/** Filtering the ledger by whole UTC days, as the ledger listing and the charts both do. */
import { and, gte, lt, type SQL } from 'drizzle-orm'
import { consentRecords } from '../../db/schema/index.ts'

/** Midnight UTC at the start of a YYYY-MM-DD day, moved by whole days. */
export function startOfUtcDay(date: string, offsetDays = 0): Date {
  return new Date(Date.parse(`${date}T00:00:00Z`) + offsetDays * 86_400_000)
}

/** Records from the start of `from` to the end of `to`, both days included; either may be open. */
export function recordedOnDays(days: { from?: string | undefined; to?: string | undefined }) {
  const conditions: SQL[] = []
  if (days.from !== undefined)
    conditions.push(gte(consentRecords.recordedAt, startOfUtcDay(days.from)))
  if (days.to !== undefined)
    conditions.push(lt(consentRecords.recordedAt, startOfUtcDay(days.to, 1)))
  return and(...conditions)
}
