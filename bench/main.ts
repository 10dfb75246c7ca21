/**
 * `npm run bench` (issue 10): every workload of the product beside a floor measured in the
 * same run on the same machine, as a table and in bench/results.json.
 *
 *   DATABASE_URL=postgres://127.0.0.1:5432/postgres npm run bench [-- --keep]
 *   npm run bench                       (PGlite, smaller data)
 *   npm run bench -- --persons 100000 --records 500000
 *   npm run bench -- --only tracking     (the workloads whose name or title holds the word)
 *
 * With DATABASE_URL the run happens on that PostgreSQL server, in a new `bench_run_…`
 * database (never in the one the URL names), dropped afterwards unless --keep is given.
 * Without it, PGlite in a temporary folder. The product server and the floor servers run
 * in two child processes, apart from this one, which generates the load; see hosts.ts.
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { connectDatabase } from '../db/client.ts'
import { createBenchDatabase, dropBenchDatabase } from './benchDatabase.ts'
import { type BenchSize, defaultSize, generateBenchData, lanes } from './generate.ts'
import type { HostDatabase } from './runner/hostProtocol.ts'
import { benchHosts } from './runner/hosts.ts'
import type { Measurement, Workload } from './runner/measurement.ts'
import { formatTable } from './runner/table.ts'
import { type Amounts, prepareBench } from './setup.ts'
import { audience } from './workloads/audience.ts'
import { bounceWebhook } from './workloads/bounceWebhook.ts'
import { consentWrite } from './workloads/consentWrite.ts'
import { oneClickUnsubscribe } from './workloads/oneClickUnsubscribe.ts'
import { preferenceRead } from './workloads/preferenceRead.ts'
import { privacy } from './workloads/privacy.ts'
import { tracking } from './workloads/tracking.ts'
import { widget } from './workloads/widget.ts'

const workloads: [string, Workload][] = [
  ['consent write', consentWrite],
  ['preference read', preferenceRead],
  ['open pixel and click', tracking],
  ['one-click unsubscribe', oneClickUnsubscribe],
  ['bounce webhook', bounceWebhook],
  ['audience', audience],
  ['anonymisation and access report', privacy],
  ['widget', widget],
]

const postgresAmounts: Amounts = {
  writes: 3000,
  reads: 6000,
  tracking: 5000,
  unsubscribes: 2000,
  bounceBatches: 15,
  anonymisations: 10_000,
  reports: 20,
  warmUp: 200,
}

/** PGlite answers one query at a time, in this process's memory: less data, fewer requests. */
const pgliteSize: BenchSize = { persons: 50_000, records: 250_000 }
const pgliteAmounts: Amounts = {
  writes: 600,
  reads: 1000,
  tracking: 1000,
  unsubscribes: 300,
  bounceBatches: 4,
  anonymisations: 2000,
  reports: 10,
  warmUp: 50,
}

const say = (line = '') => process.stdout.write(`${line}\n`)
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

