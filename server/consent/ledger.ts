/** Reading a person's consent ledger and effective state for operators. */
import { desc, eq } from 'drizzle-orm'
import type { Executor } from '../../db/client.ts'
import { consentRecords, optInTypes } from '../../db/schema/index.ts'
import { typesWithStateOf } from './typesWithState.ts'

export interface LedgerEntry {
  id: number
  recordedAt: string
  type: string
  channel: string
  optIn: boolean
  soft: boolean
  description: string
  contactMomentId: number | null
  recordedByApiKeyId: number | null
}

/** Newest first, as operators read a history. */
export async function listConsentRecords(db: Executor, personId: number): Promise<LedgerEntry[]> {
  const rows = await db
    .select({ record: consentRecords, type: optInTypes.key })
    .from(consentRecords)
    .innerJoin(optInTypes, eq(optInTypes.id, consentRecords.optInTypeId))
    .where(eq(consentRecords.personId, personId))
    .orderBy(desc(consentRecords.id))

  return rows.map(({ record, type }) => ({
    id: record.id,
    recordedAt: record.recordedAt.toISOString(),
    type,
    channel: record.channel,
    optIn: record.optIn,
    soft: record.soft,
    description: record.description,
    contactMomentId: record.contactMomentId,
    recordedByApiKeyId: record.recordedByApiKeyId,
  }))
}

export interface EffectiveConsent {
  type: string
  active: boolean
  optIn: boolean
  soft: boolean | null
  decidingRecordId: number | null
  decidedAt: string | null
}

/** Every type, with the person's effective consent; no record at all means no consent. */
export async function effectiveConsentOf(
  db: Executor,
  personId: number,
): Promise<EffectiveConsent[]> {
  const rows = await typesWithStateOf(db, personId, { activeOnly: false })

  return rows.map(({ type, state }) => ({
    type: type.key,
    active: type.active,
    optIn: state?.optIn ?? false,
    soft: state?.soft ?? null,
    decidingRecordId: state?.decidingRecordId ?? null,
    decidedAt: state?.decidedAt.toISOString() ?? null,
  }))
}
