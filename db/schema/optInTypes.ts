/** Opt-in types: what a person can agree to receive (SPEC §3). */
import { sql } from 'drizzle-orm'
import {
  type AnyPgColumn,
  bigint,
  boolean,
  check,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
} from 'drizzle-orm/pg-core'
import { operatorGroups } from './operators.ts'
import { savedQueries } from './savedQueries.ts'

export const languages = ['nl', 'en'] as const
export type Language = (typeof languages)[number]

/** Text kept per interface language; Dutch is always present. */
export type LocalisedText = { nl: string; en?: string }

/** Hard: explicitly given. Soft: allowed by an existing relationship. */
export const optInKinds = ['hard', 'soft'] as const
export type OptInKind = (typeof optInKinds)[number]

/** The medium a type's messages travel through. */
export const mediaChannels = ['email', 'post', 'phone', 'sms'] as const
export type MediaChannel = (typeof mediaChannels)[number]

export const optInTypes = pgTable(
  'opt_in_types',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    key: text('key').notNull().unique(),
    labels: jsonb('labels').$type<LocalisedText>().notNull(),
    descriptions: jsonb('descriptions').$type<LocalisedText>().notNull().default({ nl: '' }),
    channel: text('channel', { enum: mediaChannels }).notNull().default('email'),
    kind: text('kind', { enum: optInKinds }).notNull(),
    parentId: bigint('parent_id', { mode: 'number' }).references((): AnyPgColumn => optInTypes.id),
    /**
     * False when people cannot change this type themselves (SPEC §3: opting out of
     * Profiling goes by letter or telephone); `optOutNotes` then tells them how.
     */
    selfService: boolean('self_service').notNull().default(true),
    optOutNotes: jsonb('opt_out_notes').$type<LocalisedText>(),
    /** Consent to profiling: only with it are a person's opens and clicks kept as theirs. */
    profiling: boolean('profiling').notNull().default(false),
    /** Soft types only (SPEC §3): people in this saved query get a soft opt-in automatically. */
    autoOptInQueryId: bigint('auto_opt_in_query_id', { mode: 'number' }).references(
      () => savedQueries.id,
    ),
    /** Soft types only: people in this saved query get a soft opt-out automatically. */
    autoOptOutQueryId: bigint('auto_opt_out_query_id', { mode: 'number' }).references(
      () => savedQueries.id,
    ),
    /** Soft types only: a soft opt-in is recorded when someone confirms a sign-up. */
    grantOnSignUp: boolean('grant_on_sign_up').notNull().default(false),
    active: boolean('active').notNull().default(true),
    sortOrder: integer('sort_order').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    check('opt_in_types_kind_check', sql`${table.kind} in ('hard', 'soft')`),
    check('opt_in_types_channel_check', sql`${table.channel} in ('email', 'post', 'phone', 'sms')`),
    check('opt_in_types_key_check', sql`${table.key} ~ '^[a-z0-9][a-z0-9-]{0,62}$'`),
    check('opt_in_types_not_own_parent', sql`${table.parentId} is distinct from ${table.id}`),
    // Consent that nobody actively gave can only ever be soft.
    check(
      'opt_in_types_automatic_only_soft',
      sql`${table.kind} = 'soft' or (${table.autoOptInQueryId} is null
        and ${table.autoOptOutQueryId} is null and not ${table.grantOnSignUp})`,
    ),
  ],
)

/**
 * Which user groups may view or change a type (SPEC §3). A type without rows is open to every
 * operator by role; once it has rows, only members of a listed group (and admins) get in.
 */
export const optInTypePermissions = pgTable(
  'opt_in_type_permissions',
  {
    optInTypeId: bigint('opt_in_type_id', { mode: 'number' })
      .notNull()
      .references(() => optInTypes.id),
    groupId: bigint('group_id', { mode: 'number' })
      .notNull()
      .references(() => operatorGroups.id, { onDelete: 'cascade' }),
    canView: boolean('can_view').notNull(),
    canChange: boolean('can_change').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.optInTypeId, table.groupId] }),
    // Changing what one cannot see makes no sense.
    check(
      'opt_in_type_permissions_change_needs_view',
      sql`${table.canView} or not ${table.canChange}`,
    ),
  ],
)

export type OptInType = typeof optInTypes.$inferSelect
export type NewOptInType = typeof optInTypes.$inferInsert
