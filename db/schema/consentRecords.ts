/**
 * The consent ledger (SPEC §2): one row per opt-in or opt-out, never updated or deleted,
 * and the current state per person and type that is kept beside it.
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
import { bytea } from './bytea.ts'
import { contactMoments } from './mailings.ts'
import { apiKeys } from './operators.ts'
import { optInTypes } from './optInTypes.ts'
import { persons } from './persons.ts'

/** How a consent was given or withdrawn. */
export const consentChannels = [
  'preference_centre',
  'web_form',
  'own_website',
  'mailing_link',
  'one_click_unsubscribe',
  'manual',
  'telephone',
  'letter',
  'automatic',
  'bounce',
  'complaint',
] as const
export type ConsentChannel = (typeof consentChannels)[number]

const channelList = sql.raw(consentChannels.map((channel) => `'${channel}'`).join(', '))

export const consentRecords = pgTable(
  'consent_records',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    recordedAt: timestamp('recorded_at', { withTimezone: true, precision: 6 }).notNull(),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => persons.id),
    channel: text('channel', { enum: consentChannels }).notNull(),
    optIn: boolean('opt_in').notNull(),
    optInTypeId: bigint('opt_in_type_id', { mode: 'number' })
      .notNull()
      .references(() => optInTypes.id),
    description: text('description').notNull(),
    soft: boolean('soft').notNull(),
    contactMomentId: bigint('contact_moment_id', { mode: 'number' }).references(
      () => contactMoments.id,
    ),
    /** The API key of the operator who entered it; empty for people acting themselves. */
    recordedByApiKeyId: bigint('recorded_by_api_key_id', { mode: 'number' }).references(
      () => apiKeys.id,
    ),
    /**
     * The tamper-evident chain, filled by a database trigger: each record's hash covers its
     * fields, the hash of its description (kept when anonymisation blanks the text) and the
     * hash of the person's previous record.
     */
    descriptionHash: bytea('description_hash'),
    previousHash: bytea('previous_hash'),
    hash: bytea('hash'),
  },
  (table) => [
    index('consent_records_person_type_idx').on(table.personId, table.optInTypeId),
    index('consent_records_person_id_idx').on(table.personId, table.id),
    index('consent_records_recorded_at_idx').on(table.recordedAt),
    check('consent_records_channel_check', sql`${table.channel} in (${channelList})`),
  ],
)

/**
 * The effective consent per person and type, written in the same transaction as each
 * consent record, so selections need not fold the ledger. Derived data: it can always be
 * rebuilt from the ledger.
 */
export const consentStates = pgTable(
  'consent_states',
  {
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => persons.id),
    optInTypeId: bigint('opt_in_type_id', { mode: 'number' })
      .notNull()
      .references(() => optInTypes.id),
    optIn: boolean('opt_in').notNull(),
    soft: boolean('soft').notNull(),
    decidingRecordId: bigint('deciding_record_id', { mode: 'number' })
      .notNull()
      .references(() => consentRecords.id),
    decidedAt: timestamp('decided_at', { withTimezone: true, precision: 6 }).notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.personId, table.optInTypeId] }),
    index('consent_states_type_opt_in_idx').on(table.optInTypeId, table.optIn),
    // Walks one type's opted-in persons in id order: how an audience is selected in batches.
    index('consent_states_opted_in_idx')
      .on(table.optInTypeId, table.personId)
      .where(sql`${table.optIn}`),
  ],
)

export type ConsentRecord = typeof consentRecords.$inferSelect
export type NewConsentRecord = typeof consentRecords.$inferInsert
export type ConsentState = typeof consentStates.$inferSelect

/**
 * The newest record of each person's hash chain, kept by the chaining trigger. Consent
 * records are not written in id order when several servers write at once, so the chain's
 * head cannot be found by the highest id; and a head that no record matches shows that the
 * newest records were removed.
 */
export const consentChainHeads = pgTable('consent_chain_heads', {
  personId: bigint('person_id', { mode: 'number' })
    .primaryKey()
    .references(() => persons.id),
  hash: bytea('hash').notNull(),
})
