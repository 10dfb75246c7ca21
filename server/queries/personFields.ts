/**
 * The person fields a saved query may test, each mapped to its Drizzle column. Field names
 * in a query are only ever looked up here, so no name from a request reaches SQL. Bank
 * account and citizen service numbers are left out on purpose: nobody selects on them.
 */
import type { PgColumn } from 'drizzle-orm/pg-core'
import { persons } from '../../db/schema/index.ts'

/** What a field holds decides which tests apply and which values they take. */
export type FieldKind = 'text' | 'number' | 'date' | 'timestamp'

export const personFields = {
  id: { column: persons.id, kind: 'number' },
  firstName: { column: persons.firstName, kind: 'text' },
  infix: { column: persons.infix, kind: 'text' },
  lastName: { column: persons.lastName, kind: 'text' },
  street: { column: persons.street, kind: 'text' },
  houseNumber: { column: persons.houseNumber, kind: 'text' },
  postalCode: { column: persons.postalCode, kind: 'text' },
  city: { column: persons.city, kind: 'text' },
  country: { column: persons.country, kind: 'text' },
  email: { column: persons.email, kind: 'text' },
  emailValidity: { column: persons.emailValidity, kind: 'text' },
  phone: { column: persons.phone, kind: 'text' },
  mobilePhone: { column: persons.mobilePhone, kind: 'text' },
  language: { column: persons.language, kind: 'text' },
  consecutiveBounces: { column: persons.consecutiveBounces, kind: 'number' },
  birthDate: { column: persons.birthDate, kind: 'date' },
  relationshipEndedOn: { column: persons.relationshipEndedOn, kind: 'date' },
  createdAt: { column: persons.createdAt, kind: 'timestamp' },
  anonymisedAt: { column: persons.anonymisedAt, kind: 'timestamp' },
} as const satisfies Record<string, { column: PgColumn; kind: FieldKind }>

export type PersonFieldName = keyof typeof personFields

export const personFieldNames = Object.keys(personFields) as PersonFieldName[]

/** The field of this name, or null; names such as `constructor` are not fields. */
export function personField(name: string): { column: PgColumn; kind: FieldKind } | null {
  return Object.hasOwn(personFields, name) ? personFields[name as PersonFieldName] : null
}
