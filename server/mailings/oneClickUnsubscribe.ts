/**
 * One-click unsubscribe (RFC 8058): an opt-out for the mailing's type, recorded once per
 * contact moment however often the mail client or the person posts it.
 */
import { and, eq } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { consentRecords, contactMoments, mailings, persons } from '../../db/schema/index.ts'
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

    const [earlier] = await tx
      .select({ id: consentRecords.id })
      .from(consentRecords)
      .where(
        and(
          eq(consentRecords.contactMomentId, contactMomentId),
          eq(consentRecords.channel, 'one_click_unsubscribe'),
        ),
      )
      .limit(1)
    if (earlier) return 'already-recorded'

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
