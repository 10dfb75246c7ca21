/**
 * Selects a mailing's audience in batches and gives each recipient a contact moment, so a
 * million recipients are streamed, never held in memory. Selecting again returns the same
 * contact moments: one mailing to one person is one contact moment.
 */
import { and, asc, gt, inArray, type SQL, sql } from 'drizzle-orm'
import type { Database } from '../../db/client.ts'
import { contactMoments, type Mailing, persons } from '../../db/schema/index.ts'
import type { Recipient } from './recipientLinks.ts'

export async function* selectAudience(
  db: Database,
  mailing: Mailing,
  where: SQL,
  batchSize = 1000,
): AsyncGenerator<Recipient[]> {
  let afterId = 0

  for (;;) {
    const batch = await db
      .select({ id: persons.id, email: persons.email, language: persons.language })
      .from(persons)
      .where(and(where, gt(persons.id, afterId)))
      .orderBy(asc(persons.id))
      .limit(batchSize)
    const last = batch.at(-1)
    if (!last) return

    const moments = await contactMomentsFor(
      db,
      mailing.id,
      batch.map((person) => person.id),
    )
    yield batch.map((person) => ({
      personId: person.id,
      email: person.email ?? '',
      language: person.language,
      contactMomentId: moments.get(person.id)!,
    }))
    afterId = last.id
  }
}

async function contactMomentsFor(
  db: Database,
  mailingId: number,
  personIds: number[],
): Promise<Map<number, number>> {
  await db
    .insert(contactMoments)
    .values(personIds.map((personId) => ({ mailingId, personId })))
    .onConflictDoNothing({ target: [contactMoments.mailingId, contactMoments.personId] })

  const rows = await db
    .select({ id: contactMoments.id, personId: contactMoments.personId })
    .from(contactMoments)
    .where(
      and(
        sql`${contactMoments.mailingId} = ${mailingId}`,
        inArray(contactMoments.personId, personIds),
      ),
    )
  return new Map(rows.map((row) => [row.personId, row.id]))
}
