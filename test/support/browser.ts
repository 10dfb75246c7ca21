/** Debian's Chromium driven by playwright-core; nothing is downloaded. */
import { mkdir } from 'node:fs/promises'
import { type Browser, chromium, type Page } from 'playwright-core'
import { chromiumArgs, chromiumPath } from './chromium.mjs'

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: chromiumArgs,
  })
}

/** Saves a screenshot under test-results/ as an artefact of the run. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await mkdir('test-results', { recursive: true })
  await page.screenshot({ path: `test-results/${name}.png`, fullPage: true })
}
