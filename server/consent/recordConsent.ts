/** Appends consent records to the ledger and updates the effective state with them. */
import type { Database, Transaction } from '../../db/client.ts'
import { type ConsentChannel, type ConsentRecord, consentRecords } from '../../db/schema/index.ts'
import type { Clock } from '../clock.ts'
import { lockPersonLedgers } from '../queries/personLedgerLock.ts'
import { offerToConsentState } from './effectiveConsent.ts'

export interface ConsentEntry {
  personId: number
  optInTypeId: number
  optIn: boolean
  channel: ConsentChannel
  /** The label text the person saw, or an operator's reason for a manual entry. */
  description: string
  soft: boolean
  contactMomentId?: number | null
  recordedByApiKeyId?: number | null
}

/** Records every entry or none, each with its own id in the order given. */
export async function recordConsents(
  db: Database,
  entries: ConsentEntry[],
  clock: Clock,
): Promise<ConsentRecord[]> {
  return db.transaction((tx) => appendConsentRecords(tx, entries, clock))
}

/** The same inside a transaction the caller already holds, with other work of its own. */
export async function appendConsentRecords(
  tx: Transaction,
  entries: ConsentEntry[],
  clock: Clock,
): Promise<ConsentRecord[]> {
  const recorded: ConsentRecord[] = []
  await lockPersonLedgers(
    tx,
    entries.map((entry) => entry.personId),
  )

  for (const entry of entries) {
    const [record] = await tx
      .insert(consentRecords)
      .values({ ...entry, recordedAt: clock() })
      .returning()
    if (!record) throw new Error('The database returned no consent record after inserting one.')

    await offerToConsentState(tx, record)
    recorded.push(record)
  }

  return recorded
}
