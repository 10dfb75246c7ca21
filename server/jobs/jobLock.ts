/**
 * Runs one batch of a scheduled job in a transaction that holds the job's advisory lock, so
 * only one server works on the job at a time; null when another server holds it.
 */
import { sql } from 'drizzle-orm'
import type { Database, Transaction } from '../../db/client.ts'

export async function underJobLock<T>(
  db: Database,
  lockKey: number,
  batch: (tx: Transaction) => Promise<T>,
): Promise<T | null> {
  return db.transaction(async (tx) => {
    const [lock] = await tx
      .select({ taken: sql<boolean>`pg_try_advisory_xact_lock(${lockKey})` })
      .from(sql`(select 1) as one`)
    if (!lock?.taken) return null
    return batch(tx)
  })
}
