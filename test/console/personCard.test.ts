import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, saveScreenshot } from '../support/browser.ts'
import { bounceStateOf, createNamedPerson } from '../support/persons.ts'
import { startTestServer, type TestServer } from '../support/testServer.ts'
import {
  demoOperators,
  demoPersonIds,
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
let fenna: number
let joris: number
let amira: number

beforeAll(async () => {
  server = await startTestServer()
  browser = await launchChromium()
  ;[fenna, joris, amira] = (await demoPersonIds(server)) as [number, number, number]
  ;({ page, problems } = await newConsolePage(browser))
  await signIn(page, server, demoOperators.editor)
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

async function ledgerOf(personId: number) {
  const response = await server.api(`/api/v1/persons/${personId}/consent-records`)
  return ((await response.json()) as { records: Record<string, unknown>[] }).records
}

async function personOf(personId: number) {
  const response = await server.api(`/api/v1/persons/${personId}`)
  return (await response.json()) as Record<string, unknown>
}

const resultNames = () => page.locator('smp-person-search tbody td:nth-child(2)').allTextContents()

async function expectSearchToFind(text: string, names: string[]) {
  await page.getByRole('link', { name: 'Personen' }).click()
  await page.getByLabel('Zoek op naam, e-mailadres of nummer').fill(text)
  await page.getByRole('button', { name: 'Zoeken' }).click()
  await page.waitForURL((url) => url.searchParams.get('q') === text)
  await expect.poll(resultNames).toEqual(names)
}

describe('finding a person', () => {
  it('finds a person by name, by email address and by number', async () => {
    await expectSearchToFind('Oosterwijck', ['Joris van Oosterwijck'])
    expect(await page.locator('smp-person-search p.muted').textContent()).toContain(
      '1 persoon gevonden.',
    )
    await expectNoAxeViolations(page)
    await saveScreenshot(page, 'console-person-search')

    await expectSearchToFind('amira.haddouchi@example.org', ['Amira Haddouchi'])
    await expectSearchToFind(String(fenna), ['Fenna Brouwersma'])
  })
})

describe('the Preferences tab', () => {
  it('shows active opt-ins and the full history with channel, label text, soft flag and contact moment', async () => {
    await page.goto(`${server.url}/admin/persons/${fenna}`)
    const tab = page.getByRole('tabpanel')
    await tab.getByRole('heading', { name: 'Actieve opt-ins' }).waitFor()

    const active = await page.locator('smp-preferences-tab table').first().innerText()
    expect(active).toContain('Nieuwsbrief')
    expect(active).toContain('Servicemail')
    const history = await page.locator('smp-preferences-tab table').nth(1).innerText()
    expect(history).toContain('Ja, ik wil de nieuwsbrief ontvangen')
    expect(history).toContain('Webformulier')
    expect(history).toContain('Servicemail voor iedereen met een relatie')
    expect(history).toContain('Automatisch')
    expect(await page.getByRole('tab', { name: 'Voorkeuren' }).getAttribute('aria-selected')).toBe(
      'true',
    )
    await expectNoAxeViolations(page)
    await saveScreenshot(page, 'console-person-preferences')
  })

  it('records an unsubscribe by telephone with a reason, which lands in the ledger', async () => {
    await page.goto(`${server.url}/admin/persons/${fenna}`)
    await page.getByRole('button', { name: 'Persoon in/uitschrijven' }).click()
    await page.getByRole('dialog', { name: 'Persoon in/uitschrijven' }).waitFor()
    const dialog = openDialog(page)
    await expectNoAxeViolations(page)
    await saveScreenshot(page, 'console-record-consent-dialog')

    await dialog.getByLabel('Opt-in type').selectOption('nieuwsbrief')
    await dialog.getByLabel('Uitschrijven (opt-out)').check()
    await dialog.getByLabel('Kanaal').selectOption({ label: 'Telefonisch' })
    await dialog.getByLabel('Omschrijving (reden)').fill('Belde na klacht: te veel mail')
    await dialog.getByRole('button', { name: 'Opslaan' }).click()

    await expect
      .poll(() => page.locator('smp-preferences-tab .notice').textContent())
      .toContain('vastgelegd')
    expect(await page.getByRole('dialog').count()).toBe(0)
    const [newest] = await ledgerOf(fenna)
    expect(newest).toMatchObject({
      type: 'nieuwsbrief',
      optIn: false,
      channel: 'telephone',
      description: 'Belde na klacht: te veel mail',
      soft: false,
      contactMomentId: null,
    })
    const firstRow = await page
      .locator('smp-preferences-tab table')
      .last()
      .locator('tbody tr')
      .first()
    expect(await firstRow.innerText()).toMatch(
      /Nieuwsbrief\s+Opt-out\s+Telefonisch\s+Belde na klacht/,
    )
    const active = await page.locator('smp-preferences-tab table').first().innerText()
    expect(active).not.toContain('Nieuwsbrief')
  })

  it('shows why a manual entry is refused and keeps the dialog open', async () => {
    await page.goto(`${server.url}/admin/persons/${fenna}`)
    await page.getByRole('button', { name: 'Persoon in/uitschrijven' }).click()
    await page.getByRole('dialog', { name: 'Persoon in/uitschrijven' }).waitFor()
    const dialog = openDialog(page)
    await dialog.getByLabel('Omschrijving (reden)').fill('   ')
    await dialog.getByRole('button', { name: 'Opslaan' }).click()

    // In Dutch the console's own words, at the field; the API's English stays out of it.
    await expect
      .poll(() => dialog.getByRole('alert').textContent())
      .toContain('Kijk de gemarkeerde velden na.')
    const reason = dialog.getByLabel('Omschrijving (reden)')
    expect(await reason.getAttribute('aria-invalid')).toBe('true')
    expect(await dialog.locator('#record-reason-problem').textContent()).toContain(
      'Vul dit veld in.',
    )
    expect(await dialog.innerText()).not.toContain('Must not be empty')
    await expect.poll(() => dialog.isVisible()).toBe(true)
    await dialog.getByRole('button', { name: 'Annuleren' }).click()
    expect(await page.getByRole('dialog').count()).toBe(0)
  })

  it('fully unsubscribes a person from every type after confirmation', async () => {
    await page.goto(`${server.url}/admin/persons/${joris}`)
    await page.getByRole('button', { name: 'Volledig uitschrijven' }).click()
    await page.getByRole('dialog', { name: 'Volledig uitschrijven' }).waitFor()
    const dialog = openDialog(page)
    expect(await dialog.innerText()).toContain('ook Profileren')
    await dialog.getByLabel('Kanaal').selectOption({ label: 'Per brief' })
    await dialog.getByLabel('Omschrijving (reden)').fill('Brief: wil niets meer ontvangen')
    await dialog.getByRole('button', { name: 'Ja, volledig uitschrijven' }).click()

    await expect
      .poll(() => page.locator('smp-preferences-tab .notice').textContent())
      .toContain('Volledig uitgeschreven')
    const consent = (await (await server.api(`/api/v1/persons/${joris}/consent`)).json()) as {
      consent: { type: string; optIn: boolean; active: boolean }[]
    }
    expect(consent.consent.filter((entry) => entry.active && entry.optIn)).toEqual([])
    const letters = (await ledgerOf(joris)).filter((record) => record.channel === 'letter')
    expect(letters.map((record) => record.type)).toContain('profileren')
    expect(new Set(letters.map((record) => record.description))).toEqual(
      new Set(['Brief: wil niets meer ontvangen']),
    )
    await expect
      .poll(() => page.getByText('Deze persoon heeft geen actieve opt-ins.').isVisible())
      .toBe(true)
  })
})

describe('the Contact details tab', () => {
  it('shows validity and mailable, and releases a bouncer when unticked', async () => {
    const person = await createNamedPerson(server, 'Stuiter')
    const events = [1, 2, 3].map((n) => ({
      id: `console-bounce-${n}`,
      type: 'bounce',
      bounceType: 'hard',
      status: '5.1.1',
      email: person.email,
      occurredAt: new Date(Date.now() - (10 - n) * 60_000).toISOString(),
    }))
    await server.api('/webhooks/generic', { method: 'POST', json: { events } })
    expect(await bounceStateOf(server, person.id)).toMatchObject({ bouncer: true, mailable: false })

    await page.goto(`${server.url}/admin/persons/${person.id}/contact`)
    const bouncer = page.getByRole('checkbox', { name: 'Bouncer' })
    await bouncer.waitFor()
    await expect.poll(() => bouncer.isChecked()).toBe(true)
    expect(await page.locator('smp-contact-tab dl').first().innerText()).toMatch(/Mailbaar\s+Nee/)
    await expectNoAxeViolations(page)
    await saveScreenshot(page, 'console-person-contact-bouncer')

    await bouncer.uncheck()
    await expect
      .poll(() => page.locator('smp-contact-tab .notice').textContent())
      .toContain('vrijgegeven')
    expect(await bounceStateOf(server, person.id)).toMatchObject({
      bouncer: false,
      mailable: true,
      emailValidity: 'valid',
    })
    await expect
      .poll(() => page.locator('smp-contact-tab dl').first().innerText())
      .toMatch(/Valide e-mailadres\s+Valide\s+Telefoon[\s\S]*Mailbaar\s+Ja/)
  })

  it('marks a person deceased, which makes them not mailable', async () => {
    await page.goto(`${server.url}/admin/persons/${amira}`)
    await page.getByRole('tab', { name: 'Contactgegevens' }).click()
    await page.waitForURL(/\/contact$/)
    await page.getByRole('checkbox', { name: 'Overleden' }).check()

    await expect.poll(async () => (await personOf(amira)).deceased).toBe(true)
    expect((await personOf(amira)).mailable).toBe(false)
    await expect
      .poll(() => page.locator('smp-person-card .badges').innerText())
      .toContain('Niet mailbaar')
    await page.getByRole('checkbox', { name: 'Overleden' }).uncheck()
    await expect.poll(async () => (await personOf(amira)).deceased).toBe(false)
  })
})

describe('the Administration tab', () => {
  it('downloads the personal data PDF and the JSON export', async () => {
    await page.goto(`${server.url}/admin/persons/${fenna}/administration`)
    await page.getByRole('heading', { name: 'Persoonsgegevens' }).waitFor()
    await expectNoAxeViolations(page)
    await saveScreenshot(page, 'console-person-administration')

    const pdf = await download(page, () =>
      page.getByRole('link', { name: 'PDF met persoonsgegevens' }).click(),
    )
    expect(pdf.name).toBe(`personal-data-${fenna}.pdf`)
    expect(pdf.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-')

    const json = await download(page, () =>
      page.getByRole('link', { name: 'Export (JSON)' }).click(),
    )
    const data = JSON.parse(json.bytes.toString('utf8')) as { person: Record<string, unknown> }
    expect(data.person).toMatchObject({ id: fenna, email: 'fenna.brouwersma@example.org' })
  })

  it('anonymises after confirmation; the button is gone and the date is shown', async () => {
    await page.goto(`${server.url}/admin/persons/${amira}/administration`)
    await page.getByRole('button', { name: 'Anonimiseren' }).click()
    await page.getByRole('dialog', { name: 'Anonimiseren' }).waitFor()
    const dialog = openDialog(page)
    expect(await dialog.innerText()).toContain('niet ongedaan')
    await expectNoAxeViolations(page)
    await saveScreenshot(page, 'console-anonymise-dialog')
    await dialog.getByRole('button', { name: 'Ja, anonimiseren' }).click()

    await expect
      .poll(() => page.locator('smp-administration-tab .notice').textContent())
      .toContain('geanonimiseerd')
    expect(await page.getByRole('button', { name: 'Anonimiseren' }).count()).toBe(0)
    const facts = await page.locator('smp-administration-tab dl').innerText()
    expect(facts).toMatch(/Geanonimiseerd\s+Ja/)
    expect(facts).toMatch(/Datum geanonimiseerd\s+\d/)
    const person = await personOf(amira)
    expect(person).toMatchObject({ anonymised: true, email: null, lastName: null })
    expect(typeof person.anonymisedAt).toBe('string')
    await saveScreenshot(page, 'console-person-anonymised')

    // An anonymised person can no longer be subscribed or unsubscribed.
    await page.getByRole('tab', { name: 'Voorkeuren' }).click()
    await page.getByRole('heading', { name: 'Actieve opt-ins' }).waitFor()
    expect(await page.getByRole('button', { name: 'Persoon in/uitschrijven' }).count()).toBe(0)
  })

  it('made no script or console errors on the way, besides the one refused entry', () => {
    expect(problems.filter((text) => !text.includes('status of 400'))).toEqual([])
  })
})
