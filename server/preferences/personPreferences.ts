/** What a person sees in the preference centre: the active types and their effective state. */
import { and, eq } from 'drizzle-orm'
import type { Executor } from '../../db/client.ts'
import {
  consentStates,
  type Language,
  type MediaChannel,
  type OptInKind,
  optInTypes,
} from '../../db/schema/index.ts'
import { localise } from '../optInTypes/localise.ts'
import { orderParentsBeforeSubgroups } from '../optInTypes/repository.ts'

export interface PreferenceView {
  key: string
  parentKey: string | null
  label: string
  description: string
  channel: MediaChannel
  kind: OptInKind
  optIn: boolean
  soft: boolean
  decidedAt: string | null
}

export async function loadPreferences(
  db: Executor,
  personId: number,
  language: Language,
): Promise<PreferenceView[]> {
  const rows = await db
    .select({ type: optInTypes, state: consentStates })
    .from(optInTypes)
    .leftJoin(
      consentStates,
      and(eq(consentStates.optInTypeId, optInTypes.id), eq(consentStates.personId, personId)),
    )
    .where(eq(optInTypes.active, true))
    .orderBy(optInTypes.sortOrder, optInTypes.id)

  const stateByType = new Map(rows.map((row) => [row.type.id, row.state]))
  const keyById = new Map(rows.map((row) => [row.type.id, row.type.key]))
  const ordered = orderParentsBeforeSubgroups(rows.map((row) => row.type))

  return ordered.map((type) => {
    const state = stateByType.get(type.id)
    return {
      key: type.key,
      parentKey: (type.parentId !== null && keyById.get(type.parentId)) || null,
      label: localise(type.labels, language),
      description: localise(type.descriptions, language),
      channel: type.channel,
      kind: type.kind,
      optIn: state?.optIn ?? false,
      soft: state?.soft ?? false,
      decidedAt: state?.decidedAt.toISOString() ?? null,
    }
  })
}
