/** Delivery events from mail providers: bounces, deliveries, complaints, as received. */
import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  check,
  index,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
} from 'drizzle-orm/pg-core'
import { contactMoments } from './mailings.ts'
import { persons } from './persons.ts'

export const bounceEvents = pgTable(
  'bounce_events',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    provider: text('provider').notNull(),
    providerEventId: text('provider_event_id').notNull(),
    kind: text('kind', { enum: ['bounce', 'delivery', 'complaint', 'ignored'] }).notNull(),
    bounceType: text('bounce_type', { enum: ['hard', 'soft'] }),
    recipient: text('recipient'),
    personId: bigint('person_id', { mode: 'number' }).references(() => persons.id),
    contactMomentId: bigint('contact_moment_id', { mode: 'number' }).references(
      () => contactMoments.id,
    ),
    /** False when no person could be found: kept and counted, so providers stop retrying. */
    matched: boolean('matched').notNull(),
    diagnostic: text('diagnostic'),
    payload: jsonb('payload'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    unique('bounce_events_provider_event_unique').on(table.provider, table.providerEventId),
    index('bounce_events_person_idx').on(table.personId, table.occurredAt),
    // Anonymisation removes a person's address from the events that carry it.
    index('bounce_events_recipient_idx').on(sql`lower(${table.recipient})`),
    check(
      'bounce_events_kind_check',
      sql`${table.kind} in ('bounce', 'delivery', 'complaint', 'ignored')`,
    ),
  ],
)

/** One-time webhook values (Mailgun's tokens) already seen, to refuse replays. */
export const webhookNonces = pgTable(
  'webhook_nonces',
  {
    provider: text('provider').notNull(),
    nonce: text('nonce').notNull(),
    seenAt: timestamp('seen_at', { withTimezone: true }).notNull(),
  },
  (table) => [primaryKey({ columns: [table.provider, table.nonce] })],
)

export type BounceEvent = typeof bounceEvents.$inferSelect
