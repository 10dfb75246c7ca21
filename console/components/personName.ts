/** How the console names a person: first name, infix and last name, or their number. */
import type { Person } from '../api.ts'
import { t } from '../i18n.ts'

export function personName(person: Pick<Person, 'id' | 'firstName' | 'infix' | 'lastName'>) {
  const name = [person.firstName, person.infix, person.lastName].filter(Boolean).join(' ')
  return name || t('personNumber', { id: person.id })
}
