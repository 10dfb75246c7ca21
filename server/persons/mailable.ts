/** Mailable (SPEC §7): not deceased, not a bouncer, and a valid email address. */
import { sql } from 'drizzle-orm'
import { type Person, persons } from '../../db/schema/index.ts'

export function isMailable(
  person: Pick<Person, 'deceased' | 'bouncer' | 'email' | 'emailValidity' | 'anonymised'>,
): boolean {
  return (
    !person.deceased &&
    !person.bouncer &&
    Boolean(person.email) &&
    person.emailValidity === 'valid' &&
    !person.anonymised
  )
}

/** The same rule as SQL over `persons`, for audiences; anonymised people are never mailable. */
export const mailableSql = sql`(
  not ${persons.deceased}
  and not ${persons.bouncer}
  and ${persons.email} is not null and ${persons.email} <> ''
  and ${persons.emailValidity} = 'valid'
  and not ${persons.anonymised}
)`
