/** Reading saved queries and who uses them. */
import { asc, eq, inArray, or, sql } from 'drizzle-orm'
import type { Database, Executor, Transaction } from '../../db/client.ts'
import {
  optInTypes,
  savedQueries,
  savedQueryUses,
  type SavedQueryRow,
} from '../../db/schema/index.ts'
import type { QueryCondition } from './definition.ts'
import { SavedQueryNotFoundError } from './errors.ts'
import { parseStoredDefinition } from './storedDefinition.ts'

export type SavedQuery = Omit<SavedQueryRow, 'definition'> & { definition: QueryCondition }

export interface QueryUsers {
  /** Opt-in types with this as their auto opt-in or auto opt-out query. */
  types: string[]
  /** Saved queries that name this one as a sub-query. */
  queries: { id: number; name: string }[]
}

export async function listSavedQueries(db: Executor): Promise<SavedQuery[]> {
  const rows = await db.select().from(savedQueries).orderBy(asc(savedQueries.id))
  return rows.map(withDefinition)
}

export async function getSavedQuery(db: Executor, id: number): Promise<SavedQuery> {
  const [row] = await db.select().from(savedQueries).where(eq(savedQueries.id, id))
  if (!row) throw new SavedQueryNotFoundError(id)
  return withDefinition(row)
}

export async function findSavedQueryByName(db: Executor, name: string) {
  const [row] = await db
    .select({ id: savedQueries.id })
    .from(savedQueries)
    .where(eq(savedQueries.name, name))
  return row ?? null
}

export async function usersOf(db: Executor, id: number): Promise<QueryUsers> {
  const types = await db
    .select({ key: optInTypes.key })
    .from(optInTypes)
    .where(or(eq(optInTypes.autoOptInQueryId, id), eq(optInTypes.autoOptOutQueryId, id)))
    .orderBy(asc(optInTypes.key))
  const queries = await db
    .select({ id: savedQueries.id, name: savedQueries.name })
    .from(savedQueryUses)
    .innerJoin(savedQueries, eq(savedQueries.id, savedQueryUses.queryId))
    .where(eq(savedQueryUses.usedQueryId, id))
    .orderBy(asc(savedQueries.id))

  return { types: types.map((type) => type.key), queries }
}

/** Who uses each saved query that is in use, for listing them. */
export async function allUsers(db: Executor): Promise<Map<number, QueryUsers>> {
  const users = new Map<number, QueryUsers>()
  const of = (id: number) => {
    if (!users.has(id)) users.set(id, { types: [], queries: [] })
    return users.get(id)!
  }

  const types = await db
    .select({
      key: optInTypes.key,
      optInQueryId: optInTypes.autoOptInQueryId,
      optOutQueryId: optInTypes.autoOptOutQueryId,
    })
    .from(optInTypes)
    .orderBy(asc(optInTypes.key))
  for (const type of types) {
    for (const id of new Set([type.optInQueryId, type.optOutQueryId])) {
      if (id !== null) of(id).types.push(type.key)
    }
  }

  const uses = await db
    .select({
      usedQueryId: savedQueryUses.usedQueryId,
      id: savedQueries.id,
      name: savedQueries.name,
    })
    .from(savedQueryUses)
    .innerJoin(savedQueries, eq(savedQueries.id, savedQueryUses.queryId))
    .orderBy(asc(savedQueries.id))
  for (const use of uses) of(use.usedQueryId).queries.push({ id: use.id, name: use.name })

  return users
}

/** Records which saved queries `queryId` names, replacing what it named before. */
export async function replaceUses(tx: Transaction, queryId: number, usedIds: number[]) {
  await tx.delete(savedQueryUses).where(eq(savedQueryUses.queryId, queryId))
  if (usedIds.length === 0) return

  await tx.insert(savedQueryUses).values(usedIds.map((usedQueryId) => ({ queryId, usedQueryId })))
}

/** The saved queries with these ids that exist, for checking references. */
export async function existingQueryIds(db: Executor, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set()
  const rows = await db
    .select({ id: savedQueries.id })
    .from(savedQueries)
    .where(inArray(savedQueries.id, ids))
  return new Set(rows.map((row) => row.id))
}

/**
 * Runs `change` while no other transaction changes which saved query uses which, so two
 * edits at the same moment cannot together build a cycle or delete a query in use.
 */
export async function withQueryStructureLock<T>(
  db: Database,
  change: (tx: Transaction) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${queryStructureLockKey})`)
    return change(tx)
  })
}

const queryStructureLockKey = 7_301_005

function withDefinition(row: SavedQueryRow): SavedQuery {
  return { ...row, definition: parseStoredDefinition(row) }
}
