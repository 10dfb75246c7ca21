/** Persons: the people whose consent and personal data the platform keeps. */
import { sql } from 'drizzle-orm'
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  pgTable,
  text,
  timestamp,
} from 'drizzle-orm/pg-core'
import { languages } from './optInTypes.ts'

/** Email validity as operators know it; "1. Valid" is the only mailable state. */
export const emailValidities = ['valid', 'invalid', 'unknown'] as const
export type EmailValidity = (typeof emailValidities)[number]

export const persons = pgTable(
  'persons',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    firstName: text('first_name'),
    infix: text('infix'),
    lastName: text('last_name'),
    street: text('street'),
    houseNumber: text('house_number'),
    postalCode: text('postal_code'),
    city: text('city'),
    country: text('country'),
    email: text('email'),
    emailValidity: text('email_validity', { enum: emailValidities }).notNull().default('valid'),
    phone: text('phone'),
    mobilePhone: text('mobile_phone'),
    iban: text('iban'),
    bsn: text('bsn'),
    birthDate: date('birth_date'),
    language: text('language', { enum: languages }).notNull().default('nl'),
    deceased: boolean('deceased').notNull().default(false),
    bouncer: boolean('bouncer').notNull().default(false),
    consecutiveBounces: integer('consecutive_bounces').notNull().default(0),
    /** Bounces before this moment no longer count: the bouncer was released or the address changed. */
    bouncesCountedFrom: timestamp('bounces_counted_from', { withTimezone: true }),
    anonymised: boolean('anonymised').notNull().default(false),
    anonymisedAt: timestamp('anonymised_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    relationshipEndedOn: date('relationship_ended_on'),
  },
  (table) => [
    index('persons_email_idx').on(sql`lower(${table.email})`),
    index('persons_created_at_idx').on(table.createdAt),
    check(
      'persons_email_validity_check',
      sql`${table.emailValidity} in ('valid', 'invalid', 'unknown')`,
    ),
    check('persons_language_check', sql`${table.language} in ('nl', 'en')`),
  ],
)

export type Person = typeof persons.$inferSelect
export type NewPerson = typeof persons.$inferInsert
