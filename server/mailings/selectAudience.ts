/**
 * Selects a mailing's audience in batches and gives each recipient a contact moment, so a
 * million recipients are streamed, never held in memory. Selecting again returns the same
 * contact moments: one mailing to one person is one contact moment.
 */
import { type SQL, sql } from 'drizzle-orm'
import { type Database, rowsOf } from '../../db/client.ts'
import { contactMoments, type Mailing, persons } from '../../db/schema/index.ts'
import type { Recipient } from './recipientLinks.ts'

/** The audience's condition for the persons after this id, which is where a batch starts. */
export type AudienceAfter = (afterPersonId: number) => SQL

interface BatchRow {
  id: number | string
  email: string | null
  language: string
  contact_moment_id: number | string
}

export async function* selectAudience(
  db: Database,
  mailing: Mailing,
  whereAfter: AudienceAfter,
  batchSize = 2000,
): AsyncGenerator<Recipient[]> {
  let afterId = 0

  for (;;) {
    const rows = rowsOf<BatchRow>(
      await db.execute(batchWithMoments(mailing.id, whereAfter(afterId), batchSize)),
    )
    if (rows.length === 0) return

    yield rows.map((row) => ({
      personId: Number(row.id),
      email: row.email ?? '',
      language: row.language as Recipient['language'],
      contactMomentId: Number(row.contact_moment_id),
    }))
    afterId = Number(rows.at(-1)!.id)
  }
}

/**
 * One round trip per batch: select the persons, give those without one a contact moment, and
 * return each with theirs. The statement sees the table as it was when it began, so a moment
 * it inserts comes from `created`, one from an earlier selection from the table.
 */
function batchWithMoments(mailingId: number, where: SQL, batchSize: number): SQL {
  return sql`
    with batch as (
      select ${persons.id} as id, ${persons.email} as email, ${persons.language} as language
      from ${persons}
      where ${where}
      order by ${persons.id}
      limit ${batchSize}
    ),
    created as (
      insert into ${contactMoments} (mailing_id, person_id)
      select ${mailingId}, id from batch
      on conflict (mailing_id, person_id) do nothing
      returning id, person_id
    )
    select batch.id, batch.email, batch.language,
      coalesce(created.id, earlier.id) as contact_moment_id
    from batch
    left join created on created.person_id = batch.id
    left join ${contactMoments} as earlier
      on earlier.mailing_id = ${mailingId} and earlier.person_id = batch.id
    order by batch.id`
}
