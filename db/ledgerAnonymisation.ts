/**
 * The one way a consent record may change: anonymisation replaces its description (which
 * can hold an operator's note about the person) with a fixed marker. The database trigger
 * refuses every other change, and this one outside such a transaction.
 */
import { and, eq, inArray, ne, sql } from 'drizzle-orm'
import type { Transaction } from './client.ts'
import { type ConsentChannel, consentRecords } from './schema/index.ts'

export const anonymisedDescription = '[anonymised]'

/**
 * Replaces the descriptions of a person's records on the given channels (all when none are
 * given) with the marker. Label texts that everyone saw hold no personal data; an operator's
 * note about a telephone call may.
 */
export async function anonymiseLedgerDescriptions(
  tx: Transaction,
  personId: number,
  channels?: ConsentChannel[],
): Promise<number> {
  await tx.execute(sql`select set_config('smp.ledger_anonymisation', 'on', true)`)

  const changed = await tx
    .update(consentRecords)
    .set({ description: anonymisedDescription })
    .where(
      and(
        eq(consentRecords.personId, personId),
        ne(consentRecords.description, anonymisedDescription),
        channels ? inArray(consentRecords.channel, channels) : undefined,
      ),
    )
    .returning({ id: consentRecords.id })
  return changed.length
}
