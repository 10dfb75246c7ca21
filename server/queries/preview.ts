/** What a selection holds: how many persons, and a page of them in id order. */
import { and, asc, gt, type SQL, sql } from 'drizzle-orm'
import type { Executor } from '../../db/client.ts'
import { persons } from '../../db/schema/index.ts'
import { mailableSql } from '../persons/mailable.ts'

export interface SelectionPreview {
  count: number
  persons: PreviewPerson[]
  /** The `afterId` for the next page, or null on the last one. */
  nextAfterId: number | null
}

/** Only what an operator needs to recognise a person, not everything held on them. */
const previewColumns = {
  id: persons.id,
  firstName: persons.firstName,
  infix: persons.infix,
  lastName: persons.lastName,
  email: persons.email,
  city: persons.city,
  language: persons.language,
  createdAt: persons.createdAt,
  mailable: sql<boolean>`${mailableSql}`,
}

export interface PreviewPerson {
  id: number
  firstName: string | null
  infix: string | null
  lastName: string | null
  email: string | null
  city: string | null
  language: string
  createdAt: string
  mailable: boolean
}

export async function previewSelection(
  db: Executor,
  where: SQL,
  page: { afterId: number; limit: number },
): Promise<SelectionPreview> {
  const [total] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(persons)
    .where(where)
  const rows = await firstPage(db, where, page)
  const last = rows.at(-1)

  return {
    count: total?.count ?? 0,
    persons: rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() })),
    nextAfterId: rows.length === page.limit && last ? last.id : null,
  }
}

function firstPage(db: Executor, where: SQL, page: { afterId: number; limit: number }) {
  return db
    .select(previewColumns)
    .from(persons)
    .where(and(where, gt(persons.id, page.afterId)))
    .orderBy(asc(persons.id))
    .limit(page.limit)
}
