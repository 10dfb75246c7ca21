/**
 * The transactional model (SPEC §9): donations with their payments, and documents such as
 * donation deeds and agreements. Amounts stay after anonymisation, for statistics; the bank
 * account and the documents do not.
 */
import { sql } from 'drizzle-orm'
import { bigint, check, date, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core'
import { bytea } from './bytea.ts'
import { persons } from './persons.ts'

export const paymentMethods = ['direct_debit', 'bank_transfer', 'ideal', 'card', 'cash'] as const
export type PaymentMethod = (typeof paymentMethods)[number]

export const donations = pgTable(
  'donations',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => persons.id),
    /** In cents, so sums are exact. */
    amountCents: integer('amount_cents').notNull(),
    currency: text('currency').notNull().default('EUR'),
    donatedOn: date('donated_on').notNull(),
    method: text('method', { enum: paymentMethods }).notNull(),
    iban: text('iban'),
    campaign: text('campaign'),
  },
  (table) => [
    index('donations_person_idx').on(table.personId),
    check('donations_amount_positive', sql`${table.amountCents} > 0`),
  ],
)

export const payments = pgTable(
  'payments',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    donationId: bigint('donation_id', { mode: 'number' })
      .notNull()
      .references(() => donations.id),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => persons.id),
    amountCents: integer('amount_cents').notNull(),
    paidOn: date('paid_on').notNull(),
    method: text('method', { enum: paymentMethods }).notNull(),
    iban: text('iban'),
  },
  (table) => [index('payments_person_idx').on(table.personId)],
)

export const documentKinds = ['donation_deed', 'agreement', 'other'] as const
export type DocumentKind = (typeof documentKinds)[number]

export const documents = pgTable(
  'documents',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    personId: bigint('person_id', { mode: 'number' })
      .notNull()
      .references(() => persons.id),
    kind: text('kind', { enum: documentKinds }).notNull(),
    title: text('title').notNull(),
    fileName: text('file_name').notNull(),
    contentType: text('content_type').notNull(),
    content: bytea('content').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('documents_person_idx').on(table.personId)],
)

export type Donation = typeof donations.$inferSelect
export type Payment = typeof payments.$inferSelect
export type StoredDocument = typeof documents.$inferSelect
