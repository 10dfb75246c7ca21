/**
 * Turns a definition or a saved query into the SQL condition that selects its persons,
 * loading the opt-in types and every saved query it reaches first.
 */
import { eq, inArray, type SQL } from 'drizzle-orm'
import type { Executor } from '../../db/client.ts'
import { optInTypes, savedQueries } from '../../db/schema/index.ts'
import { compileQuery, type CompileContext, type StoredDefinition } from './compileQuery.ts'
import type { QueryCondition } from './definition.ts'
import { subQueryIds } from './definitionWalk.ts'
import { SavedQueryNotFoundError } from './errors.ts'
import { parseStoredDefinition } from './storedDefinition.ts'

export interface SelectionOptions {
  now: Date
  queryId?: number
  /**
   * The types the operator may view; a definition that names another one, directly or in a
   * sub-query, is refused as naming an unknown type. Absent for the system's own jobs.
   */
  visibleTypeIds?: ReadonlySet<number>
}

/**
 * The condition for `definition`. With `queryId`, the definition is that query's (perhaps
 * new) one, so a sub-query that leads back to it is recognised as a cycle.
 */
export async function selectionWhere(
  db: Executor,
  definition: QueryCondition,
  options: SelectionOptions,
): Promise<SQL> {
  const context = await loadContext(db, definition, options)
  return compileQuery(definition, context, options.queryId)
}

/** The condition of a stored saved query. */
export async function savedQueryWhere(
  db: Executor,
  queryId: number,
  now: Date,
  visibleTypeIds?: ReadonlySet<number>,
): Promise<SQL> {
  const [row] = await db.select().from(savedQueries).where(eq(savedQueries.id, queryId))
  if (!row) throw new SavedQueryNotFoundError(queryId)

  return selectionWhere(db, parseStoredDefinition(row), { now, queryId, visibleTypeIds })
}

async function loadContext(
  db: Executor,
  definition: QueryCondition,
  options: SelectionOptions,
): Promise<CompileContext> {
  const allTypes = await db.select({ id: optInTypes.id, key: optInTypes.key }).from(optInTypes)
  const { visibleTypeIds } = options
  const types = visibleTypeIds ? allTypes.filter((type) => visibleTypeIds.has(type.id)) : allTypes
  const reachable = await loadReachableQueries(db, definition, options.queryId)

  return {
    now: options.now,
    typeIds: new Map(types.map((type) => [type.key, type.id])),
    savedQueries: reachable,
  }
}

/**
 * Every saved query reachable from `definition`, a layer of sub-queries per round trip.
 * The query being edited is taken with its new definition, not the stored one.
 */
async function loadReachableQueries(
  db: Executor,
  definition: QueryCondition,
  queryId: number | undefined,
): Promise<Map<number, StoredDefinition>> {
  const loaded = new Map<number, StoredDefinition>()
  if (queryId !== undefined) loaded.set(queryId, { name: `#${queryId}`, definition })
  let wanted = subQueryIds(definition).filter((id) => !loaded.has(id))

  while (wanted.length) {
    const rows = await db.select().from(savedQueries).where(inArray(savedQueries.id, wanted))
    for (const row of rows)
      loaded.set(row.id, { name: row.name, definition: parseStoredDefinition(row) })

    // Ids that do not exist stay unloaded; compiling reports them where they are named.
    wanted = [
      ...new Set(rows.flatMap((row) => subQueryIds(loaded.get(row.id)!.definition))),
    ].filter((id) => !loaded.has(id))
  }
  return loaded
}
