/**
 * How long each kind of data is kept (SPEC §6). Persons count from the end of their active
 * relationship (advice: at most five years); the rest from when it was recorded.
 */
export interface RetentionPolicy {
  personsDays: number
  trackingEventsDays: number
  bounceEventsDays: number
  outboxDays: number
  signUpRequestsDays: number
  auditLogDays: number
}

export const defaultRetentionPolicy: RetentionPolicy = {
  personsDays: 1826,
  trackingEventsDays: 730,
  bounceEventsDays: 730,
  outboxDays: 365,
  signUpRequestsDays: 90,
  auditLogDays: 1826,
}

export const retentionSources = [
  'persons',
  'trackingEvents',
  'bounceEvents',
  'outbox',
  'signUpRequests',
  'auditLog',
] as const
export type RetentionSource = (typeof retentionSources)[number]
