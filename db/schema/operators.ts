/** Operators (the organisation's staff) and the API keys they use. */
import { sql } from 'drizzle-orm'
import { bigint, check, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

/** Viewers read, editors also record consent, admins also manage types and keys. */
export const operatorRoles = ['viewer', 'editor', 'admin'] as const
export type OperatorRole = (typeof operatorRoles)[number]

export const operators = pgTable(
  'operators',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    email: text('email').notNull().unique(),
    name: text('name').notNull(),
    role: text('role', { enum: operatorRoles }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [check('operators_role_check', sql`${table.role} in ('viewer', 'editor', 'admin')`)],
)

export const apiKeys = pgTable('api_keys', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  operatorId: bigint('operator_id', { mode: 'number' })
    .notNull()
    .references(() => operators.id),
  name: text('name').notNull(),
  /** The first characters of the key, shown to operators so they can tell keys apart. */
  prefix: text('prefix').notNull(),
  /** SHA-256 of the whole key; keys are long random strings, so no slow hash is needed. */
  hash: text('hash').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
})

export type Operator = typeof operators.$inferSelect
export type ApiKey = typeof apiKeys.$inferSelect
