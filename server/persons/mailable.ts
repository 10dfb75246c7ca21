/** Mailable (SPEC §7): not deceased, not a bouncer, and a valid email address. */
import type { Person } from '../../db/schema/index.ts'

export function isMailable(
  person: Pick<Person, 'deceased' | 'bouncer' | 'email' | 'emailValidity'>,
): boolean {
  return (
    !person.deceased && !person.bouncer && Boolean(person.email) && person.emailValidity === 'valid'
  )
}
