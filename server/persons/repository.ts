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
 * The console's search box: an id, or words that each appear in the email address or the
 * full name, in any order and any case, so "Oosterwijck Joris" finds Joris van Oosterwijck.
 * Parts scan the table; fine up to a few million persons, see docs/SCALING.md.
 */
function searchCondition(q: string | undefined): SQL | undefined {
  const words = q?.trim().split(/\s+/).filter(Boolean).slice(0, 8) ?? []
  if (words.length === 0) return undefined

  const fullName = sql`concat_ws(' ', ${persons.firstName}, ${persons.infix}, ${persons.lastName})`
  const byText = and(
    ...words.map((word) => {
      const pattern = `%${word.replace(/[\\%_]/g, (character) => `\\${character}`)}%`
      return or(ilike(persons.email, pattern), ilike(fullName, pattern))
    }),
  )
  const id = words.length === 1 && /^[0-9]{1,15}$/.test(words[0]!) ? Number(words[0]) : null
  return id === null ? byText : or(eq(persons.id, id), byText)
}
