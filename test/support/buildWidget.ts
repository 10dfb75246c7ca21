/** Vitest global setup: builds the widget once, so the server serves the current source. */
import { build } from 'vite'

export default async function buildWidget(): Promise<void> {
  await build({ logLevel: 'warn' })
}
