/** SQL for the yes/no properties of a person (SPEC §7: mailable, deceased, bouncer). */
import { type SQL, sql } from 'drizzle-orm'
import { persons } from '../../db/schema/index.ts'
import { mailableSql } from '../persons/mailable.ts'
import type { PersonFlag } from './definition.ts'

const flagSql: Record<PersonFlag, SQL> = {
  mailable: mailableSql,
  deceased: sql`${persons.deceased}`,
  bouncer: sql`${persons.bouncer}`,
  anonymised: sql`${persons.anonymised}`,
}

export function flagConditionSql(flag: PersonFlag, wanted: boolean): SQL {
  return wanted ? flagSql[flag] : sql`not ${flagSql[flag]}`
}
