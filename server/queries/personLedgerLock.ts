/**
 * The per-person lock of the consent ledger: the chain trigger of migration 0007 takes it
 * (`pg_advisory_xact_lock(7301004, hashtext(person_id::text))`) for every record it inserts,
 * so whoever holds it for a person is the only one writing that person's ledger until its
 * transaction ends. Keep the two in step.
 */
import { type SQL, sql } from 'drizzle-orm'
import { persons } from '../../db/schema/index.ts'

const ledgerLockSpace = 7_301_004

/** True when the lock on this person's ledger was free and is now held; never waits. */
export const tryLockPersonLedger: SQL<boolean> = sql<boolean>`pg_try_advisory_xact_lock(
  ${ledgerLockSpace}::integer, hashtext(${persons.id}::text)
)`
