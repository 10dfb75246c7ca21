/** Vitest global setup: builds the widget and the console, so the server serves the current source. */
import { build } from 'vite'

export default async function buildWidget(): Promise<void> {
  await build({ logLevel: 'warn' })
  await build({ logLevel: 'warn', configFile: 'console/vite.config.ts' })
}
