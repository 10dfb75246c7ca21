/** Sign-ups waiting for the double opt-in: nothing is recorded until the link is followed. */
import { sql } from 'drizzle-orm'
import { bigint, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core'
import type { ConsentChannel } from './consentRecords.ts'
import { languages } from './optInTypes.ts'
import { persons } from './persons.ts'
import { sites } from './sites.ts'

/** One type the visitor ticked, with the label text they saw at that moment. */
export interface SignUpChoice {
  optInTypeId: number
  labelText: string
}

export const signUpRequests = pgTable(
  'sign_up_requests',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    siteId: bigint('site_id', { mode: 'number' })
      .notNull()
      .references(() => sites.id),
    email: text('email').notNull(),
    language: text('language', { enum: languages }).notNull(),
    channel: text('channel').$type<ConsentChannel>().notNull(),
    choices: jsonb('choices').$type<SignUpChoice[]>().notNull(),
    /** SHA-256 of the confirmation token; the token itself only travels in the mail. */
    tokenHash: text('token_hash').notNull().unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    personId: bigint('person_id', { mode: 'number' }).references(() => persons.id),
  },
  (table) => [
    index('sign_up_requests_created_at_idx').on(table.createdAt),
    // Anonymisation looks requests up by person and by address.
    index('sign_up_requests_person_idx').on(table.personId),
    index('sign_up_requests_email_idx').on(sql`lower(${table.email})`),
  ],
)

export type SignUpRequest = typeof signUpRequests.$inferSelect
