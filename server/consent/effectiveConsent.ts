/**
 * The effective-consent rule of SPEC §2, in the one place it is written down:
 * a hard record always beats a soft one; among records of the same hardness the newest
 * decides, by recordedAt and then by id when two were recorded at the same instant.
 *
 * The rule is applied incrementally: each new record is offered to the person's current
 * state for its type, and replaces it only when it outranks the record that decided it.
 */
import { sql } from 'drizzle-orm'
import type { Executor } from '../../db/client.ts'
import { type ConsentRecord, consentStates } from '../../db/schema/index.ts'

/** True when the offered record (`excluded`) outranks the one that decided the stored state. */
const offeredRecordOutranksStored = sql`
  (${consentStates.soft} and not excluded.soft)
  or (
    ${consentStates.soft} = excluded.soft
    and (excluded.decided_at, excluded.deciding_record_id)
      > (${consentStates.decidedAt}, ${consentStates.decidingRecordId})
  )`

/** Must run in the transaction that inserted `record`, so ledger and state never disagree. */
export async function offerToConsentState(tx: Executor, record: ConsentRecord): Promise<void> {
  await tx
    .insert(consentStates)
    .values({
      personId: record.personId,
      optInTypeId: record.optInTypeId,
      optIn: record.optIn,
      soft: record.soft,
      decidingRecordId: record.id,
      decidedAt: record.recordedAt,
    })
    .onConflictDoUpdate({
      target: [consentStates.personId, consentStates.optInTypeId],
      set: {
        optIn: sql`excluded.opt_in`,
        soft: sql`excluded.soft`,
        decidingRecordId: sql`excluded.deciding_record_id`,
        decidedAt: sql`excluded.decided_at`,
      },
      setWhere: offeredRecordOutranksStored,
    })
}
