/**
 * Mails that anyone can trigger by typing an address (sign-up confirmations, preference
 * links) are limited per address, so the form cannot be used to flood someone's mailbox.
 */
import { and, count, gt, inArray, sql } from 'drizzle-orm'
import type { Executor } from '../../db/client.ts'
import { outboxMails } from '../../db/schema/index.ts'

export const requestedMailPurposes = [
  'sign-up-confirmation',
  'manage-preferences',
  'fresh-preference-link',
]

export const maxRequestedMailsPerHour = 3

export async function mayMailOnRequest(db: Executor, recipient: string, now: Date) {
  const [sent] = await db
    .select({ count: count() })
    .from(outboxMails)
    .where(
      and(
        sql`lower(${outboxMails.recipient}) = lower(${recipient})`,
        inArray(outboxMails.purpose, requestedMailPurposes),
        gt(outboxMails.createdAt, new Date(now.getTime() - 3_600_000)),
      ),
    )
  return (sent?.count ?? 0) < maxRequestedMailsPerHour
}
