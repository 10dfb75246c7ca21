/** Calendar periods for charts, named by their first day as PostgreSQL's date_trunc names them. */
import { badRequest } from '../http/problem.ts'

export const statsIntervals = ['day', 'week', 'month'] as const
export type StatsInterval = (typeof statsIntervals)[number]

/** Every period from the one holding `from` to the one holding `to`, as YYYY-MM-DD (UTC). */
export function periodsBetween(
  from: string,
  to: string,
  interval: StatsInterval,
  maxPeriods: number,
): string[] {
  const periods: string[] = []
  const end = new Date(`${to}T00:00:00Z`)

  for (let start = startOf(new Date(`${from}T00:00:00Z`), interval); start <= end;) {
    periods.push(start.toISOString().slice(0, 10))
    if (periods.length > maxPeriods) {
      throw badRequest(
        `Choose a shorter period or a longer interval: at most ${maxPeriods} points.`,
      )
    }
    start = next(start, interval)
  }
  return periods
}

/** ISO weeks start on Monday, as date_trunc('week') does. */
function startOf(date: Date, interval: StatsInterval): Date {
  if (interval === 'day') return date
  if (interval === 'month') return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1))
  const daysSinceMonday = (date.getUTCDay() + 6) % 7
  return new Date(date.getTime() - daysSinceMonday * 86_400_000)
}

function next(date: Date, interval: StatsInterval): Date {
  if (interval === 'month')
    return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1))
  return new Date(date.getTime() + (interval === 'week' ? 7 : 1) * 86_400_000)
}
