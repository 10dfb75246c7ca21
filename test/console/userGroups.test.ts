import type { Browser } from 'playwright-core'
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

beforeAll(async () => {
  server = await startTestServer()
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await server?.close()
})

interface Group {
  id: number
  name: string
  canAddTypes: boolean
  memberIds: number[]
}

async function groupNamed(name: string): Promise<Group | undefined> {
  const response = await server.api('/api/v1/operator-groups')
  const { groups } = (await response.json()) as { groups: Group[] }
  return groups.find((group) => group.name === name)
}

async function operatorIds(): Promise<Record<string, number>> {
  const response = await server.api('/api/v1/operators')
  const { operators } = (await response.json()) as { operators: { id: number; email: string }[] }
  return Object.fromEntries(operators.map((operator) => [operator.email, operator.id]))
}

describe('user groups', () => {
  it('lets an admin create a group and change its members, and is not in an editor’s menu', async () => {
    const { page, problems } = await newConsolePage(browser)
    await signIn(page, server, demoOperators.admin)
    await page.getByRole('link', { name: 'Gebruikersgroepen' }).click()
    const rows = page.locator('smp-user-groups tbody tr')
    await expect
      .poll(() => rows.filter({ hasText: 'Zakelijke relaties' }).innerText())
      .toMatch(/Zakelijke relaties\s+Ruud Redacteur\s+Ja/)

    await page.getByRole('button', { name: 'Nieuwe gebruikersgroep' }).click()
    await page.getByRole('dialog', { name: 'Nieuwe gebruikersgroep' }).waitFor()
    const dialog = openDialog(page)
    await dialog.getByLabel('Naam', { exact: true }).fill('Marketing')
    await dialog.getByLabel('Mag opt-in types toevoegen').check()
    await dialog.getByLabel(/Lotte Lezer/).check()
    await dialog.getByRole('button', { name: 'Opslaan' }).click()

    await expect
      .poll(() => page.locator('smp-user-groups .notice').textContent())
      .toContain('Marketing is opgeslagen')
    const ids = await operatorIds()
    expect(await groupNamed('Marketing')).toMatchObject({
      canAddTypes: true,
      memberIds: [ids[demoOperators.viewer]],
    })
    expect(await rows.filter({ hasText: 'Marketing' }).innerText()).toMatch(
      /Marketing\s+Lotte Lezer\s+Ja/,
    )

    await page.getByRole('button', { name: 'Marketing wijzigen' }).click()
    const edit = openDialog(page)
    await expect.poll(() => edit.getByLabel(/Lotte Lezer/).isChecked()).toBe(true)
    await edit.getByLabel(/Lotte Lezer/).uncheck()
    await edit.getByLabel(/Ruud Redacteur/).check()
    await edit.getByLabel('Mag opt-in types toevoegen').uncheck()
    await expectNoAxeViolations(page)
    await saveScreenshot(page, 'console-user-group-form')
    await edit.getByRole('button', { name: 'Opslaan' }).click()

    await expect
      .poll(async () => (await groupNamed('Marketing'))?.memberIds)
      .toEqual([ids[demoOperators.editor]])
    expect((await groupNamed('Marketing'))?.canAddTypes).toBe(false)
    await expect
      .poll(() => rows.filter({ hasText: 'Marketing' }).innerText())
      .toMatch(/Marketing\s+Ruud Redacteur\s+Nee/)
    await expectNoAxeViolations(page)
    await saveScreenshot(page, 'console-user-groups')
    expect(problems).toEqual([])

    const editor = await newConsolePage(browser)
    await signIn(editor.page, server, demoOperators.editor)
    expect(await editor.page.getByRole('link', { name: 'Gebruikersgroepen' }).count()).toBe(0)
  })
})
