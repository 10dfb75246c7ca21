/**
 * Saved queries (SPEC §8): named selections of persons, written in the JSON language of
 * `server/queries/`, and which other saved queries each one uses as a sub-query.
 */
import { bigint, index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core'
import { apiKeys } from './operators.ts'

export const savedQueries = pgTable('saved_queries', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  name: text('name').notNull().unique(),
  description: text('description').notNull().default(''),
  /** A query condition; validated again whenever it is read, so old rows cannot slip through. */
  definition: jsonb('definition').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  createdByApiKeyId: bigint('created_by_api_key_id', { mode: 'number' }).references(
    () => apiKeys.id,
  ),
  updatedByApiKeyId: bigint('updated_by_api_key_id', { mode: 'number' }).references(
    () => apiKeys.id,
  ),
})

/**
 * One row per sub-query a saved query names. The foreign key on `used_query_id` keeps a
 * query that is in use from being deleted, even by two operators acting at once.
 */
export const savedQueryUses = pgTable(
  'saved_query_uses',
  {
    queryId: bigint('query_id', { mode: 'number' })
      .notNull()
      .references(() => savedQueries.id, { onDelete: 'cascade' }),
    usedQueryId: bigint('used_query_id', { mode: 'number' })
      .notNull()
      .references(() => savedQueries.id),
  },
  (table) => [
    primaryKey({ columns: [table.queryId, table.usedQueryId] }),
    index('saved_query_uses_used_idx').on(table.usedQueryId),
  ],
)

export type SavedQueryRow = typeof savedQueries.$inferSelect
