/** Records of the privacy functions: erasure requests and retention job runs. */
import { bigint, boolean, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core'
import { apiKeys } from './operators.ts'
import { persons } from './persons.ts'

/**
 * The tombstone of an erasure ("right to be forgotten"): proof that it was asked and done,
 * without personal data.
 */
export const erasureRequests = pgTable('erasure_requests', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  personId: bigint('person_id', { mode: 'number' })
    .notNull()
    .references(() => persons.id),
  /** How the person asked: letter, telephone, email, preference centre… */
  requestedVia: text('requested_via').notNull(),
  requestedAt: timestamp('requested_at', { withTimezone: true }).notNull(),
  recordedByApiKeyId: bigint('recorded_by_api_key_id', { mode: 'number' }).references(
    () => apiKeys.id,
  ),
  completedAt: timestamp('completed_at', { withTimezone: true }),
})

export const retentionRuns = pgTable('retention_runs', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
  dryRun: boolean('dry_run').notNull(),
  /** running, finished, failed, or skipped when another server held the lock. */
  status: text('status').notNull(),
  /** Per data source: how many rows were (or in a dry run would be) anonymised or deleted. */
  counts: jsonb('counts').$type<Record<string, number>>().notNull().default({}),
  error: text('error'),
})

export type ErasureRequest = typeof erasureRequests.$inferSelect
export type RetentionRun = typeof retentionRuns.$inferSelect
