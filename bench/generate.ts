/**
 * Invented data for benchmarking saved queries on PostgreSQL (issue 7): by default
 * 1,000,000 persons and 5,000,000 consent records, with `consent_states` derived from them.
 *
 *   npx tsx bench/generate.ts [--persons 1000000] [--records 5000000] [--database bench_smp]
 *
 * Everything is made in SQL with generate_series; nothing travels through Node. Persons get
 * ids in the order they were "created" over five years, as in real life. Records go through
 * the ledger's own trigger, which chains and hashes them, in chunks of a few thousand (the
 * trigger holds a lock per person until commit) and in lanes of different persons side by
 * side. The states are then derived in one statement (bulkConsentStates.ts): the bulk path,
 * not the record-by-record one of the server.
 */
import { type SQL, sql } from 'drizzle-orm'
import { connectDatabase, type Database, rowsOf, type Transaction } from '../db/client.ts'
import { demoTypes } from '../demo/seed.ts'
import { findOptInTypeByKey, insertOptInType } from '../server/optInTypes/repository.ts'
import { createBenchDatabase } from './benchDatabase.ts'
import { rebuildConsentStates } from './bulkConsentStates.ts'

export interface BenchSize {
  persons: number
  records: number
}

export const defaultSize: BenchSize = { persons: 1_000_000, records: 5_000_000 }

/** Connections inserting records side by side, each for its own persons. */
export const lanes = 2
/** Records per statement and lane. */
const chunkSize = 4_000
/** Persons were created over this many days before now. */
const spanDays = 1826

const firstNames = ['Anna', 'Bram', 'Cato', 'Daan', 'Eva', 'Femke', 'Gijs', 'Hanna', 'Isa', 'Jelle']
const lastNames = ['de Vries', 'Jansen', 'Bakker', 'Visser', 'Smit', 'Meijer', 'de Boer', 'Mulder']
const cities = ['Amsterdam', 'Utrecht', 'Rotterdam', 'Groningen', 'Zwolle', 'Delft', 'Leiden']

/** A type per record, by percentage: what a charity's ledger might hold. */
const typeShares: [string, number][] = [
  ['nieuwsbrief', 30],
  ['educatie', 10],
  ['jongeren', 5],
  ['zakelijk', 5],
  ['servicemail', 20],
  ['profileren', 20],
  ['vrienden-nieuwsbrief', 10],
]

export type StepLog = (step: string, milliseconds: number) => void

/** `db` needs a pool of at least `lanes` connections. */
export async function generateBenchData(
  db: Database,
  size: BenchSize,
  now: Date,
  log: StepLog,
): Promise<void> {
  const timed = async (step: string, work: () => Promise<unknown>) => {
    const started = performance.now()
    await work()
    log(step, performance.now() - started)
  }

  await timed('opt-in types', () => seedTypes(db))
  await timed(`${size.persons} persons`, () => insertPersons(db, size.persons, now))
  await timed('records staged', () => stageRecords(db, size, now))
  await timed(`${size.records} consent records`, () => insertStagedRecords(db, size.records))
  await timed('consent states derived', () =>
    withMemory(db, (tx) => tx.execute(rebuildConsentStates)),
  )
  await timed('analyse', () => db.execute(sql`analyze`))
}

async function seedTypes(db: Database) {
  const ids = new Map<string, number>()
  for (const { parentKey, ...type } of demoTypes) {
    const parentId = parentKey ? (ids.get(parentKey) ?? null) : null
    const created =
      (await findOptInTypeByKey(db, type.key)) ?? (await insertOptInType(db, { ...type, parentId }))
    ids.set(created.key, created.id)
  }
}

/** Person `g` (1…n) was created at `start + (g - 1) × step`, so ids follow creation. */
function creationOf(count: number, now: Date) {
  const spanSeconds = spanDays * 86_400
  return {
    start: new Date(now.getTime() - spanSeconds * 1000).toISOString(),
    stepSeconds: spanSeconds / count,
  }
}

async function insertPersons(db: Database, count: number, now: Date) {
  const { start, stepSeconds } = creationOf(count, now)

  await db.execute(sql`
    insert into persons (first_name, last_name, email, city, country, language, birth_date,
      deceased, bouncer, consecutive_bounces, email_validity, created_at)
    select
      (${textArray(firstNames)})[1 + g % ${firstNames.length}],
      (${textArray(lastNames)})[1 + (g / ${firstNames.length}) % ${lastNames.length}],
      'persoon' || g || '@example.org',
      (${textArray(cities)})[1 + (g * 7) % ${cities.length}],
      'NL',
      case when g % 9 = 0 then 'en' else 'nl' end,
      date '1940-01-01' + (g::bigint * 7919 % 25000)::int,
      g % 250 = 0,
      g % 97 = 0,
      case when g % 97 = 0 then 3 else 0 end,
      case when g % 53 = 0 then 'invalid' else 'valid' end,
      ${start}::timestamptz + (g - 1) * ${stepSeconds}::float8 * interval '1 second'
    from generate_series(1, ${count}::int) as g`)
}

