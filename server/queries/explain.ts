/**
 * The SQL a selection runs, with its parameters, and PostgreSQL's plan for it (without
 * running it), so an administrator can see why a selection is slow.
 */
import { asc, type SQL, sql } from 'drizzle-orm'
import { type Executor, rowsOf } from '../../db/client.ts'
import { persons } from '../../db/schema/index.ts'

export interface SelectionExplanation {
  sql: string
  params: unknown[]
  plan: string[]
}

export async function explainSelection(db: Executor, where: SQL): Promise<SelectionExplanation> {
  const query = db.select({ id: persons.id }).from(persons).where(where).orderBy(asc(persons.id))
  const { sql: text, params } = query.toSQL()

  const result = await db.execute(sql`explain ${query}`)
  const plan = rowsOf<{ 'QUERY PLAN': string }>(result).map((row) => row['QUERY PLAN'])
  return { sql: text, params, plan }
}
