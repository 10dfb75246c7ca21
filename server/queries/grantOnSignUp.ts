/**
 * "Grant on sign-up" (SPEC §3): e.g. Profiling is switched on, softly, when someone
 * confirms a sign-up for a hard type. Like the automatic job it only records for a type
 * the person has no record for, so an earlier opt-out by letter stays what it was.
 */
import { and, eq, inArray } from 'drizzle-orm'
import type { Transaction } from '../../db/client.ts'
import { type ConsentRecord, consentRecords, optInTypes } from '../../db/schema/index.ts'
import type { Clock } from '../clock.ts'
import { appendConsentRecords } from '../consent/recordConsent.ts'

export const grantOnSignUpDescription = 'Automatische opt-in bij het bevestigen van een aanmelding'

/** Run in the transaction that records the sign-up's hard opt-ins. */
export async function grantOnSignUp(
  tx: Transaction,
  personId: number,
  clock: Clock,
): Promise<ConsentRecord[]> {
  const granted = await tx
    .select({ id: optInTypes.id })
    .from(optInTypes)
    .where(
      and(
        eq(optInTypes.grantOnSignUp, true),
        eq(optInTypes.active, true),
        eq(optInTypes.kind, 'soft'),
      ),
    )
  if (granted.length === 0) return []

  const recorded = await tx
    .selectDistinct({ optInTypeId: consentRecords.optInTypeId })
    .from(consentRecords)
    .where(
      and(
        eq(consentRecords.personId, personId),
        inArray(
          consentRecords.optInTypeId,
          granted.map((type) => type.id),
        ),
      ),
    )
  const known = new Set(recorded.map((row) => row.optInTypeId))

  return appendConsentRecords(
    tx,
    granted
      .filter((type) => !known.has(type.id))
      .map((type) => ({
        personId,
        optInTypeId: type.id,
        optIn: true,
        soft: true,
        channel: 'automatic' as const,
        description: grantOnSignUpDescription,
      })),
    clock,
  )
}
