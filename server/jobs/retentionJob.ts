/**
 * Continuous anonymisation (SPEC §6): anonymises persons whose retention period has passed
 * and deletes old tracking, bounce, mail, sign-up and audit rows, in batches. Each batch is
 * its own transaction under a PostgreSQL advisory lock, so only one server works at a time,
 * and since every batch picks what is due now, a run that crashed is simply carried on by
 * the next. A dry run counts what it would do and changes nothing. Every run is logged.
 */
import { and, asc, eq, isNotNull, lt, type SQL, sql } from 'drizzle-orm'
import type { PgTable } from 'drizzle-orm/pg-core'
import type { Database, Transaction } from '../../db/client.ts'
import {
  auditLog,
  bounceEvents,
  operatorSessions,
  outboxMails,
  persons,
  retentionRuns,
  signUpRequests,
  trackingEvents,
  webhookNonces,
} from '../../db/schema/index.ts'
import type { Clock } from '../clock.ts'
import { anonymiseInTransaction } from '../privacy/anonymise.ts'
import type { RetentionPolicy, RetentionSource } from './retentionPolicy.ts'
import { underJobLock } from './jobLock.ts'

const retentionLockKey = 7_301_002
const day = 86_400_000

export interface RetentionOutcome {
  runId: number
  status: 'finished' | 'skipped' | 'failed'
  dryRun: boolean
  counts: Record<RetentionSource, number>
  /** In a dry run: the persons that would be anonymised (at most 1,000). */
  personIds?: number[]
}

export async function runRetention(
  db: Database,
  options: { policy: RetentionPolicy; dryRun: boolean; clock: Clock; batchSize?: number },
): Promise<RetentionOutcome> {
  const now = options.clock()
  await markInterruptedRuns(db, now)
  const [run] = await db
    .insert(retentionRuns)
    .values({ startedAt: now, dryRun: options.dryRun, status: 'running' })
    .returning({ id: retentionRuns.id })
  const runId = run!.id

  try {
    const outcome = options.dryRun
      ? await countDue(db, options.policy, now)
      : await workThroughDue(db, options.policy, now, options.batchSize ?? 500)
    await finish(db, runId, outcome.status, outcome.counts, null, options.clock())
    return { runId, dryRun: options.dryRun, ...outcome }
  } catch (error) {
    await finish(db, runId, 'failed', {}, (error as Error).name, options.clock())
    throw error
  }
}

/** What is due per source, as WHERE clauses over each table. */
function dueWhere(policy: RetentionPolicy, now: Date) {
  const before = (days: number) => new Date(now.getTime() - days * day)
  const personsBefore = before(policy.personsDays).toISOString().slice(0, 10)

  return {
    persons: and(
      eq(persons.anonymised, false),
      isNotNull(persons.relationshipEndedOn),
      lt(persons.relationshipEndedOn, personsBefore),
    )!,
    trackingEvents: lt(trackingEvents.occurredAt, before(policy.trackingEventsDays)),
    bounceEvents: lt(bounceEvents.receivedAt, before(policy.bounceEventsDays)),
    outbox: lt(outboxMails.createdAt, before(policy.outboxDays)),
    signUpRequests: lt(signUpRequests.createdAt, before(policy.signUpRequestsDays)),
    auditLog: lt(auditLog.at, before(policy.auditLogDays)),
  } satisfies Record<RetentionSource, SQL>
}

const deletable = {
  trackingEvents: [trackingEvents, trackingEvents.id],
  bounceEvents: [bounceEvents, bounceEvents.id],
  outbox: [outboxMails, outboxMails.id],
  signUpRequests: [signUpRequests, signUpRequests.id],
  auditLog: [auditLog, auditLog.id],
} as const

async function countDue(db: Database, policy: RetentionPolicy, now: Date) {
  const due = dueWhere(policy, now)
  const personIds = (
    await db
      .select({ id: persons.id })
      .from(persons)
      .where(due.persons)
      .orderBy(asc(persons.id))
      .limit(1000)
  ).map((row) => row.id)

  const counts = { persons: await countRows(db, persons, due.persons) } as Record<
    RetentionSource,
    number
  >
  for (const [source, [table]] of Object.entries(deletable)) {
    counts[source as RetentionSource] = await countRows(db, table, due[source as RetentionSource])
  }
  return { status: 'finished' as const, counts, personIds }
}

async function workThroughDue(db: Database, policy: RetentionPolicy, now: Date, batchSize: number) {
  const due = dueWhere(policy, now)
  const counts = Object.fromEntries(
    (['persons', ...Object.keys(deletable)] as RetentionSource[]).map((source) => [source, 0]),
  ) as Record<RetentionSource, number>

  for (const source of Object.keys(counts) as RetentionSource[]) {
    for (;;) {
      const done = await underJobLock(db, retentionLockKey, (tx) =>
        source === 'persons'
          ? anonymiseBatch(tx, due.persons, batchSize, now)
          : deleteBatch(tx, source as keyof typeof deletable, due[source], batchSize),
      )
      if (done === null) return { status: 'skipped' as const, counts }
      counts[source] += done
      if (done < batchSize) break
    }
  }

  await db.delete(webhookNonces).where(lt(webhookNonces.seenAt, new Date(now.getTime() - day)))
  // Ended sessions say who was signed in when; a month of that is enough to answer questions.
  await db
    .delete(operatorSessions)
    .where(lt(operatorSessions.expiresAt, new Date(now.getTime() - 30 * day)))
  return { status: 'finished' as const, counts }
}

async function anonymiseBatch(tx: Transaction, due: SQL, batchSize: number, now: Date) {
  const batch = await tx
    .select({ id: persons.id })
    .from(persons)
    .where(due)
    .orderBy(asc(persons.id))
    .limit(batchSize)
  for (const person of batch) {
    await anonymiseInTransaction(tx, person.id, { reason: 'retention', apiKeyId: null, now })
  }
  return batch.length
}

async function deleteBatch(
  tx: Transaction,
  source: keyof typeof deletable,
  due: SQL,
  batchSize: number,
) {
  const [table, id] = deletable[source]
  const deleted = await tx
    .delete(table)
    .where(sql`${id} in (select ${id} from ${table} where ${due} limit ${batchSize})`)
    .returning({ id })
  return deleted.length
}

async function countRows(db: Database, table: PgTable, where: SQL): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(table)
    .where(where)
  return row?.count ?? 0
}

/** A run still marked running an hour later died with its server; the next one carries on. */
async function markInterruptedRuns(db: Database, now: Date) {
  await db
    .update(retentionRuns)
    .set({ status: 'interrupted' })
    .where(
      and(
        eq(retentionRuns.status, 'running'),
        lt(retentionRuns.startedAt, new Date(now.getTime() - 3_600_000)),
      ),
    )
}

async function finish(
  db: Database,
  runId: number,
  status: string,
  counts: Record<string, number>,
  error: string | null,
  at: Date,
) {
  await db
    .update(retentionRuns)
    .set({ status, counts, error, finishedAt: at })
    .where(eq(retentionRuns.id, runId))
}
