/** Sites that embed the preference centre, each with its public key and allowed origins. */
import { bigint, boolean, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core'

export const sites = pgTable('sites', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  name: text('name').notNull(),
  /** Public: it sits in the site's HTML and only names the site, it grants nothing. */
  publicKey: text('public_key').notNull().unique(),
  /** Browser origins such as https://www.example.org that may call the public API. */
  allowedOrigins: jsonb('allowed_origins').$type<string[]>().notNull().default([]),
  privacyStatementUrl: text('privacy_statement_url').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
})

export type Site = typeof sites.$inferSelect
export type NewSite = typeof sites.$inferInsert
