/** Debian's Chromium driven by playwright-core; nothing is downloaded. */
import { mkdir } from 'node:fs/promises'
import { type Browser, chromium, type Page } from 'playwright-core'

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-gpu',
      '--no-first-run',
    ],
  })
}

/** Saves a screenshot under test-results/ as an artefact of the run. */
export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await mkdir('test-results', { recursive: true })
  await page.screenshot({ path: `test-results/${name}.png`, fullPage: true })
}
