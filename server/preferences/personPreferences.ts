/** What a person sees in the preference centre: the active types and their effective state. */
import type { Executor } from '../../db/client.ts'
import type { Language, MediaChannel, OptInKind } from '../../db/schema/index.ts'
import { typesWithStateOf } from '../consent/typesWithState.ts'
import { localise } from '../optInTypes/localise.ts'

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
  /** False when the person cannot change it here; `optOutNote` then says how they can. */
  selfService: boolean
  optOutNote: string | null
}

export async function loadPreferences(
  db: Executor,
  personId: number,
  language: Language,
): Promise<PreferenceView[]> {
  const rows = await typesWithStateOf(db, personId, { activeOnly: true })

  return rows.map(({ type, state, parentKey }) => ({
    key: type.key,
    parentKey,
    label: localise(type.labels, language),
    description: localise(type.descriptions, language),
    channel: type.channel,
    kind: type.kind,
    optIn: state?.optIn ?? false,
    soft: state?.soft ?? false,
    decidedAt: state?.decidedAt.toISOString() ?? null,
    selfService: type.selfService,
    optOutNote: type.optOutNotes ? localise(type.optOutNotes, language) : null,
  }))
}