async function main() {
  const started = performance.now()
  const selected = selectedWorkloads()
  const serverUrl = process.env.DATABASE_URL
  const onPostgres = Boolean(serverUrl)
  const size = sizeFromArguments(onPostgres ? defaultSize : pgliteSize)
  const amounts = onPostgres ? postgresAmounts : pgliteAmounts
  const runId = randomBytes(4).toString('hex')
  const secret = randomBytes(32).toString('base64url')

  const place = serverUrl ? await postgresPlace(serverUrl, runId) : await pglitePlace()
  say(`Benchmark on ${place.description}`)
  say(
    `Data: ${size.persons} persons, ${size.records} consent records` +
      (onPostgres ? '' : ' (smaller on PGlite; set DATABASE_URL for the full size)'),
  )

  const hosts = benchHosts(place.database, secret)
  const measurements: Measurement[] = []
  let generationMs = 0
  try {
    const connection = await connectDatabase(
      'url' in place.database
        ? { url: place.database.url, maxConnections: lanes }
        : { dataDir: place.database.dataDir },
    )
    let plan
    try {
      await connection.migrate()
      const generating = performance.now()
      await generateBenchData(connection.db, size, new Date(), (step, ms) =>
        say(`  ${step}: ${seconds(ms)}`),
      )
      generationMs = performance.now() - generating
      say(`  generated in ${seconds(generationMs)}`)
      plan = await prepareBench(connection.db, amounts, runId)
    } finally {
      await connection.close()
    }

    for (const [name, workload] of selected) {
      const workloadStarted = performance.now()
      say(`\n${name}…`)
      const context = {
        plan,
        amounts,
        secret,
        product: hosts.product,
        floor: hosts.floor,
        say,
      }
      const results = await workload(context).catch((error: unknown) => [failed(name, error)])
      const rss = await hosts.runningProduct()?.rss()
      for (const result of results) {
        measurements.push({ ...result, ...(rss ? { rssMb: rss / 1024 / 1024 } : {}) })
        say(
          `  ${result.workload}: ${result.product.toFixed(2)} ${result.unit}` +
            (result.ratio === null ? '' : `, ratio ${result.ratio.toFixed(2)}`),
        )
      }
      say(`  (${seconds(performance.now() - workloadStarted)})`)
    }
  } finally {
    await hosts.stop()
    await place.cleanUp()
  }

  const totalMs = performance.now() - started
  say(`\n${formatTable(measurements)}`)
  say(`\nGeneration ${seconds(generationMs)}; total wall time ${seconds(totalMs)}.`)
  say(`Rate limits raised ×100,000 for the product (all load comes from 127.0.0.1).`)
  await writeFile(
    new URL('./results.json', import.meta.url),
    `${JSON.stringify(
      {
        date: new Date().toISOString(),
        database: onPostgres ? 'postgres' : 'pglite',
        size,
        amounts,
        generationMs: Math.round(generationMs),
        totalMs: Math.round(totalMs),
        measurements,
      },
      null,
      2,
    )}\n`,
  )
  if (measurements.some((measurement) => measurement.failures > 0)) process.exitCode = 1
}

interface Place {
  database: HostDatabase
  description: string
  cleanUp(): Promise<void>
}

async function postgresPlace(serverUrl: string, runId: string): Promise<Place> {
  const server = new URL(serverUrl)
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(server.hostname)) {
    throw new Error(`The benchmark runs on a loopback database only, not "${server.hostname}".`)
  }
  server.pathname = '/postgres'
  const name = `bench_run_${runId}`
  const url = await createBenchDatabase(name, server.toString())
  const keep = process.argv.includes('--keep')

  return {
    database: { url },
    description: `PostgreSQL, new database ${name}${keep ? ' (kept)' : ''}`,
    cleanUp: async () => {
      if (!keep) await dropBenchDatabase(name, server.toString())
    },
  }
}

async function pglitePlace(): Promise<Place> {
  const dataDir = await mkdtemp(join(tmpdir(), 'smp-bench-'))
  return {
    database: { dataDir },
    description: `PGlite in ${dataDir}`,
    cleanUp: () => rm(dataDir, { recursive: true, force: true }),
  }
}

function sizeFromArguments(fallback: BenchSize): BenchSize {
  const number = (name: string, value: number) => {
    const index = process.argv.indexOf(`--${name}`)
    return index === -1 ? value : Number(process.argv[index + 1])
  }
  return {
    persons: number('persons', fallback.persons),
    records: number('records', fallback.records),
  }
}

function selectedWorkloads(): [string, Workload][] {
  const index = process.argv.indexOf('--only')
  if (index === -1) return workloads
  const word = (process.argv[index + 1] ?? '').toLowerCase()
  const selected = workloads.filter(
    ([name, workload]) => name.includes(word) || workload.name.toLowerCase() === word,
  )
  if (!selected.length) throw new Error(`No workload is named "${word}".`)
  return selected
}

/** A workload that threw is reported as one failed row, and the run goes on. */
function failed(name: string, error: unknown): Measurement {
  return {
    workload: name,
    unit: '',
    product: Number.NaN,
    floor: null,
    ratio: null,
    goal: null,
    met: false,
    failures: 1,
    notes: [`failed: ${error instanceof Error ? error.message : String(error)}`],
  }
}

await main()
