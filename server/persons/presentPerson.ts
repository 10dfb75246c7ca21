/** The operator API's view of a person. */
import type { Person } from '../../db/schema/index.ts'
import { isMailable } from './mailable.ts'

export function presentPerson(person: Person) {
  return {
    ...person,
    mailable: isMailable(person),
    anonymisedAt: person.anonymisedAt?.toISOString() ?? null,
    createdAt: person.createdAt.toISOString(),
  }
}
