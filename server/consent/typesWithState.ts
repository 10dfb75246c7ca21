/** Opt-in types joined with one person's effective consent, in display order. */
import { and, eq } from 'drizzle-orm'
import type { Executor } from '../../db/client.ts'
import {
  type ConsentState,
  consentStates,
  type OptInType,
  optInTypes,
} from '../../db/schema/index.ts'
import { orderParentsBeforeSubgroups } from '../optInTypes/repository.ts'

export interface TypeWithState {
  type: OptInType
  /** Null when the person has no record at all for the type, which means no consent. */
  state: ConsentState | null
  parentKey: string | null
}

export async function typesWithStateOf(
  db: Executor,
  personId: number,
  options: { activeOnly: boolean },
): Promise<TypeWithState[]> {
  const rows = await db
    .select({ type: optInTypes, state: consentStates })
    .from(optInTypes)
    .leftJoin(
      consentStates,
      and(eq(consentStates.optInTypeId, optInTypes.id), eq(consentStates.personId, personId)),
    )
    .where(options.activeOnly ? eq(optInTypes.active, true) : undefined)
    .orderBy(optInTypes.sortOrder, optInTypes.id)

  const stateByType = new Map(rows.map((row) => [row.type.id, row.state]))
  const keyById = new Map(rows.map((row) => [row.type.id, row.type.key]))

  return orderParentsBeforeSubgroups(rows.map((row) => row.type)).map((type) => ({
    type,
    state: stateByType.get(type.id) ?? null,
    parentKey: (type.parentId !== null && keyById.get(type.parentId)) || null,
  }))
}
