/** Every mail the product sends, kept so operators can see what went out and when. */
import { sql } from 'drizzle-orm'
import { bigint, index, pgTable, text, timestamp } from 'drizzle-orm/pg-core'
import { persons } from './persons.ts'

/** `stored`: no SMTP server is configured, the mail only lives here. */
export const outboxStatuses = ['stored', 'sending', 'sent', 'failed'] as const
export type OutboxStatus = (typeof outboxStatuses)[number]

export const outboxMails = pgTable(
  'outbox_mails',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    purpose: text('purpose').notNull(),
    personId: bigint('person_id', { mode: 'number' }).references(() => persons.id),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html').notNull(),
    status: text('status', { enum: outboxStatuses }).notNull(),
    error: text('error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (table) => [
    index('outbox_mails_created_at_idx').on(table.createdAt),
    // The mail limit per address and anonymisation look mails up by person and by address.
    index('outbox_mails_person_idx').on(table.personId),
    index('outbox_mails_recipient_idx').on(sql`lower(${table.recipient})`),
  ],
)

export type OutboxMail = typeof outboxMails.$inferSelect
