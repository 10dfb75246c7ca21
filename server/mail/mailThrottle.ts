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

const turns = new Map<string, Promise<unknown>>()

/**
 * Runs `task` after any earlier one for the same address in this process, so that counting
 * the mails sent and sending the next happen together. Across several servers the count can
 * still be passed by simultaneous requests (docs/SECURITY.md).
 */
export function inTurnForAddress<T>(address: string, task: () => Promise<T>): Promise<T> {
  const key = address.toLowerCase()
  const next = (turns.get(key) ?? Promise.resolve()).catch(() => undefined).then(task)
  turns.set(key, next)
  void next
    .finally(() => {
      if (turns.get(key) === next) turns.delete(key)
    })
    .catch(() => undefined)
  return next
}
