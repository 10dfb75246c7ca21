/** What each workload reports, and the helpers that turn loads into comparable figures. */
import type { BenchPlan, Amounts } from '../setup.ts'
import type { ChildHost } from './childHost.ts'
import { type LoadOptions, type LoadResult, runLoad } from './load.ts'

export interface Goal {
  /** `ratio` compares with the floor; `value` with a fixed budget. */
  of: 'ratio' | 'value'
  atLeast?: number
  atMost?: number
}

export interface Measurement {
  workload: string
  unit: string
  product: number
  floor: number | null
  /** Product ÷ floor: of throughputs, or of times when lower is better. */
  ratio: number | null
  goal: Goal | null
  met: boolean | null
  /** Requests that failed plus rows that did not land. */
  failures: number
  productLatency?: { p50Ms: number; p99Ms: number }
  floorLatency?: { p50Ms: number; p99Ms: number }
  notes: string[]
  /** The product server's resident memory after the workload, filled in by the runner. */
  rssMb?: number
}

export interface BenchContext {
  plan: BenchPlan
  amounts: Amounts
  secret: string
  product(): Promise<ChildHost>
  floor(): Promise<ChildHost>
  say(line: string): void
}

export type Workload = (context: BenchContext) => Promise<Measurement[]>

export function judged(measurement: Omit<Measurement, 'met'>): Measurement {
  const { goal } = measurement
  const subject = goal?.of === 'ratio' ? measurement.ratio : measurement.product
  const met =
    !goal || subject === null
      ? null
      : (goal.atLeast === undefined || subject >= goal.atLeast) &&
        (goal.atMost === undefined || subject <= goal.atMost) &&
        measurement.failures === 0
  return { ...measurement, met }
}

export interface SideResult {
  warmUp: LoadResult
  load: LoadResult
  /** Answers in the expected class, warm-up included: the rows a write must have left. */
  succeeded: number
  failed: number
}

/** A short warm-up, then the measured load, with requests numbered on from the warm-up. */
export async function warmThenLoad(
  host: ChildHost,
  options: Omit<LoadOptions, 'url' | 'amount'>,
  amount: number,
  warmUp: number,
): Promise<SideResult> {
  const first = await runLoad({ ...options, url: host.url, amount: warmUp })
  const load = await runLoad({
    ...options,
    url: host.url,
    amount,
    request: (n) => options.request(n + warmUp),
  })
  return {
    warmUp: first,
    load,
    succeeded: first.succeeded + load.succeeded,
    failed: first.failed + load.failed,
  }
}

/**
 * Compares the count a query returns with the number of answers that claimed a write. A run
 * stopped at its time limit may have left `unanswered` requests that still wrote their row.
 */
export async function countedRows(
  host: ChildHost,
  text: string,
  expected: number,
  unanswered = 0,
): Promise<{ rows: number; missing: number; note: string | null }> {
  const [row] = await host.query<{ count: string | number }>(text)
  const rows = Number(row?.count ?? 0)
  const missing = rows >= expected && rows <= expected + unanswered ? 0 : Math.abs(expected - rows)
  const note = missing ? `${rows} rows for ${expected} successful answers` : null
  return { rows, missing, note }
}

export function latencyOf(load: LoadResult) {
  return { p50Ms: load.p50Ms, p99Ms: load.p99Ms }
}

/** Notes for failed requests and for runs that the time limit cut short. */
export function loadNotes(side: string, ...loads: LoadResult[]): string[] {
  const notes: string[] = []
  const statuses: Record<string, number> = {}
  for (const [code, count] of loads.flatMap((load) => Object.entries(load.statuses))) {
    statuses[code] = (statuses[code] ?? 0) + count
  }
  const failed = loads.reduce((sum, load) => sum + load.failed, 0)
  if (failed) notes.push(`${side}: ${failed} failed (${JSON.stringify(statuses)})`)
  if (loads.some((load) => load.stoppedEarly)) notes.push(`${side}: stopped at the time limit`)
  return notes
}

/** A throughput workload against its floor: ratio of requests per second. */
export function throughputComparison(
  workload: string,
  unit: string,
  product: SideResult,
  floor: SideResult,
  goal: Goal,
  extra: { failures?: number; notes?: (string | null)[]; perRequest?: number } = {},
): Measurement {
  const per = extra.perRequest ?? 1
  const productRate = product.load.perSecond * per
  const floorRate = floor.load.perSecond * per
  return judged({
    workload,
    unit,
    product: productRate,
    floor: floorRate,
    ratio: floorRate ? productRate / floorRate : null,
    goal,
    failures: product.failed + floor.failed + (extra.failures ?? 0),
    productLatency: latencyOf(product.load),
    floorLatency: latencyOf(floor.load),
    notes: [
      ...loadNotes('product', product.warmUp, product.load),
      ...loadNotes('floor', floor.warmUp, floor.load),
      ...(extra.notes ?? []).filter((note): note is string => Boolean(note)),
    ],
  })
}
