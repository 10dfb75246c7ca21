/**
 * Workload 3: the open pixel and the click redirect of a mailing, each against bare
 * node:http answering a 1×1 GIF. Both record the hit after answering; the counters must
 * reach the number of answers once that work has drained.
 */
import type { ChildHost } from '../runner/childHost.ts'
import {
  countedRows,
  type SideResult,
  throughputComparison,
  type Workload,
  warmThenLoad,
} from '../runner/measurement.ts'
import { linkTokens, nth } from './personTokens.ts'

const target = 'https://example.org/nieuws/bench'

export const tracking: Workload = async ({ plan, amounts, secret, product, floor }) => {
  const opens = linkTokens('open', plan.trackingMoments, secret)
  const clicks = linkTokens('click', plan.trackingMoments, secret, target)
  const load = { connections: 10, maxSeconds: 60 }
  const browser = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Bench/1.0' }

  const floorSide = await warmThenLoad(
    await floor(),
    { ...load, request: () => ({ method: 'GET', path: '/pixel' }) },
    amounts.tracking,
    amounts.warmUp,
  )

  const productHost = await product()
  const openSide = await warmThenLoad(
    productHost,
    {
      ...load,
      request: (n) => ({ method: 'GET', path: `/t/o/${nth(opens, n)}`, headers: browser }),
    },
    amounts.tracking,
    amounts.warmUp,
  )
  const opened = await drainedCount(productHost, plan.trackingMailingId, 'open', openSide)

  const query = `?u=${encodeURIComponent(target)}`
  const clickSide = await warmThenLoad(
    productHost,
    {
      ...load,
      expectedClass: 3,
      request: (n) => ({ method: 'GET', path: `/t/c/${nth(clicks, n)}${query}`, headers: browser }),
    },
    amounts.tracking,
    amounts.warmUp,
  )
  const clicked = await drainedCount(productHost, plan.trackingMailingId, 'click', clickSide)

  const goal = { of: 'ratio' as const, atLeast: 0.7 }
  return [
    throughputComparison('3a. Open pixel', 'req/s', openSide, floorSide, goal, {
      failures: opened.missing,
      notes: [opened.note && `counters: ${opened.note}`, drainNote(opened.seconds)],
    }),
    throughputComparison('3b. Click redirect', 'req/s', clickSide, floorSide, goal, {
      failures: clicked.missing,
      notes: [clicked.note && `counters: ${clicked.note}`, drainNote(clicked.seconds)],
    }),
  ]
}

/** Hits are recorded after the answer: waits up to 60 s for the counters to catch up. */
async function drainedCount(
  host: ChildHost,
  mailingId: number,
  kind: 'open' | 'click',
  side: SideResult,
) {
  const text = `select coalesce(sum(count), 0) as count from mailing_counters
    where mailing_id = ${mailingId} and kind = '${kind}'`
  const started = Date.now()
  for (;;) {
    const counted = await countedRows(host, text, side.succeeded)
    const seconds = (Date.now() - started) / 1000
    if (!counted.missing || seconds > 60) return { ...counted, seconds }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

function drainNote(seconds: number): string | null {
  return seconds >= 0.5 ? `hits still being recorded ${seconds.toFixed(1)} s after the load` : null
}
