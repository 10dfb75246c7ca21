/** Reading and writing mailings. */
import { desc, eq } from 'drizzle-orm'
import type { Executor } from '../../db/client.ts'
import { type Mailing, mailings } from '../../db/schema/index.ts'

export class MailingNotFoundError extends Error {
  override name = 'MailingNotFoundError'

  constructor(readonly mailingId: number) {
    super(`There is no mailing with id ${mailingId}.`)
  }
}

export async function insertMailing(
  db: Executor,
  values: { name: string; subject: string; optInTypeId: number; links: string[] },
): Promise<Mailing> {
  const [mailing] = await db.insert(mailings).values(values).returning()
  if (!mailing) throw new Error('The database returned no mailing after inserting one.')
  return mailing
}

export async function getMailing(db: Executor, id: number): Promise<Mailing> {
  const [mailing] = await db.select().from(mailings).where(eq(mailings.id, id))
  if (!mailing) throw new MailingNotFoundError(id)
  return mailing
}

export async function listMailings(db: Executor): Promise<Mailing[]> {
  return db.select().from(mailings).orderBy(desc(mailings.id)).limit(500)
}
