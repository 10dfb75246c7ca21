/**
 * The one way a consent record may change: anonymisation replaces its description (which
 * can hold an operator's note about the person) with a fixed marker. The database trigger
 * refuses every other change, and this one outside such a transaction.
 */
import { and, eq, ne, sql } from 'drizzle-orm'
import type { Transaction } from './client.ts'
import { consentRecords } from './schema/index.ts'

export const anonymisedDescription = '[anonymised]'

export async function anonymiseLedgerDescriptions(
  tx: Transaction,
  personId: number,
): Promise<number> {
  await tx.execute(sql`select set_config('smp.ledger_anonymisation', 'on', true)`)

  const changed = await tx
    .update(consentRecords)
    .set({ description: anonymisedDescription })
    .where(
      and(
        eq(consentRecords.personId, personId),
        ne(consentRecords.description, anonymisedDescription),
      ),
    )
    .returning({ id: consentRecords.id })
  return changed.length
}
