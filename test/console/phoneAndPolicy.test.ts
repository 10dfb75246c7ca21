import type { Browser } from 'playwright-core'
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
let screens: { name: string; path: string; ready: string }[]

beforeAll(async () => {
  server = await startTestServer()
  browser = await launchChromium()
  const [fenna] = (await demoPersonIds(server)) as [number]
  screens = [
    { name: 'persons', path: '/admin/persons', ready: 'Fenna Brouwersma' },
    { name: 'preferences', path: `/admin/persons/${fenna}`, ready: 'Actieve opt-ins' },
    { name: 'contact', path: `/admin/persons/${fenna}/contact`, ready: 'Valide e-mailadres' },
    {
      name: 'administration',
      path: `/admin/persons/${fenna}/administration`,
      ready: 'Datum geanonimiseerd',
    },
    { name: 'opt-in-types', path: '/admin/types', ready: 'Vrienden-nieuwsbrief' },
    { name: 'ledger', path: '/admin/ledger', ready: 'regels getoond' },
    { name: 'queries', path: '/admin/queries', ready: 'Er zijn nog geen zoekvragen.' },
    { name: 'mailings', path: '/admin/mailings', ready: 'Nieuwsbrief december' },
    { name: 'charts', path: '/admin/charts', ready: 'Bounces per mailing' },
    { name: 'groups', path: '/admin/groups', ready: 'Zakelijke relaties' },
  ]
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

describe('the console at phone width (360 px)', () => {
  it('fits every screen in the width without sideways scrolling, and passes axe', async () => {
    const { page } = await newConsolePage(browser, { viewport: { width: 360, height: 740 } })
    await signIn(page, server, demoOperators.admin)

    for (const screen of screens) {
      await page.goto(`${server.url}${screen.path}`)
      await page.getByText(screen.ready).first().waitFor()
      const width = await page.evaluate(() => document.documentElement.scrollWidth)
      expect({ screen: screen.name, width }).toEqual({ screen: screen.name, width: 360 })
      await expectNoAxeViolations(page)
      await saveScreenshot(page, `console-phone-${screen.name}`)
    }
  })
})

describe('the console at the width of a common phone (390 px)', () => {
  it('shows the history as cards with the description in view, and folds the menu', async () => {
    const { page } = await newConsolePage(browser, { viewport: { width: 390, height: 844 } })
    await signIn(page, server, demoOperators.admin)
    const [fenna] = (await demoPersonIds(server)) as [number]
    await page.goto(`${server.url}/admin/persons/${fenna}`)
    await page.getByRole('heading', { name: 'Geschiedenis' }).waitFor()

    const description = page
      .locator('smp-preferences-tab table')
      .last()
      .getByText('Ja, ik wil de nieuwsbrief ontvangen')
    await expect.poll(() => description.isVisible()).toBe(true)
    const box = (await description.boundingBox())!
    expect(box.x).toBeGreaterThanOrEqual(0)
    expect(box.x + box.width).toBeLessThanOrEqual(390)
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390)
    const history = page.getByRole('region', { name: 'Geschiedenis' })
    expect(await history.evaluate((region) => region.scrollWidth - region.clientWidth)).toBe(0)

    // The menu is one button; the page starts well above the fold.
    const header = (await page.locator('smp-console header').boundingBox())!
    expect(header.height).toBeLessThan(80)
    const menu = page.getByRole('button', { name: 'Menu' })
    expect(await menu.getAttribute('aria-expanded')).toBe('false')
    expect(await page.getByRole('link', { name: 'Grafieken' }).isVisible()).toBe(false)
    await menu.click()
    await page.getByRole('link', { name: 'Grafieken' }).click()
    await page.getByRole('heading', { name: 'Grafieken' }).waitFor()
    expect(await menu.getAttribute('aria-expanded')).toBe('false')
    await expectNoAxeViolations(page)
  })

  it('shows the ledger as cards, every record with its description and person link', async () => {
    const { page } = await newConsolePage(browser, { viewport: { width: 390, height: 844 } })
    await signIn(page, server, demoOperators.admin)
    await page.goto(`${server.url}/admin/ledger`)
    await page.getByText('regels getoond').waitFor()

    const cell = page.locator('smp-ledger td[data-label=Omschrijving]').first()
    await expect.poll(() => cell.isVisible()).toBe(true)
    expect((await cell.boundingBox())!.x + (await cell.boundingBox())!.width).toBeLessThanOrEqual(
      390,
    )
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBe(390)
    expect(await page.locator('smp-ledger td a').first().textContent()).toMatch(/Persoon \d+/)
    await expectNoAxeViolations(page)
    await saveScreenshot(page, 'console-phone-390-ledger')
  })
})

describe('the console under the server’s content security policy', () => {
  it('loads every screen after a reload with no violation and no script error', async () => {
    const { page, problems } = await newConsolePage(browser, { bypassCSP: false })
    const violations: string[] = []
    await page.exposeFunction('reportViolation', (text: string) => violations.push(text))
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        const report = (window as unknown as { reportViolation: (text: string) => void })
          .reportViolation
        report(`${event.violatedDirective} ${event.blockedURI}`)
      })
    })
    await signIn(page, server, demoOperators.admin)

    for (const screen of screens) {
      await page.goto(`${server.url}${screen.path}`)
      await page.getByText(screen.ready).first().waitFor()
    }
    const policy = (await page.goto(`${server.url}/admin/charts`))?.headers()[
      'content-security-policy'
    ]
    expect(policy).toContain("script-src 'self'")
    expect(policy).toContain("style-src 'self'")
    expect(violations).toEqual([])
    expect(problems).toEqual([])
  })
})
