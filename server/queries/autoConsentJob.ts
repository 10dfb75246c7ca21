/**
 * The automatic soft opt-ins and opt-outs (SPEC §3, issue 7): for each rule, the persons in
 * the saved query who have no record at all for the type get one soft record, with channel
 * `automatic` and a description naming the query. A person with any record is left alone,
 * so a second run adds nothing and a hard record is never contradicted.
 *
 * Each batch is one transaction under a PostgreSQL advisory lock, as the retention job, so
 * one server works at a time. Within it, each person's ledger lock is taken before their
 * ledger is looked at again: a record the widget wrote before is then visible, and one it
 * writes meanwhile waits for this transaction; being hard, the person's own choice decides
 * either way. A person whose ledger is being written right now is skipped and left for the
 * next run, so the job never waits on (or deadlocks with) anyone.
 */
import { and, asc, eq, gt, inArray, type SQL, sql } from 'drizzle-orm'
import type { Database, Transaction } from '../../db/client.ts'
import { persons } from '../../db/schema/index.ts'
import type { Clock } from '../clock.ts'
import { appendConsentRecords } from '../consent/recordConsent.ts'
import { anyRecord } from './consentConditionSql.ts'
import { QueryDefinitionError, SavedQueryNotFoundError } from './errors.ts'
import {
  type AutoConsentRule,
  autoConsentDescription,
  autoConsentRules,
} from './autoConsentRules.ts'
import { tryLockPersonLedger } from './personLedgerLock.ts'
import { savedQueryWhere } from './selection.ts'
import { underJobLock } from '../jobs/jobLock.ts'

const autoConsentLockKey = 7_301_003

export interface RuleOutcome {
  type: string
  optIn: boolean
  queryId: number
  /** Recorded, or in a dry run: would be recorded. */
  persons: number
  /** Why the rule could not run, e.g. its query names a type that no longer exists. */
  error?: string
}

export interface AutoConsentOutcome {
  status: 'finished' | 'skipped'
  dryRun: boolean
  rules: RuleOutcome[]
}

interface RunOptions {
  clock: Clock
  dryRun: boolean
  batchSize?: number
}

export async function runAutoConsent(
  db: Database,
  options: RunOptions,
): Promise<AutoConsentOutcome> {
  const rules: RuleOutcome[] = []

  for (const rule of await autoConsentRules(db)) {
    const outcome = await runRule(db, rule, options)
    if (outcome === null) return { status: 'skipped', dryRun: options.dryRun, rules }
    rules.push(outcome)
  }
  return { status: 'finished', dryRun: options.dryRun, rules }
}

/** Null when another server holds the job's lock. */
async function runRule(
  db: Database,
  rule: AutoConsentRule,
  options: RunOptions,
): Promise<RuleOutcome | null> {
  const outcome = { type: rule.typeKey, optIn: rule.optIn, queryId: rule.queryId, persons: 0 }

  let due: SQL
  try {
    due = await dueWhere(db, rule, options.clock())
  } catch (error) {
    // One broken query should not keep the other types from their automatic consent.
    if (!(error instanceof QueryDefinitionError || error instanceof SavedQueryNotFoundError)) {
      throw error
    }
    return { ...outcome, error: error.message }
  }

  const done = options.dryRun
    ? await countDue(db, due)
    : await recordDue(db, rule, due, options.clock, options.batchSize ?? 500)
  return done === null ? null : { ...outcome, persons: done }
}

/** The persons of the rule's query who may still receive a record for its type. */
async function dueWhere(db: Database, rule: AutoConsentRule, now: Date): Promise<SQL> {
  const inQuery = await savedQueryWhere(db, rule.queryId, now)
  return and(inQuery, eq(persons.anonymised, false), sql`not ${anyRecord(rule.optInTypeId)}`)!
}

async function countDue(db: Database, due: SQL): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(persons)
    .where(due)
  return row?.count ?? 0
}

/** The number recorded, or null when another server holds the lock. */
async function recordDue(
  db: Database,
  rule: AutoConsentRule,
  due: SQL,
  clock: Clock,
  batchSize: number,
): Promise<number | null> {
  let recorded = 0
  let afterId = 0

  for (;;) {
    const batch = await underJobLock(db, autoConsentLockKey, (tx) =>
      recordBatch(tx, rule, due, afterId, batchSize, clock),
    )
    if (batch === null) return null
    if (batch.lastId === null) return recorded

    recorded += batch.recorded
    afterId = batch.lastId
  }
}

async function recordBatch(
  tx: Transaction,
  rule: AutoConsentRule,
  due: SQL,
  afterId: number,
  batchSize: number,
  clock: Clock,
) {
  const candidates = await tx
    .select({ id: persons.id })
    .from(persons)
    .where(and(due, gt(persons.id, afterId)))
    .orderBy(asc(persons.id))
    .limit(batchSize)
  const lastId = candidates.at(-1)?.id ?? null
  if (lastId === null) return { recorded: 0, lastId }

  const locked = await lockLedgers(
    tx,
    candidates.map((person) => person.id),
  )
  const stillDue = await stillWithoutRecord(tx, rule, locked)
  await appendConsentRecords(
    tx,
    stillDue.map((personId) => ({
      personId,
      optInTypeId: rule.optInTypeId,
      optIn: rule.optIn,
      soft: true,
      channel: 'automatic' as const,
      description: autoConsentDescription(rule),
    })),
    clock,
  )
  return { recorded: stillDue.length, lastId }
}

/** The persons whose ledger lock could be taken now; trying never waits, so never deadlocks. */
async function lockLedgers(tx: Transaction, ids: number[]): Promise<number[]> {
  const rows = await tx
    .select({ id: persons.id, locked: tryLockPersonLedger })
    .from(persons)
    .where(inArray(persons.id, ids))
    .orderBy(asc(persons.id))
  return rows.filter((row) => row.locked).map((row) => row.id)
}

/**
 * A fresh look, now that the ledgers are locked: records committed meanwhile count too,
 * and a person anonymised meanwhile is left out. The key-share lock keeps an anonymisation
 * from starting before this transaction ends.
 */
async function stillWithoutRecord(tx: Transaction, rule: AutoConsentRule, ids: number[]) {
  if (ids.length === 0) return []
  const rows = await tx
    .select({ id: persons.id })
    .from(persons)
    .where(
      and(
        inArray(persons.id, ids),
        eq(persons.anonymised, false),
        sql`not ${anyRecord(rule.optInTypeId)}`,
      ),
    )
    .orderBy(asc(persons.id))
    .for('key share')
  return rows.map((row) => row.id)
}
