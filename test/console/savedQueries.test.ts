import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium, saveScreenshot } from '../support/browser.ts'
import { startTestServer, type TestServer } from '../support/testServer.ts'
import {
  demoOperators,
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
  await signIn(page, server, demoOperators.editor)
  await page.getByRole('link', { name: 'Zoekvragen' }).click()
  await page.getByRole('heading', { name: 'Zoekvragen' }).waitFor()
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

interface StoredQuery {
  id: number
  name: string
  description: string
  definition: unknown
}

async function storedQueries(): Promise<StoredQuery[]> {
  const response = await server.api('/api/v1/queries')
  return ((await response.json()) as { queries: StoredQuery[] }).queries
}

async function storedQuery(name: string): Promise<StoredQuery | undefined> {
  return (await storedQueries()).find((query) => query.name === name)
}

const notice = () => page.locator('smp-saved-queries .notice').textContent()

describe('saved queries in the console', () => {
  it('lets an editor create a query, count its unsaved selection and save it', async () => {
    await page.getByRole('button', { name: 'Nieuwe zoekvraag' }).click()
    await page.getByRole('dialog', { name: 'Nieuwe zoekvraag' }).waitFor()
    const dialog = openDialog(page)
    const definition = dialog.getByLabel('Selectie (JSON)')
    expect(JSON.parse(await definition.inputValue())).toHaveProperty('all')
    await expectNoAxeViolations(page)
    await saveScreenshot(page, 'console-saved-query-form')

    await dialog.getByLabel('Naam').fill('Woont in Utrecht')
    await dialog.getByLabel('Omschrijving').fill('Voor de regio-nieuwsbrief.')
    await definition.fill('{ "field": "city", "equals": "Utrecht" }')
    await dialog.getByRole('button', { name: 'Tellen', exact: true }).click()
    await expect.poll(() => dialog.locator('output').textContent()).toContain('1 persoon')
    await dialog.getByRole('button', { name: 'Opslaan' }).click()

    await expect.poll(notice).toContain('Zoekvraag Woont in Utrecht is opgeslagen.')
    expect(await page.locator('smp-saved-queries tbody').innerText()).toContain('Woont in Utrecht')
    expect(await storedQuery('Woont in Utrecht')).toMatchObject({
      description: 'Voor de regio-nieuwsbrief.',
      definition: { field: 'city', equals: 'Utrecht' },
    })
  })

  it('edits the name of a saved query', async () => {
    await page.getByRole('button', { name: 'Woont in Utrecht wijzigen' }).click()
    const dialog = openDialog(page)
    const name = dialog.getByLabel('Naam')
    await expect.poll(() => name.inputValue()).toBe('Woont in Utrecht')
    expect(JSON.parse(await dialog.getByLabel('Selectie (JSON)').inputValue())).toEqual({
      field: 'city',
      equals: 'Utrecht',
    })
    await name.fill('Utrechters')
    await dialog.getByRole('button', { name: 'Opslaan' }).click()

    await expect.poll(notice).toContain('Zoekvraag Utrechters is opgeslagen.')
    expect(await storedQuery('Utrechters')).toMatchObject({
      definition: { field: 'city', equals: 'Utrecht' },
    })
    expect(await storedQuery('Woont in Utrecht')).toBeUndefined()
  })

  it('says that a definition is not JSON, and saves nothing', async () => {
    const before = await storedQueries()
    await page.getByRole('button', { name: 'Nieuwe zoekvraag' }).click()
    const dialog = openDialog(page)
    await dialog.getByLabel('Naam').fill('Kapot')
    await dialog.getByLabel('Selectie (JSON)').fill('{ "all": [ { "mailable": true } ')
    await dialog.getByRole('button', { name: 'Opslaan' }).click()

    const alert = dialog.getByRole('alert')
    await expect.poll(() => alert.textContent()).toContain('De selectie is geen geldige JSON.')
    expect(await dialog.getByLabel('Selectie (JSON)').getAttribute('aria-invalid')).toBe('true')
    await dialog.getByRole('button', { name: 'Tellen', exact: true }).click()
    await expect.poll(() => alert.textContent()).toContain('De selectie is geen geldige JSON.')
    expect(await storedQueries()).toEqual(before)
  })

  it('shows the problem the API finds in a definition beside it', async () => {
    const dialog = openDialog(page)
    await dialog.getByLabel('Selectie (JSON)').fill('{ "field": "shoeSize", "equals": "44" }')
    await dialog.getByRole('button', { name: 'Opslaan' }).click()

    await expect
      .poll(() => dialog.getByRole('alert').textContent())
      .toContain('Kijk de gemarkeerde velden na.')
    await expect
      .poll(() => dialog.locator('#query-definition-problem').textContent())
      .toContain('definition')
    expect(await storedQuery('Kapot')).toBeUndefined()
    await expectNoAxeViolations(page)
    await dialog.getByRole('button', { name: 'Annuleren' }).click()
  })

  it('refuses to delete a query another one uses, naming it, then deletes it', async () => {
    const utrechters = await storedQuery('Utrechters')
    const created = await server.api('/api/v1/queries', {
      method: 'POST',
      json: { name: 'Niet in Utrecht', definition: { notInQuery: utrechters!.id } },
    })
    expect(created.status).toBe(201)
    const { id: dependentId } = (await created.json()) as { id: number }
    await page.reload()
    const row = page.locator('smp-saved-queries tbody tr').filter({ hasText: 'Utrechters' })
    await expect.poll(() => row.innerText()).toContain(`Niet in Utrecht (#${dependentId})`)

    await page.getByRole('button', { name: 'Utrechters verwijderen' }).click()
    await page.getByRole('dialog', { name: 'Utrechters verwijderen' }).waitFor()
    await openDialog(page).getByRole('button', { name: 'Ja, verwijderen' }).click()
    await expect
      .poll(() => openDialog(page).getByRole('alert').textContent())
      .toContain(`wordt nog gebruikt door zoekvraag Niet in Utrecht (#${dependentId})`)
    expect(await storedQuery('Utrechters')).toBeDefined()
    await openDialog(page).getByRole('button', { name: 'Annuleren' }).click()

    await page.getByRole('button', { name: 'Niet in Utrecht verwijderen' }).click()
    await openDialog(page).getByRole('button', { name: 'Ja, verwijderen' }).click()
    await expect.poll(notice).toContain('Zoekvraag Niet in Utrecht is verwijderd.')
    await page.getByRole('button', { name: 'Utrechters verwijderen' }).click()
    await openDialog(page).getByRole('button', { name: 'Ja, verwijderen' }).click()
    await expect.poll(notice).toContain('Zoekvraag Utrechters is verwijderd.')

    expect(await storedQuery('Utrechters')).toBeUndefined()
    expect(await page.locator('smp-saved-queries').innerText()).not.toContain('Utrechters')
    expect(problems.filter((problem) => !/status of (400|409)/.test(problem))).toEqual([])
  })

  it('offers a viewer no way to create, change or delete queries', async () => {
    await server.api('/api/v1/queries', {
      method: 'POST',
      json: { name: 'Iedereen', definition: { all: [] } },
    })
    const viewer = await newConsolePage(browser)
    await signIn(viewer.page, server, demoOperators.viewer)
    await viewer.page.getByRole('link', { name: 'Zoekvragen' }).click()
    await viewer.page.getByRole('heading', { name: 'Zoekvragen' }).waitFor()
    await viewer.page.getByRole('button', { name: 'Personen in Iedereen tellen' }).waitFor()

    expect(await viewer.page.getByRole('button', { name: 'Nieuwe zoekvraag' }).count()).toBe(0)
    expect(await viewer.page.getByRole('button', { name: /wijzigen|verwijderen/ }).count()).toBe(0)
  })
})
