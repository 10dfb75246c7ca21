/**
 * Searches every text, json, date and bytea column of every table for a value: the proof
 * that anonymisation left nothing behind anywhere.
 */
import { sql } from 'drizzle-orm'
import { type Database, rowsOf } from '../../db/client.ts'

interface SearchableColumn {
  table_name: string
  column_name: string
  data_type: string
}

export async function findValueInDatabase(db: Database, value: string): Promise<string[]> {
  const columns = rowsOf<SearchableColumn>(
    await db.execute(sql`
      select table_name, column_name, data_type from information_schema.columns
      where table_schema = 'public'
        and data_type in ('text', 'character varying', 'json', 'jsonb', 'bytea', 'date')`),
  )

  const hits: string[] = []
  for (const column of columns) {
    const table = sql.identifier(column.table_name)
    const name = sql.identifier(column.column_name)
    const matches =
      column.data_type === 'bytea'
        ? sql`position(convert_to(${value}, 'UTF8') in ${name}) > 0`
        : sql`${name}::text ilike ${`%${value}%`}`
    const [row] = rowsOf<{ found: number | string }>(
      await db.execute(sql`select count(*) as found from ${table} where ${matches}`),
    )
    if (Number(row?.found) > 0) hits.push(`${column.table_name}.${column.column_name}`)
  }
  return hits
}
