/**
 * Changes a person's fields, with the two rules of SPEC §7: releasing a bouncer makes the
 * address mailable again with its validity back to "1. Valid", and a new address starts
 * over the same way (its bounces belonged to the old one). Both land in the audit trail.
 */
import { eq } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { type NewPerson, type Person, persons } from '../../db/schema/index.ts'
import { type AuditEntryInput, recordAudit } from '../audit/auditTrail.ts'
import type { Clock } from '../clock.ts'
import { PersonNotFoundError } from '../consent/errors.ts'
import { getChangeablePerson } from './repository.ts'

export type PersonChanges = Partial<Omit<NewPerson, 'bouncer'>> & {
  /** Only `false`: a person becomes a bouncer by bouncing, never by hand. */
  bouncer?: false
}

export async function updatePerson(
  db: Database,
  id: number,
  changes: PersonChanges,
  actor: { apiKeyId: number | null; clock: Clock },
): Promise<Person> {
  return db.transaction(async (tx) => {
    const current = await getChangeablePerson(tx, id)
    const now = actor.clock()
    const newAddress =
      changes.email !== undefined && changes.email?.toLowerCase() !== current.email?.toLowerCase()
    const released = changes.bouncer === false && current.bouncer

    const startOver =
      newAddress || released
        ? {
            bouncer: false,
            emailValidity: 'valid' as const,
            consecutiveBounces: 0,
            bouncesCountedFrom: now,
          }
        : {}
    const [row] = await tx
      .update(persons)
      .set({ ...changes, ...startOver })
      .where(eq(persons.id, id))
      .returning()
    if (!row) throw new PersonNotFoundError(id)

    const audit = (action: string, details: Record<string, unknown> = {}): AuditEntryInput => ({
      action,
      personId: id,
      apiKeyId: actor.apiKeyId,
      details,
    })
    await recordAudit(
      tx,
      [
        audit('person-updated', { fields: Object.keys(changes).sort() }),
        ...(released ? [audit('bouncer-released')] : []),
        ...(newAddress ? [audit('email-changed', { wasBouncer: current.bouncer })] : []),
      ],
      now,
    )
    return row
  })
}
