/**
 * One-click unsubscribe (RFC 8058): an opt-out for the mailing's type, recorded once however
 * often the mail client or the person posts it while they remain opted out.
 */
import { and, eq } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { consentStates, contactMoments, mailings, persons } from '../../db/schema/index.ts'
import type { Clock } from '../clock.ts'
import { appendConsentRecords } from '../consent/recordConsent.ts'

export const oneClickDescription = 'Afgemeld met de afmeldlink van de mailing (één klik)'

export type UnsubscribeOutcome = 'recorded' | 'already-recorded' | 'unknown-contact-moment'

export async function unsubscribeByContactMoment(
  db: Database,
  contactMomentId: number,
  clock: Clock,
): Promise<UnsubscribeOutcome> {
  return db.transaction(async (tx) => {
    // The lock makes two posts at the same moment record one opt-out, not two.
    const [moment] = await tx
      .select({
        personId: contactMoments.personId,
        optInTypeId: mailings.optInTypeId,
        anonymised: persons.anonymised,
      })
      .from(contactMoments)
      .innerJoin(mailings, eq(mailings.id, contactMoments.mailingId))
      .innerJoin(persons, eq(persons.id, contactMoments.personId))
      .where(eq(contactMoments.id, contactMomentId))
      .for('update', { of: contactMoments })
    if (!moment || moment.anonymised) return 'unknown-contact-moment'

    // A repeat while the person is still opted out adds nothing; after opting in again, a
    // new one-click must take effect.
    const [state] = await tx
      .select({ optIn: consentStates.optIn, soft: consentStates.soft })
      .from(consentStates)
      .where(
        and(
          eq(consentStates.personId, moment.personId),
          eq(consentStates.optInTypeId, moment.optInTypeId),
        ),
      )
    if (state && !state.optIn && !state.soft) return 'already-recorded'

    await appendConsentRecords(
      tx,
      [
        {
          personId: moment.personId,
          optInTypeId: moment.optInTypeId,
          optIn: false,
          soft: false,
          channel: 'one_click_unsubscribe',
          description: oneClickDescription,
          contactMomentId,
        },
      ],
      clock,
    )
    return 'recorded'
  })
}
