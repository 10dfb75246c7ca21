/** Driving the operator console in Chromium: signing in, checking accessibility, downloads. */
import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { Browser, BrowserContextOptions, Download, Page } from 'playwright-core'
import { expect } from 'vitest'
import type { TestServer } from '../support/testServer.ts'

export const demoPassword = 'demo-wachtwoord-2026'

export const demoOperators = {
  admin: 'beheerder@demo.example',
  editor: 'redacteur@demo.example',
  viewer: 'lezer@demo.example',
} as const

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js')

/**
 * A fresh browser context and page. `bypassCSP` lets the test inject axe-core; one suite
 * runs every screen without it, under the server's real policy.
 */
export async function newConsolePage(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<{ page: Page; problems: string[] }> {
  const context = await browser.newContext({ bypassCSP: true, acceptDownloads: true, ...options })
  const page = await context.newPage()
  const problems: string[] = []
  page.on('pageerror', (error) => problems.push(error.message))
  page.on('console', (message) => {
    // Asking for the session before signing in answers 401, which the console expects.
    const expected = /status of 401/.test(message.text())
    if (message.type() === 'error' && !expected) problems.push(message.text())
  })
  return { page, problems }
}

export async function signIn(page: Page, server: TestServer, email: string): Promise<void> {
  await page.goto(`${server.url}/admin`)
  await page.getByLabel('E-mailadres').fill(email)
  await page.getByLabel('Wachtwoord').fill(demoPassword)
  await page.getByRole('button', { name: 'Inloggen' }).click()
  // At phone width the menu is folded away, so the menu only has to be there, not visible.
  const menu = page.getByRole('navigation', { name: 'Hoofdmenu', includeHidden: true })
  await menu.waitFor({ state: 'attached' })
}

/** Runs axe-core on the page as it is and expects no violations, naming any it finds. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.addScriptTag({ content: await readFile(axePath, 'utf8') })
  }
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<AxeResult> } })
      .axe
    const result = await axe.run(document)
    return result.violations.map((violation) => ({
      rule: violation.id,
      help: violation.help,
      nodes: violation.nodes.map((node) => JSON.stringify(node.target)),
    }))
  })
  expect(violations).toEqual([])
}

interface AxeResult {
  violations: { id: string; help: string; nodes: { target: unknown }[] }[]
}

/** Clicks what starts a download and returns the file's name and bytes. */
export async function download(
  page: Page,
  start: () => Promise<void>,
): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), start()])
  return { name: file.suggestedFilename(), bytes: await readDownload(file) }
}

async function readDownload(file: Download): Promise<Buffer> {
  const path = await file.path()
  return readFile(path)
}

/** The person ids of the demo data, in the order demo/seed.ts creates them. */
export async function demoPersonIds(server: TestServer): Promise<number[]> {
  const response = await server.api('/api/v1/persons?limit=500')
  const { persons } = (await response.json()) as { persons: { id: number; email: string }[] }
  return persons.map((person) => person.id)
}

/**
 * The open dialog's content. It is slotted into the dialog from the light DOM, so a locator
 * inside the `<dialog>` element itself would not reach the form.
 */
export function openDialog(page: Page) {
  return page.locator('smp-dialog[open]')
}
