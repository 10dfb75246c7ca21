/** Reading and writing persons. */
import { and, asc, eq, gt, ilike, or, type SQL, sql } from 'drizzle-orm'
import type { Executor } from '../../db/client.ts'
import { type NewPerson, type Person, persons } from '../../db/schema/index.ts'
import { PersonAnonymisedError, PersonNotFoundError } from '../consent/errors.ts'

export async function insertPerson(db: Executor, values: NewPerson): Promise<Person> {
  const [row] = await db.insert(persons).values(values).returning()
  if (!row) throw new Error('The database returned no person after inserting one.')
  return row
}

export async function getPerson(db: Executor, id: number): Promise<Person> {
  const [row] = await db.select().from(persons).where(eq(persons.id, id))
  if (!row) throw new PersonNotFoundError(id)
  return row
}

/** A person for whom something new may be recorded: one who is not anonymised. */
export async function getChangeablePerson(db: Executor, id: number): Promise<Person> {
  const person = await getPerson(db, id)
  if (person.anonymised) throw new PersonAnonymisedError(id)
  return person
}

/** A page of persons in id order; `afterId` continues where the previous page ended. */
export async function listPersons(
  db: Executor,
  filter: { email?: string | undefined; q?: string | undefined; afterId: number; limit: number },
): Promise<Person[]> {
  const emailMatches = filter.email
    ? sql`lower(${persons.email}) = lower(${filter.email})`
    : undefined

  return db
    .select()
    .from(persons)
    .where(and(gt(persons.id, filter.afterId), emailMatches, searchCondition(filter.q)))
    .orderBy(asc(persons.id))
    .limit(filter.limit)
}

/**
 * The console's search box: an id, or a part of an email address or of the full name, in any
 * case. Parts scan the table; fine up to a few million persons, see docs/SCALING.md.
 */
function searchCondition(q: string | undefined): SQL | undefined {
  const text = q?.trim()
  if (!text) return undefined

  const pattern = `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`
  const fullName = sql`concat_ws(' ', ${persons.firstName}, ${persons.infix}, ${persons.lastName})`
  const byText = or(ilike(persons.email, pattern), ilike(fullName, pattern))
  return /^[0-9]{1,15}$/.test(text) ? or(eq(persons.id, Number(text)), byText) : byText
}
