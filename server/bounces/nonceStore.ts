/** One-time webhook values kept in the database, so a replay is refused on every server. */
import type { Database } from '../../db/client.ts'
import { webhookNonces } from '../../db/schema/index.ts'
import type { Clock } from '../clock.ts'
import type { NonceStore } from './providers/provider.ts'

export function databaseNonceStore(db: Database, clock: Clock): NonceStore {
  return {
    async claim(provider, nonce) {
      const claimed = await db
        .insert(webhookNonces)
        .values({ provider, nonce, seenAt: clock() })
        .onConflictDoNothing()
        .returning({ nonce: webhookNonces.nonce })
      return claimed.length === 1
    },
  }
}
