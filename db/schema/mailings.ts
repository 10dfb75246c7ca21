/** Mailings and their contact moments: one mailing sent to one person. */
import { bigint, index, jsonb, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core'
import { optInTypes } from './optInTypes.ts'
import { persons } from './persons.ts'

export const mailings = pgTable('mailings', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  name: text('name').notNull(),
  subject: text('subject').notNull(),
  optInTypeId: bigint('opt_in_type_id', { mode: 'number' })
    .notNull()
    .references(() => optInTypes.id),
  /** The links in the mailing's content; each recipient gets a tracked, signed version. */
  links: jsonb('links').$type<string[]>().notNull().default([]),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  /** When the audience was first selected, which is when the organisation sends it. */
  sentAt: timestamp('sent_at', { withTimezone: true }),
})

export const contactMoments = pgTable(
  'contact_moments',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    mailingId: bigint('mailing_id', { mode: 'number' })
      .notNull()
      .references(() => mailings.id),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => persons.id),
    sentAt: timestamp('sent_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    unique('contact_moments_mailing_person_unique').on(table.mailingId, table.personId),
    index('contact_moments_person_idx').on(table.personId),
  ],
)

export type Mailing = typeof mailings.$inferSelect
export type ContactMoment = typeof contactMoments.$inferSelect
