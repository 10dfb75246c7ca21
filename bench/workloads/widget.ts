/**
 * Workload 8: the widget's gzipped size (budget 12 KB, goal 10 KB) and its time to first
 * render in headless Chromium on the product's hosted preference page, each load in a
 * fresh browser context, so nothing comes from a cache.
 */
import { execFile } from 'node:child_process'
import { access, readFile } from 'node:fs/promises'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import { launchChromium } from '../../test/support/browser.ts'
import { loopbackOnly } from '../runner/load.ts'
import {
  type BenchContext,
  judged,
  type Measurement,
  type Workload,
} from '../runner/measurement.ts'
import { personTokens } from './personTokens.ts'

const widgetFile = new URL('../../dist/widget/smp-preferences.js', import.meta.url)
const budgetKb = 12
const loads = 7

export const widget: Workload = async (context) => {
  const gzippedKb = (await gzippedBytes()) / 1024
  const size = judged({
    workload: '8a. Widget size, gzipped',
    unit: 'KB',
    product: gzippedKb,
    floor: null,
    ratio: null,
    goal: { of: 'value', atMost: 10 },
    failures: 0,
    notes: [`budget ${budgetKb} KB ${gzippedKb <= budgetKb ? 'kept' : 'exceeded'}; goal 10 KB`],
  })
  const render = await firstRender(context).catch((error: unknown): Measurement => ({
    workload: '8b. Widget first render (median)',
    unit: 'ms',
    product: Number.NaN,
    floor: null,
    ratio: null,
    goal: null,
    met: false,
    failures: 1,
    notes: [`failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`],
  }))
  return [size, render]
}

async function firstRender({ plan, secret, product, say }: BenchContext): Promise<Measurement> {
  const host = await product()
  const [token] = personTokens({ from: plan.reads.from, count: 1 }, secret)
  const page = `${host.url}/p/${token}?lang=nl`
  loopbackOnly(page)

  const browser = await launchChromium()
  const first: number[] = []
  const shown: number[] = []
  try {
    for (let load = 0; load < loads; load += 1) {
      const times = await renderTimes(browser, page)
      first.push(times.firstRender)
      shown.push(times.preferencesShown)
    }
  } finally {
    await browser.close()
  }
  say(`  widget render times (ms): ${shown.map((ms) => ms.toFixed(0)).join(', ')}`)

  return judged({
    workload: '8b. Widget first render (median)',
    unit: 'ms',
    product: median(first),
    floor: null,
    ratio: null,
    goal: null,
    failures: 0,
    notes: [
      `${loads} cold loads of the hosted page; ten types on screen at median ` +
        `${median(shown).toFixed(0)} ms`,
    ],
  })
}

async function gzippedBytes(): Promise<number> {
  const built = await access(widgetFile).then(
    () => true,
    () => false,
  )
  if (!built) await promisify(execFile)('npx', ['vite', 'build', '--logLevel', 'warn'])
  return gzipSync(await readFile(widgetFile), { level: 9 }).length
}

type Browser = Awaited<ReturnType<typeof launchChromium>>

/** Milliseconds from navigation start to the first content and to the checkboxes. */
async function renderTimes(browser: Browser, url: string) {
  const context = await browser.newContext()
  try {
    const page = await context.newPage()
    await page.goto(url, { waitUntil: 'commit' })
    const appeared = (selector: string) =>
      page
        .waitForFunction(
          (inside) => {
            const root = document.querySelector('smp-preferences')?.shadowRoot
            return root?.querySelector(inside) ? performance.now() : false
          },
          selector,
          { polling: 'raf', timeout: 15_000 },
        )
        .then((handle) => handle.jsonValue() as Promise<number>)
    const firstRender = await appeared('*')
    const preferencesShown = await appeared('[part~="checkbox"]')
    const boxes = await page.evaluate(
      () =>
        document.querySelector('smp-preferences')?.shadowRoot?.querySelectorAll('[part~="type"]')
          .length,
    )
    if (boxes !== 10) throw new Error(`The widget showed ${boxes} types, not 10.`)
    return { firstRender, preferencesShown }
  } finally {
    await context.close()
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? 0
}
