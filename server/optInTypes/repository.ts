/** Reading and writing opt-in types. */
import { asc, eq, sql } from 'drizzle-orm'
import type { Database, Executor, Transaction } from '../../db/client.ts'
import { type NewOptInType, type OptInType, optInTypes } from '../../db/schema/index.ts'

export async function listOptInTypes(
  db: Executor,
  options: { activeOnly: boolean },
): Promise<OptInType[]> {
  const rows = await db
    .select()
    .from(optInTypes)
    .where(options.activeOnly ? eq(optInTypes.active, true) : undefined)
    .orderBy(asc(optInTypes.sortOrder), asc(optInTypes.id))

  return orderParentsBeforeSubgroups(rows)
}

export async function findOptInTypeByKey(db: Executor, key: string): Promise<OptInType | null> {
  const [row] = await db.select().from(optInTypes).where(eq(optInTypes.key, key))
  return row ?? null
}

export async function insertOptInType(db: Executor, values: NewOptInType): Promise<OptInType> {
  const [row] = await db.insert(optInTypes).values(values).returning()
  if (!row) throw new Error(`The database returned no opt-in type after inserting "${values.key}".`)
  return row
}

export async function updateOptInType(
  db: Executor,
  id: number,
  values: Partial<NewOptInType>,
): Promise<OptInType> {
  const [row] = await db
    .update(optInTypes)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(optInTypes.id, id))
    .returning()
  if (!row) throw new Error(`Opt-in type ${id} disappeared while it was being updated.`)
  return row
}

/**
 * Runs `change` while no other transaction can change which type is whose subgroup, so two
 * concurrent changes cannot together build a loop or a subgroup of a subgroup.
 */
export async function withTypeStructureLock<T>(
  db: Database,
  change: (tx: Transaction) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${typeStructureLockKey})`)
    return change(tx)
  })
}

const typeStructureLockKey = 7_301_001

/**
 * Each top-level type followed by its subgroups, keeping the given order within each level.
 * A subgroup whose parent is not in the list (inactive parent) is shown at the top level,
 * and a type in no such place (deeper nesting) comes last: a type is never left out.
 */
export function orderParentsBeforeSubgroups(types: OptInType[]): OptInType[] {
  const present = new Set(types.map((type) => type.id))
  const isTopLevel = (type: OptInType) => type.parentId === null || !present.has(type.parentId)

  const ordered = types
    .filter(isTopLevel)
    .flatMap((parent) => [parent, ...types.filter((type) => type.parentId === parent.id)])
  const placed = new Set(ordered)
  return [...ordered, ...types.filter((type) => !placed.has(type))]
}
