/** The audit trail: who changed what about a person, outside the consent ledger itself. */
import { bigint, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core'
import { apiKeys } from './operators.ts'
import { persons } from './persons.ts'

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** The operator's API key, or empty when the system acted (e.g. on a bounce). */
    apiKeyId: bigint('api_key_id', { mode: 'number' }).references(() => apiKeys.id),
    action: text('action').notNull(),
    personId: bigint('person_id', { mode: 'number' }).references(() => persons.id),
    /** What changed, without personal values: field names and flags, not addresses. */
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
  },
  (table) => [index('audit_log_person_idx').on(table.personId, table.at)],
)

export type AuditEntry = typeof auditLog.$inferSelect
