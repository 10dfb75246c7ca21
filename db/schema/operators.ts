/** Operators (the organisation's staff) and the API keys they use. */
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
    /** scrypt, with its parameters and salt (server/operators/passwords.ts); empty: no sign-in. */
    passwordHash: text('password_hash'),
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

/** A signed-in console session; the cookie holds a random token, the database its hash. */
export const operatorSessions = pgTable(
  'operator_sessions',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    operatorId: bigint('operator_id', { mode: 'number' })
      .notNull()
      .references(() => operators.id),
    /** The operator's console credential: what the ledger and audit trail name as the actor. */
    apiKeyId: bigint('api_key_id', { mode: 'number' })
      .notNull()
      .references(() => apiKeys.id),
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull(),
    /** Never later than createdAt plus the absolute session lifetime. */
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (table) => [index('operator_sessions_expiry_idx').on(table.expiresAt)],
)

/** User groups: who may view, change or add opt-in types (SPEC §3). */
export const operatorGroups = pgTable('operator_groups', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  name: text('name').notNull().unique(),
  canAddTypes: boolean('can_add_types').notNull().default(false),
})

export const operatorGroupMembers = pgTable(
  'operator_group_members',
  {
    groupId: bigint('group_id', { mode: 'number' })
      .notNull()
      .references(() => operatorGroups.id, { onDelete: 'cascade' }),
    operatorId: bigint('operator_id', { mode: 'number' })
      .notNull()
      .references(() => operators.id),
  },
  (table) => [primaryKey({ columns: [table.groupId, table.operatorId] })],
)

export type Operator = typeof operators.$inferSelect
export type ApiKey = typeof apiKeys.$inferSelect
export type OperatorSession = typeof operatorSessions.$inferSelect
export type OperatorGroup = typeof operatorGroups.$inferSelect
