import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, saveScreenshot } from '../support/browser.ts'
import { parseCsv } from '../support/csvParse.ts'
import { startTestServer, type TestServer } from '../support/testServer.ts'
import {
  demoOperators,
  download,
  expectNoAxeViolations,
  newConsolePage,
  openDialog,
  signIn,
} from './consoleBrowser.ts'

let server: TestServer
let browser: Browser
let page: Page
let problems: string[]

beforeAll(async () => {
  server = await startTestServer()
  browser = await launchChromium()
  ;({ page, problems } = await newConsolePage(browser))
  await signIn(page, server, demoOperators.admin)
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

async function typeOf(key: string) {
  const response = await server.api(`/api/v1/opt-in-types/${key}`)
  return (await response.json()) as Record<string, unknown>
}

describe('the opt-in types table', () => {
  it('lists the types with subgroups, kind and policies', async () => {
    await page.getByRole('link', { name: 'Opt-in types' }).click()
    await page.getByRole('heading', { name: 'Opt-in types' }).waitFor()
    const rows = page.locator('smp-opt-in-types tbody tr')
    await expect.poll(() => rows.count()).toBeGreaterThanOrEqual(7)

    const profiling = await rows.filter({ hasText: 'profileren' }).innerText()
    expect(profiling).toMatch(/Profileren\s+profileren\s+E-mail\s+Zacht\s+Nee\s+Ja/)
    expect(await page.locator('smp-opt-in-types tr.subgroup').count()).toBe(3)
    await expectNoAxeViolations(page)
    await saveScreenshot(page, 'console-opt-in-types')
  })

  it('creates a soft subgroup with labels in both languages and an auto opt-in query', async () => {
    const query = await server.api('/api/v1/queries', {
      method: 'POST',
      json: { name: 'Iedereen in Utrecht', definition: { field: 'city', equals: 'Utrecht' } },
    })
    expect(query.status).toBe(201)
    const { id: queryId } = (await query.json()) as { id: number }
    await page.reload()

    await page.getByRole('button', { name: 'Nieuw opt-in type' }).click()
    await page.getByRole('dialog', { name: 'Nieuw opt-in type' }).waitFor()
    const dialog = openDialog(page)
    await expectNoAxeViolations(page)
    await saveScreenshot(page, 'console-opt-in-type-form')

    await dialog.getByLabel('Sleutel').fill('regio-utrecht')
    await dialog.getByLabel('Label (Nederlands)').fill('Regio Utrecht')
    await dialog.getByLabel('Label (Engels)').fill('Utrecht region')
    await dialog.getByLabel('Omschrijving (Nederlands)').fill('Nieuws uit de regio.')
    await dialog.getByLabel('Soort').selectOption('soft')
    await dialog.getByLabel('Hoofdgroep').selectOption('nieuwsbrief')
    await dialog.getByLabel('Selectie voor opt-ins').selectOption(String(queryId))
    await dialog.getByLabel('Automatisch aan bij aanmelding').check()
    await dialog.getByRole('button', { name: 'Opslaan' }).click()

    await expect
      .poll(() => page.locator('smp-opt-in-types .notice').textContent())
      .toContain('Regio Utrecht is opgeslagen')
    expect(await typeOf('regio-utrecht')).toMatchObject({
      labels: { nl: 'Regio Utrecht', en: 'Utrecht region' },
      descriptions: { nl: 'Nieuws uit de regio.' },
      kind: 'soft',
      parentKey: 'nieuwsbrief',
      autoOptInQueryId: queryId,
      autoOptOutQueryId: null,
      grantOnSignUp: true,
      selfService: true,
      channel: 'email',
    })
  })

  it('edits a type: its labels, the opt-out note and self service', async () => {
    await page.getByRole('button', { name: 'Vrienden-nieuwsbrief wijzigen' }).click()
    await page.getByRole('dialog', { name: 'Vrienden-nieuwsbrief wijzigen' }).waitFor()
    const dialog = openDialog(page)
    expect(await dialog.getByLabel('Label (Engels)').inputValue()).toBe("Friends' newsletter")
    await dialog.getByLabel('Label (Engels)').fill('Newsletter for friends')
    await dialog.getByLabel('Zelf te wijzigen in het voorkeurencentrum').uncheck()
    await dialog.getByLabel('Uitleg afmelden (Nederlands)').fill('Bel ons om af te melden.')
    const business = dialog.getByRole('group', { name: 'Zakelijke relaties' })
    await expect.poll(() => business.getByLabel('Mag zien').isChecked()).toBe(false)
    await business.getByLabel('Mag zien').check()
    await dialog.getByRole('button', { name: 'Opslaan' }).click()

    await expect
      .poll(() => page.locator('smp-opt-in-types .notice').textContent())
      .toContain('opgeslagen')
    expect(await typeOf('vrienden-nieuwsbrief')).toMatchObject({
      labels: { nl: 'Vrienden-nieuwsbrief', en: 'Newsletter for friends' },
      selfService: false,
      optOutNotes: { nl: 'Bel ons om af te melden.' },
      active: true,
    })
    const { groups } = (await (await server.api('/api/v1/operator-groups')).json()) as {
      groups: { id: number; name: string }[]
    }
    const groupId = groups.find((group) => group.name === 'Zakelijke relaties')?.id
    const grants = await server.api('/api/v1/opt-in-types/vrienden-nieuwsbrief/permissions')
    expect(await grants.json()).toEqual({ permissions: [{ groupId, view: true, change: false }] })
  })

  it('sets the profiling policy, and shows it when the type is opened again', async () => {
    await page.getByRole('button', { name: 'Regio Utrecht wijzigen' }).click()
    const dialog = openDialog(page)
    const profiling = dialog.getByLabel('Toestemming voor profileren')
    await expect.poll(() => profiling.isChecked()).toBe(false)
    await profiling.check()
    await dialog.getByRole('button', { name: 'Opslaan' }).click()

    await expect.poll(async () => (await typeOf('regio-utrecht')).profiling).toBe(true)
    await page.getByRole('button', { name: 'Regio Utrecht wijzigen' }).click()
    await expect
      .poll(() => openDialog(page).getByLabel('Toestemming voor profileren').isChecked())
      .toBe(true)
    await openDialog(page).getByRole('button', { name: 'Annuleren' }).click()
  })

  it('shows which user groups may view and change a restricted type', async () => {
    await page.getByRole('button', { name: 'Zakelijk wijzigen', exact: true }).click()
    await page.getByRole('dialog', { name: 'Zakelijk wijzigen' }).waitFor()
    const business = openDialog(page).getByRole('group', { name: 'Zakelijke relaties' })
    await expect.poll(() => business.getByLabel('Mag zien').isChecked()).toBe(true)
    await expect.poll(() => business.getByLabel('Mag wijzigen').isChecked()).toBe(true)
    await openDialog(page).getByRole('button', { name: 'Annuleren' }).click()
  })
})

describe('the consent ledger', () => {
  it('filters by channel, in or out, type and period, and exports the same as CSV', async () => {
    await page.getByRole('link', { name: 'Opt-in Opt-out tabel' }).click()
    const rows = page.locator('smp-ledger tbody tr')
    await expect.poll(() => rows.count()).toBe(4)
    await expectNoAxeViolations(page)
    await saveScreenshot(page, 'console-ledger')

    await page.getByLabel('Kanaal').selectOption('automatic')
    await page.getByLabel('Zacht afgegeven').selectOption('true')
    await page.getByRole('button', { name: 'Filteren' }).click()
    await expect.poll(() => rows.count()).toBe(3)
    expect(await page.locator('smp-ledger tbody').innerText()).not.toContain('Webformulier')
    expect(page.url()).toContain('channel=automatic')

    const csv = await download(page, () =>
      page.getByRole('link', { name: 'Exporteren (CSV)' }).click(),
    )
    const [header, ...lines] = parseCsv(csv.bytes.toString('utf8'))
    const channel = header!.indexOf('channel')
    expect(csv.name).toBe('consent-records.csv')
    expect(lines.map((line) => line[channel])).toEqual(['automatic', 'automatic', 'automatic'])

    await page.getByLabel('In of uit').selectOption('false')
    await page.getByRole('button', { name: 'Filteren' }).click()
    await expect
      .poll(() => page.locator('smp-ledger [role=status]').textContent())
      .toContain('Geen opt-ins of opt-outs gevonden.')

    const today = new Date().toISOString().slice(0, 10)
    await page.getByLabel('Kanaal').selectOption('')
    await page.getByLabel('In of uit').selectOption('')
    await page.getByLabel('Zacht afgegeven').selectOption('')
    await page.getByLabel('Opt-in type').selectOption('nieuwsbrief')
    await page.getByLabel('Van').fill(today)
    await page.getByLabel('Tot en met').fill(today)
    await page.getByRole('button', { name: 'Filteren' }).click()
    await expect.poll(() => rows.count()).toBe(1)
    expect(await rows.innerText()).toContain('Ja, ik wil de nieuwsbrief ontvangen')
  })
})

describe('saved queries', () => {
  it('lists saved queries and counts who is in one', async () => {
    await page.getByRole('link', { name: 'Zoekvragen' }).click()
    await page.getByRole('button', { name: 'Personen in Iedereen in Utrecht tellen' }).click()
    await expect
      .poll(() => page.locator('smp-saved-queries tbody output').textContent())
      .toBe('1 persoon')
    expect(await page.locator('smp-saved-queries tbody').innerText()).toContain('regio-utrecht')
    await expectNoAxeViolations(page)
    await saveScreenshot(page, 'console-saved-queries')
  })
})

describe('mailings', () => {
  it('shows a mailing’s report', async () => {
    await page.getByRole('link', { name: 'Mailings' }).click()
    await page.getByRole('button', { name: 'Rapport van Nieuwsbrief december' }).click()
    const report = page.getByRole('region', { name: 'Rapport: Nieuwsbrief december' })
    await report.waitFor()
    expect(await report.innerText()).toMatch(/Verstuurd aan\s+3/)
    expect(await report.innerText()).toMatch(/Harde bounces\s+0/)
    const typeCell = page.locator('smp-mailings tbody tr').first().locator('td').nth(2)
    expect(await typeCell.textContent()).toContain('Nieuwsbrief')
    expect(await typeCell.textContent()).not.toContain('nieuwsbrief')
    await expectNoAxeViolations(page)
    await saveScreenshot(page, 'console-mailings')
  })
})

describe('charts', () => {
  it('draws opt-ins over time, current consent per type and bounces per mailing', async () => {
    await page.getByRole('link', { name: 'Grafieken' }).click()
    // The demo mailing has no bounces yet: a sentence says so instead of an empty grid.
    const bounces = page.getByRole('region', { name: 'Bounces per mailing' })
    await expect.poll(() => bounces.textContent()).toContain('Nog geen gegevens.')
    await expect.poll(() => page.locator('smp-chart').count()).toBe(2)

    const drawn = await page.evaluate(() =>
      [...document.querySelector('smp-console')!.shadowRoot!.querySelectorAll('*')]
        .flatMap((element) => [...(element.shadowRoot?.querySelectorAll('smp-chart') ?? [])])
        .map((chart) => {
          const data = (
            chart as unknown as {
              drawnData: { labels: string[]; datasets: { label: string; data: number[] }[] } | null
            }
          ).drawnData
          return (
            data && {
              labels: data.labels,
              datasets: data.datasets.map((set) => ({ label: set.label, data: set.data })),
            }
          )
        }),
    )
    const current = (await (await server.api('/api/v1/stats/current-consent')).json()) as {
      types: { labels: { nl: string }; optedIn: number; optedOut: number }[]
    }
    expect(drawn[1]).toEqual({
      labels: current.types.map((type) => type.labels.nl),
      datasets: [
        { label: 'Aangemeld', data: current.types.map((type) => type.optedIn) },
        { label: 'Afgemeld', data: current.types.map((type) => type.optedOut) },
      ],
    })
    const servicemail = current.types.find((type) => type.labels.nl === 'Servicemail')
    expect(servicemail?.optedIn).toBe(3)
    expect(drawn[0]?.datasets.map((set) => set.label)).toEqual(['Opt-ins', 'Opt-outs'])
    expect(drawn[0]?.datasets[0]?.data.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(4)
    expect(await bounces.locator('smp-chart').count()).toBe(0)
    await expectNoAxeViolations(page)
    await saveScreenshot(page, 'console-charts')
  })

  it('made no script or console errors on the way', () => {
    expect(problems).toEqual([])
  })
})
