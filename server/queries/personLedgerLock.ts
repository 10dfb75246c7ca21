/**
 * The per-person lock of the consent ledger: the chain trigger of migration 0007 takes it
 * (`pg_advisory_xact_lock(7301004, hashtext(person_id::text))`) for every record it inserts,
 * so whoever holds it for a person is the only one writing that person's ledger until its
 * transaction ends. Keep the two in step.
 */
import { type SQL, sql } from 'drizzle-orm'
import type { Transaction } from '../../db/client.ts'
import { persons } from '../../db/schema/index.ts'

const ledgerLockSpace = 7_301_004

/** True when the lock on this person's ledger was free and is now held; never waits. */
export const tryLockPersonLedger: SQL<boolean> = sql<boolean>`pg_try_advisory_xact_lock(
  ${ledgerLockSpace}::integer, hashtext(${persons.id}::text)
)`

/**
 * Waits for and takes the ledger locks of these persons, in id order so that two writers
 * never wait for each other. Taken before the clock is read, a record's recordedAt is never
 * older than that of a record another transaction wrote for the same person before it.
 */
export async function lockPersonLedgers(tx: Transaction, personIds: number[]): Promise<void> {
  if (personIds.length === 0) return
  const ids = sql.join(
    [...new Set(personIds)].map((id) => sql`(${id}::bigint)`),
    sql`, `,
  )

  // One round trip for a whole batch; the ordered subquery sets the order of locking.
  await tx.execute(sql`
    select pg_advisory_xact_lock(${ledgerLockSpace}::integer, hashtext(id::text))
    from (select id from (values ${ids}) as wanted(id) order by id) as ordered`)
}
