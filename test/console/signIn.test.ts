import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, saveScreenshot } from '../support/browser.ts'
import { startTestServer, type TestServer } from '../support/testServer.ts'
import {
  demoOperators,
  demoPassword,
  expectNoAxeViolations,
  newConsolePage,
  signIn,
} from './consoleBrowser.ts'

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

describe('signing in to the console', () => {
  it('refuses a wrong password with a readable message and no session', async () => {
    const { page, problems } = await newConsolePage(browser)
    await page.goto(`${server.url}/admin`)
    await expectNoAxeViolations(page)
    await saveScreenshot(page, 'console-sign-in')

    await page.getByLabel('E-mailadres').fill(demoOperators.admin)
    await page.getByLabel('Wachtwoord').fill('not-the-password')
    await page.getByRole('button', { name: 'Inloggen' }).click()

    await expect
      .poll(() => page.getByRole('alert').first().textContent())
      .toContain('Dit e-mailadres en wachtwoord horen niet bij elkaar.')
    expect(await page.getByRole('navigation', { name: 'Hoofdmenu' }).count()).toBe(0)
    const session = await page.evaluate(() => fetch('/api/v1/session').then((r) => r.status))
    expect(session).toBe(401)
    expect(problems).toEqual([])
  })

  it('signs in, shows who is signed in, and keeps the session across a reload', async () => {
    const { page } = await newConsolePage(browser)
    await signIn(page, server, demoOperators.admin)

    await expect
      .poll(() => page.locator('smp-console header').textContent())
      .toContain('Bea Beheerder (beheerder)')
    await page.reload()
    await page.getByRole('heading', { name: 'Personen' }).waitFor()
    await expect
      .poll(() => page.getByRole('link', { name: 'Fenna Brouwersma' }).isVisible())
      .toBe(true)
    const cookies = await page.context().cookies()
    expect(cookies.find((cookie) => cookie.name === 'smp_session')).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
    })
  })

  it('signs out: the session ends on the server and the sign-in form returns', async () => {
    const { page } = await newConsolePage(browser)
    await signIn(page, server, demoOperators.editor)

    await page.getByRole('button', { name: 'Uitloggen' }).click()
    await page.getByRole('heading', { name: 'Inloggen' }).waitFor()
    const session = await page.evaluate(() => fetch('/api/v1/session').then((r) => r.status))
    expect(session).toBe(401)
  })

  it('switches to English and remembers the choice after a reload', async () => {
    const { page } = await newConsolePage(browser)
    await signIn(page, server, demoOperators.admin)

    await page.getByRole('button', { name: 'English' }).click()
    await page.getByRole('heading', { name: 'Persons' }).waitFor()
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en')
    await page.reload()
    await page.getByRole('navigation', { name: 'Main menu' }).waitFor()
    await expect
      .poll(() => page.getByRole('link', { name: 'Consent ledger' }).isVisible())
      .toBe(true)
    await expectNoAxeViolations(page)
    await saveScreenshot(page, 'console-persons-english')

    await page.getByRole('button', { name: 'Nederlands' }).click()
    await page.getByRole('heading', { name: 'Personen' }).waitFor()
  })

  it('answers a sign-in with the right password through the API with the session body', async () => {
    const response = await fetch(`${server.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: demoOperators.viewer, password: demoPassword }),
    })
    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({
      operator: { email: demoOperators.viewer, role: 'viewer' },
      permissions: { canAddTypes: false },
    })
  })
})

describe('a refused sign-in in the console’s own words', () => {
  let limited: TestServer

  beforeAll(async () => {
    // One failed attempt per account per window: the second is refused as too many.
    limited = await startTestServer({ rateLimitScale: 0.1 })
  })

  afterAll(async () => {
    await limited?.close()
  })

  async function tryPassword(page: Page, password: string) {
    await page.getByLabel(/E-mailadres|Email address/).fill(demoOperators.editor)
    await page.getByLabel(/Wachtwoord|Password/).fill(password)
    await page.getByRole('button', { name: /Inloggen|Sign in/ }).click()
  }

  it('says in Dutch how many minutes to wait after too many attempts, and follows the language', async () => {
    const { page } = await newConsolePage(browser)
    await page.goto(`${limited.url}/admin`)
    const alert = page.locator('smp-sign-in [role=alert]')

    await tryPassword(page, 'wrong-once')
    await expect.poll(() => alert.textContent()).toContain('horen niet bij elkaar')
    await tryPassword(page, 'wrong-twice')
    await expect
      .poll(() => alert.textContent())
      .toMatch(/Te veel pogingen\. Wacht 15 minuten en probeer het dan opnieuw\./)
    expect(await alert.textContent()).not.toMatch(/Wait|moment|trying/)
    await expectNoAxeViolations(page)
    await saveScreenshot(page, 'console-sign-in-too-many')

    await page.getByRole('button', { name: 'English' }).click()
    await expect
      .poll(() => alert.textContent())
      .toContain('Too many attempts. Wait 15 minutes, then try again.')
    expect(await alert.textContent()).not.toContain('Te veel')
  })

  it('re-renders a wrong password in English after switching', async () => {
    const { page } = await newConsolePage(browser)
    await page.goto(`${server.url}/admin`)
    await tryPassword(page, 'not-the-password')
    const alert = page.locator('smp-sign-in [role=alert]')
    await expect.poll(() => alert.textContent()).toContain('horen niet bij elkaar')

    await page.getByRole('button', { name: 'English' }).click()
    await expect
      .poll(() => alert.textContent())
      .toContain('This email address and password do not match.')
    expect(await alert.textContent()).not.toContain('horen')
  })
})
