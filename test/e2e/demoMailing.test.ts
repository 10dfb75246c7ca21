import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, saveScreenshot } from '../support/browser.ts'
import { startTestServer, type TestServer } from '../support/testServer.ts'

let server: TestServer
let browser: Browser

beforeAll(async () => {
  server = await startTestServer()
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

/** Clicks save and waits until the widget announces that the server recorded it. */
async function saveAndWaitForConfirmation(page: Page) {
  await page.getByRole('button', { name: 'Opslaan' }).click()
  await expect
    .poll(() => page.getByRole('status').textContent(), { timeout: 10_000 })
    .toContain('opgeslagen')
}

async function newestRecord() {
  const response = await server.api(`/api/v1/persons/${server.demo!.personId}/consent-records`)
  const { records } = (await response.json()) as { records: Record<string, unknown>[] }
  return records[0]
}

describe('a mail recipient managing preferences from the demo mailing', () => {
  it('follows the link, ticks a type, saves, and the ledger holds the label, channel and contact moment', async () => {
    const page = await browser.newPage()
    const problems: string[] = []
    page.on('pageerror', (error) => problems.push(error.message))
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text())
    })

    await page.goto(`${server.url}/demo/mailing`)
    await page.getByRole('link', { name: 'Voorkeuren beheren' }).click()
    await page.waitForURL(/\/p\/v1\./)

    const friends = page.getByRole('checkbox', { name: 'Vrienden-nieuwsbrief' })
    await expect.poll(() => friends.isVisible(), { timeout: 10_000 }).toBe(true)
    expect(await friends.isChecked()).toBe(false)
    await friends.check()
    await saveAndWaitForConfirmation(page)
    await saveScreenshot(page, 'hosted-preference-page-saved')

    expect(await newestRecord()).toMatchObject({
      type: 'vrienden-nieuwsbrief',
      optIn: true,
      soft: false,
      description: 'Vrienden-nieuwsbrief',
      channel: 'preference_centre',
      contactMomentId: server.demo!.contactMomentId,
    })
    expect(problems).toEqual([])
  })

  it('shows the widget on the demo website, where saving records the own-website channel', async () => {
    const page = await browser.newPage()

    await page.goto(`${server.url}/demo/`)
    const youth = page.getByRole('checkbox', { name: 'Jongeren' })
    await expect.poll(() => youth.isVisible(), { timeout: 10_000 }).toBe(true)
    await youth.check()
    await saveAndWaitForConfirmation(page)
    await saveScreenshot(page, 'demo-website-saved')

    expect(await newestRecord()).toMatchObject({
      type: 'jongeren',
      optIn: true,
      description: 'Jongeren',
      channel: 'own_website',
      contactMomentId: null,
    })
  })
})
