/**
 * `npm run bench:queries`: the SPEC §8 example (created in the last 3 days, not opted in to
 * Servicemail, NOT IN everyone with any record for Servicemail) as two saved queries, on
 * PostgreSQL with 1,000,000 persons and 5,000,000 consent records. Prints the plan of
 * EXPLAIN ANALYZE, the time of several counts, and one run of the automatic-consent job with
 * the query as Servicemail's auto opt-in query (and a second run, which must add nothing).
 *
 * With BENCH_DATABASE_URL it uses a database made by bench/generate.ts; otherwise it makes
 * a `bench_…` database, and drops it afterwards unless `--keep` is given. Figures also go to
 * bench/queries-results.json.
 */
import { randomBytes } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { eq, type SQL, sql } from 'drizzle-orm'
import { connectDatabase, type Database, rowsOf } from '../db/client.ts'
import { optInTypes, persons } from '../db/schema/index.ts'
import type { QueryCondition } from '../server/queries/definition.ts'
import { runAutoConsent } from '../server/queries/autoConsentJob.ts'
import { findSavedQueryByName } from '../server/queries/repository.ts'
import { createSavedQuery } from '../server/queries/savedQueryChanges.ts'
import { savedQueryWhere } from '../server/queries/selection.ts'
import { createBenchDatabase, dropBenchDatabase } from './benchDatabase.ts'
import { defaultSize, generateBenchData, lanes } from './generate.ts'

const say = (line = '') => process.stdout.write(`${line}\n`)
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`
const milliseconds = (runs: number[]) => runs.map((ms) => `${ms.toFixed(1)} ms`).join(', ')

async function main() {
  const given = process.env.BENCH_DATABASE_URL
  const name = `bench_queries_${randomBytes(4).toString('hex')}`
  const url = given ?? (await createBenchDatabase(name))
  const connection = await connectDatabase({ url, maxConnections: lanes })

  try {
    await connection.migrate()
    const generation = given ? null : await generate(connection.db)
    const results = await benchmark(connection.db)
    await writeFile(
      new URL('./queries-results.json', import.meta.url),
      `${JSON.stringify({ generation, ...results }, null, 2)}\n`,
    )
  } finally {
    await connection.close()
    if (!given && !process.argv.includes('--keep')) await dropBenchDatabase(name)
    if (!given && process.argv.includes('--keep')) say(`kept in ${url}`)
  }
}

async function generate(db: Database) {
  say(`Generating ${defaultSize.persons} persons and ${defaultSize.records} consent records…`)
  const steps: Record<string, number> = {}
  const started = performance.now()
  await generateBenchData(db, defaultSize, new Date(), (step, ms) => {
    steps[step] = Math.round(ms)
    say(`  ${step}: ${seconds(ms)}`)
  })
  const total = performance.now() - started
  say(`  total: ${seconds(total)}`)
  say()
  return { ...defaultSize, steps, totalMs: Math.round(total) }
}

async function benchmark(db: Database) {
  const now = new Date()
  const everyoneWithRecord = await savedQuery(db, 'Iedereen met een Servicemail-record', {
    anyRecord: 'servicemail',
  })
  const example = await savedQuery(db, 'Nieuw, zonder Servicemail (SPEC §8)', {
    all: [
      { field: 'createdAt', withinLastDays: 3 },
      { not: { optedIn: 'servicemail' } },
      { notInQuery: everyoneWithRecord },
    ],
  })
  const sizes = await tableSizes(db)
  say(`Persons: ${sizes.persons}, consent records: ${sizes.records}, states: ${sizes.states}`)

  const where = await savedQueryWhere(db, example, now)
  const countQuery = db
    .select({ count: sql<number>`count(*)::int` })
    .from(persons)
    .where(where)
  say('\nThe SPEC §8 example, EXPLAIN (ANALYZE, BUFFERS):')
  const plan = await explainAnalyze(db, sql`${countQuery}`)
  for (const line of plan) say(`  ${line}`)

  const counts = await timedCounts(db, where)
  say(`\nCount: ${counts.count} persons; ${milliseconds(counts.runs)}`)
  const wide = await timedCounts(db, await savedQueryWhere(db, everyoneWithRecord, now))
  say(`Everyone with a Servicemail record, to compare: ${wide.count}; ${milliseconds(wide.runs)}`)

  const job = await jobRuns(db, example)
  say(`\nAuto opt-in job: ${job.first.recorded} soft opt-ins in ${seconds(job.first.ms)}`)
  say(`Once more: ${job.second.recorded} in ${seconds(job.second.ms)}`)

  return { sizes, example: { count: counts.count, runsMs: counts.runs, plan }, wide, job }
}

async function savedQuery(db: Database, name: string, definition: QueryCondition) {
  const existing = await findSavedQueryByName(db, name)
  if (existing) return existing.id
  const created = await createSavedQuery(
    db,
    { name, description: 'bench', definition },
    { apiKeyId: null, clock: () => new Date() },
  )
  return created.id
}

async function tableSizes(db: Database) {
  const [row] = rowsOf<{ persons: string; records: string; states: string }>(
    await db.execute(sql`select
      (select count(*) from persons) as persons,
      (select count(*) from consent_records) as records,
      (select count(*) from consent_states) as states`),
  )
  return {
    persons: Number(row?.persons),
    records: Number(row?.records),
    states: Number(row?.states),
  }
}

async function explainAnalyze(db: Database, query: SQL): Promise<string[]> {
  const result = await db.execute(sql`explain (analyze, buffers) ${query}`)
  return rowsOf<{ 'QUERY PLAN': string }>(result).map((row) => row['QUERY PLAN'])
}

/** The first count reads from disk, the rest mostly from memory; all are shown. */
async function timedCounts(db: Database, where: SQL) {
  const runs: number[] = []
  let count = 0
  for (let run = 0; run < 5; run += 1) {
    const started = performance.now()
    const [row] = await db
      .select({ count: sql<number>`count(*)::int` })
      .from(persons)
      .where(where)
    runs.push(performance.now() - started)
    count = row?.count ?? 0
  }
  return { count, runs: runs.map((ms) => Math.round(ms * 10) / 10) }
}

async function jobRuns(db: Database, queryId: number) {
  await db
    .update(optInTypes)
    .set({ autoOptInQueryId: queryId })
    .where(eq(optInTypes.key, 'servicemail'))

  const run = async () => {
    const started = performance.now()
    const outcome = await runAutoConsent(db, { clock: () => new Date(), dryRun: false })
    const recorded = outcome.rules.reduce((sum, rule) => sum + rule.persons, 0)
    return { recorded, ms: Math.round(performance.now() - started) }
  }
  return { first: await run(), second: await run() }
}

await main()