function textArray(values: string[]): SQL {
  return sql`array[${sql.join(
    values.map((value) => sql`${value}`),
    sql`, `,
  )}]::text[]`
}

/**
 * The records, made once in a scratch table: each between its person's creation and now,
 * numbered in time order, and given a lane by person.
 */
async function stageRecords(db: Database, size: BenchSize, now: Date) {
  const { start, stepSeconds } = creationOf(size.persons, now)
  const [first] = rowsOf<{ id: string }>(await db.execute(sql`select min(id) as id from persons`))

  await db.execute(sql`drop table if exists bench_consent_staging`)
  await withMemory(db, (tx) =>
    tx.execute(sql`
      create unlogged table bench_consent_staging as
      select row_number() over (order by recorded_at) as seq, person_id % ${lanes} as lane, staged.*
      from (
        select
          ${Number(first?.id)}::bigint + p as person_id,
          t.id as opt_in_type_id,
          r_in < 0.8 as opt_in,
          t.kind = 'soft' and r_soft < 0.8 as soft,
          case
            when t.kind = 'soft' and r_soft < 0.8 then 'automatic'
            when r_in < 0.8 then 'web_form'
            else 'preference_centre'
          end as channel,
          created + r_when * (${now.toISOString()}::timestamptz - created) as recorded_at,
          t.labels ->> 'nl' as description
        from (
          select p, r_in, r_soft, r_when, ${typeOfPick()} as type_key,
            ${start}::timestamptz + p * ${stepSeconds}::float8 * interval '1 second' as created
          from (
            select floor(random() * ${size.persons})::bigint as p,
              floor(random() * 100)::int as pick,
              random() as r_in, random() as r_soft, random() as r_when
            from generate_series(1, ${size.records}::int)
          ) picks
        ) picked
        join opt_in_types t on t.key = picked.type_key
      ) staged`),
  )
  await db.execute(sql`create index on bench_consent_staging (lane, seq)`)
}

function typeOfPick(): SQL {
  let upTo = 0
  const branches = typeShares.map(([key, share]) => {
    upTo += share
    return sql`when pick < ${upTo} then ${key}`
  })
  return sql`(case ${sql.join(branches, sql` `)} end)`
}

/** Lanes hold different persons, so they never wait for one another's person locks. */
async function insertStagedRecords(db: Database, count: number) {
  const lane = async (number: number) => {
    for (let from = 0; from < count; from += chunkSize * lanes) {
      await db.execute(sql`
        insert into consent_records
          (recorded_at, person_id, channel, opt_in, opt_in_type_id, description, soft)
        select recorded_at, person_id, channel, opt_in, opt_in_type_id, description, soft
        from bench_consent_staging
        where lane = ${number} and seq > ${from} and seq <= ${from + chunkSize * lanes}
        order by seq`)
    }
  }

  await Promise.all(Array.from({ length: lanes }, (_, number) => lane(number)))
  await db.execute(sql`drop table bench_consent_staging`)
}

/** Sorting millions of rows wants more memory than a connection has by default. */
function withMemory<T>(db: Database, work: (tx: Transaction) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`set local work_mem = '256MB'`)
    return work(tx)
  })
}

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`)
  return index === -1 ? fallback : (process.argv[index + 1] ?? fallback)
}

async function main() {
  const name = argument('database', 'bench_smp')
  const size = {
    persons: Number(argument('persons', String(defaultSize.persons))),
    records: Number(argument('records', String(defaultSize.records))),
  }
  const url = await createBenchDatabase(name)
  const connection = await connectDatabase({ url, maxConnections: lanes })
  try {
    await connection.migrate()
    const started = performance.now()
    await generateBenchData(connection.db, size, new Date(), (step, ms) =>
      process.stdout.write(`${step}: ${(ms / 1000).toFixed(1)} s\n`),
    )
    const total = ((performance.now() - started) / 1000).toFixed(1)
    process.stdout.write(`total: ${total} s\nkept in ${url}\n`)
  } finally {
    await connection.close()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main()
