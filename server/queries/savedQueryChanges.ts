/**
 * Creating, changing and deleting saved queries. Every definition is compiled before it is
 * stored, so an unknown type or query, a cycle (also through other queries) or an
 * oversized selection is refused at once rather than when a mailing or the job runs.
 */
import { eq } from 'drizzle-orm'
import type { Database, Transaction } from '../../db/client.ts'
import { savedQueries } from '../../db/schema/index.ts'
import type { Clock } from '../clock.ts'
import { databaseErrorCode } from '../http/errorForLog.ts'
import type { QueryCondition } from './definition.ts'
import { subQueryIds } from './definitionWalk.ts'
import { SavedQueryInUseError, SavedQueryNameTakenError } from './errors.ts'
import {
  findSavedQueryByName,
  getSavedQuery,
  replaceUses,
  type SavedQuery,
  usersOf,
  withQueryStructureLock,
} from './repository.ts'
import { selectionWhere } from './selection.ts'

export interface SavedQueryInput {
  name: string
  description: string
  definition: QueryCondition
}

interface Actor {
  apiKeyId: number | null
  clock: Clock
  /** A definition may name only the types its author may view. */
  visibleTypeIds?: ReadonlySet<number>
}

const foreignKeyViolation = '23503'

export async function createSavedQuery(
  db: Database,
  input: SavedQueryInput,
  actor: Actor,
): Promise<SavedQuery> {
  return withQueryStructureLock(db, async (tx) => {
    await refuseTakenName(tx, input.name, null)
    await selectionWhere(tx, input.definition, {
      now: actor.clock(),
      visibleTypeIds: actor.visibleTypeIds,
    })

    const now = actor.clock()
    const [row] = await tx
      .insert(savedQueries)
      .values({
        ...input,
        createdAt: now,
        updatedAt: now,
        createdByApiKeyId: actor.apiKeyId,
        updatedByApiKeyId: actor.apiKeyId,
      })
      .returning({ id: savedQueries.id })
    if (!row) throw new Error('The database returned no saved query after inserting one.')

    await replaceUses(tx, row.id, subQueryIds(input.definition))
    return getSavedQuery(tx, row.id)
  })
}

export async function updateSavedQuery(
  db: Database,
  id: number,
  changes: Partial<SavedQueryInput>,
  actor: Actor,
): Promise<SavedQuery> {
  return withQueryStructureLock(db, async (tx) => {
    const current = await getSavedQuery(tx, id)
    if (changes.name !== undefined) await refuseTakenName(tx, changes.name, id)
    const definition = changes.definition ?? current.definition
    await selectionWhere(tx, definition, {
      now: actor.clock(),
      queryId: id,
      visibleTypeIds: actor.visibleTypeIds,
    })

    await tx
      .update(savedQueries)
      .set({ ...changes, updatedAt: actor.clock(), updatedByApiKeyId: actor.apiKeyId })
      .where(eq(savedQueries.id, id))
    await replaceUses(tx, id, subQueryIds(definition))
    return getSavedQuery(tx, id)
  })
}

/** Refused while an opt-in type or another saved query uses it. */
export async function deleteSavedQuery(db: Database, id: number): Promise<void> {
  try {
    await withQueryStructureLock(db, async (tx) => {
      await getSavedQuery(tx, id)
      const users = await usersOf(tx, id)
      if (users.types.length || users.queries.length) throw new SavedQueryInUseError(id, users)

      await tx.delete(savedQueries).where(eq(savedQueries.id, id))
    })
  } catch (error) {
    // A type may have been pointed at it after the check; its foreign key still refuses.
    if (databaseErrorCode(error) !== foreignKeyViolation) throw error
    throw new SavedQueryInUseError(id, await usersOf(db, id))
  }
}

async function refuseTakenName(tx: Transaction, name: string, ownId: number | null) {
  const holder = await findSavedQueryByName(tx, name)
  if (holder && holder.id !== ownId) throw new SavedQueryNameTakenError(name)
}
