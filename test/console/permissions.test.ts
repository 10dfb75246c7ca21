import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, saveScreenshot } from '../support/browser.ts'
import { startTestServer, type TestServer } from '../support/testServer.ts'
import {
  demoOperators,
  demoPersonIds,
  expectNoAxeViolations,
  newConsolePage,
  signIn,
} from './consoleBrowser.ts'

let server: TestServer
let browser: Browser
let fenna: number

beforeAll(async () => {
  server = await startTestServer()
  browser = await launchChromium()
  ;[fenna] = (await demoPersonIds(server)) as [number]
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

/** A change sent from inside the signed-in page, as the console itself would send it. */
function postFromPage(page: Page, path: string, body: unknown, headers: Record<string, string>) {
  return page.evaluate(
    async ({ path, body, headers }) => {
      const response = await fetch(path, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      })
      return { status: response.status, problem: (await response.json()) as { type: string } }
    },
    { path, body, headers },
  )
}

const telephoneOptOut = {
  type: 'nieuwsbrief',
  optIn: false,
  channel: 'telephone',
  description: 'Poging van een lezer',
}

describe('a viewer', () => {
  let page: Page

  beforeAll(async () => {
    ;({ page } = await newConsolePage(browser))
    await signIn(page, server, demoOperators.viewer)
  })

  it('sees the customer card without any button that changes something', async () => {
    await page.goto(`${server.url}/admin/persons/${fenna}`)
    await page.getByRole('heading', { name: 'Actieve opt-ins' }).waitFor()
    expect(await page.getByRole('button', { name: 'Persoon in/uitschrijven' }).count()).toBe(0)
    expect(await page.getByRole('button', { name: 'Volledig uitschrijven' }).count()).toBe(0)
    await saveScreenshot(page, 'console-viewer-preferences')

    await page.getByRole('tab', { name: 'Contactgegevens' }).click()
    await page.getByRole('heading', { name: 'Status' }).waitFor()
    expect(await page.getByRole('checkbox').count()).toBe(0)
    // innerText of the element itself would be empty: its content lives in its shadow root.
    const status = await page.locator('smp-contact-tab dl').last().innerText()
    expect(status).toMatch(/Bouncer\s+Nee\s+Overleden\s+Nee/)

    await page.getByRole('tab', { name: 'Administratie' }).click()
    await page.getByRole('heading', { name: 'Persoonsgegevens' }).waitFor()
    expect(await page.getByRole('button', { name: 'Anonimiseren' }).count()).toBe(0)
    expect(await page.getByRole('link', { name: 'PDF met persoonsgegevens' }).count()).toBe(1)
    await expectNoAxeViolations(page)
  })

  it('sees no type editing and not the types its groups may not view', async () => {
    await page.getByRole('link', { name: 'Opt-in types' }).click()
    await expect.poll(() => page.locator('smp-opt-in-types tbody tr').count()).toBeGreaterThan(0)
    expect(await page.getByRole('button', { name: 'Nieuw opt-in type' }).count()).toBe(0)
    expect(await page.getByRole('button', { name: /wijzigen$/ }).count()).toBe(0)

    const session = (await page.evaluate(() =>
      fetch('/api/v1/session').then((response) => response.json()),
    )) as { permissions: { types: Record<string, { view: boolean }> } }
    const hidden = Object.entries(session.permissions.types)
      .filter(([, access]) => !access.view)
      .map(([key]) => key)
    const shown = await page.locator('smp-opt-in-types tbody td:nth-child(2)').allTextContents()
    for (const key of hidden) expect(shown).not.toContain(key)
    await saveScreenshot(page, 'console-viewer-opt-in-types')
  })

  it('is refused with 403 when it tries a change through the API anyway', async () => {
    const attempt = await postFromPage(
      page,
      `/api/v1/persons/${fenna}/consent-records`,
      telephoneOptOut,
      { 'x-smp-console': '1' },
    )
    expect(attempt.status).toBe(403)
    expect(attempt.problem.type).toBe('/problems/forbidden')

    const records = (await (
      await server.api(`/api/v1/persons/${fenna}/consent-records`)
    ).json()) as { records: { description: string }[] }
    expect(records.records.map((record) => record.description)).not.toContain(
      'Poging van een lezer',
    )
  })
})

describe('an editor', () => {
  it('records consent from the console, but a change without the console header is refused', async () => {
    const { page } = await newConsolePage(browser)
    await signIn(page, server, demoOperators.editor)
    await page.goto(`${server.url}/admin/persons/${fenna}`)
    // The card loads after the page does; isVisible() alone would not wait for it.
    await page.getByRole('button', { name: 'Persoon in/uitschrijven' }).waitFor()

    const withoutHeader = await postFromPage(
      page,
      `/api/v1/persons/${fenna}/consent-records`,
      { ...telephoneOptOut, description: 'Zonder kopregel' },
      {},
    )
    expect(withoutHeader.status).toBe(403)

    // Only admins edit a type that no user group was granted.
    await page.getByRole('link', { name: 'Opt-in types' }).click()
    await expect.poll(() => page.locator('smp-opt-in-types tbody tr').count()).toBeGreaterThan(0)
    const edit = page.getByRole('button', { name: 'Nieuwsbrief wijzigen', exact: true })
    expect(await edit.count()).toBe(0)
  })
})
