/**
 * What recipients do with a mailing. Every open and click is counted per mailing; an event
 * with the person, address and browser is kept only for people who opted in to Profiling.
 */
import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  check,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core'
import { contactMoments, mailings } from './mailings.ts'
import { persons } from './persons.ts'

export const trackingKinds = ['open', 'click'] as const
export type TrackingKind = (typeof trackingKinds)[number]

export const mailingCounters = pgTable(
  'mailing_counters',
  {
    mailingId: bigint('mailing_id', { mode: 'number' })
      .notNull()
      .references(() => mailings.id),
    kind: text('kind', { enum: trackingKinds }).notNull(),
    /** Opens and clicks by scanners and previewers rather than people. */
    machine: boolean('machine').notNull(),
    count: bigint('count', { mode: 'number' }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.mailingId, table.kind, table.machine] }),
    check('mailing_counters_kind_check', sql`${table.kind} in ('open', 'click')`),
  ],
)

export const trackingEvents = pgTable(
  'tracking_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    mailingId: bigint('mailing_id', { mode: 'number' })
      .notNull()
      .references(() => mailings.id),
    contactMomentId: bigint('contact_moment_id', { mode: 'number' })
      .notNull()
      .references(() => contactMoments.id),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => persons.id),
    kind: text('kind', { enum: trackingKinds }).notNull(),
    url: text('url'),
    machine: boolean('machine').notNull(),
    machineReason: text('machine_reason'),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    index('tracking_events_contact_moment_idx').on(table.contactMomentId),
    index('tracking_events_person_idx').on(table.personId),
    index('tracking_events_occurred_at_idx').on(table.occurredAt),
  ],
)

export type TrackingEvent = typeof trackingEvents.$inferSelect
