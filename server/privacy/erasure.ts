/**
 * Erasure, the right to be forgotten (SPEC §9): anonymises the person, removes what nothing
 * requires to keep (their opens and clicks, the mails sent to them), and leaves a tombstone
 * that proves when it was asked and done, without personal data.
 */
import { eq } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { erasureRequests, outboxMails, trackingEvents } from '../../db/schema/index.ts'
import { anonymiseInTransaction } from './anonymise.ts'

export async function erasePerson(
  db: Database,
  personId: number,
  request: { requestedVia: string; requestedAt: Date; apiKeyId: number | null; now: Date },
) {
  return db.transaction(async (tx) => {
    await anonymiseInTransaction(tx, personId, {
      reason: 'erasure',
      apiKeyId: request.apiKeyId,
      now: request.now,
    })
    await tx.delete(trackingEvents).where(eq(trackingEvents.personId, personId))
    await tx.delete(outboxMails).where(eq(outboxMails.personId, personId))

    const [tombstone] = await tx
      .insert(erasureRequests)
      .values({
        personId,
        requestedVia: request.requestedVia,
        requestedAt: request.requestedAt,
        recordedByApiKeyId: request.apiKeyId,
        completedAt: request.now,
      })
      .returning()
    return tombstone!
  })
}
