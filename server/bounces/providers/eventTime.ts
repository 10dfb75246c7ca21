/** When a provider says an event happened, read leniently: one odd date must not refuse a batch. */

/** Reads an ISO 8601 or RFC 5322 date, or Unix seconds; falls back when absent or unreadable. */
export function eventTime(value: unknown, fallback: Date): Date {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value > 0 ? new Date(value * 1000) : fallback
  }
  if (typeof value !== 'string' || value.trim() === '') return fallback

  const time = Date.parse(value)
  return Number.isNaN(time) ? fallback : new Date(time)
}
