/** Moments and calendar days relative to the clock, in UTC, as query parameters. */
const day = 86_400_000

/** The moment exactly `days` × 24 hours before now: "created in the last 3 days". */
export function timeDaysBefore(now: Date, days: number): Date {
  return new Date(now.getTime() - days * day)
}

/** The calendar day (YYYY-MM-DD, UTC) `days` days before today. */
export function dateDaysBefore(now: Date, days: number): string {
  return timeDaysBefore(now, days).toISOString().slice(0, 10)
}

export function startOfDay(date: string): Date {
  return new Date(`${date}T00:00:00Z`)
}

export function nextDay(date: string): Date {
  return new Date(startOfDay(date).getTime() + day)
}
