/** The size budget of the widget file that every embedding page downloads. */
import { readFile } from 'node:fs/promises'
import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'

const budget = 12 * 1024
const kb = (bytes: number) => `${(bytes / 1024).toFixed(2)} KB`

describe('the built widget', () => {
  it('stays within 12 KB gzipped, Lit included', async () => {
    // Built by the global setup with the same configuration as `npm start`.
    const source = await readFile('dist/widget/smp-preferences.js')
    const gzipped = gzipSync(source, { level: 9 }).length

    console.info(`widget: ${kb(source.length)} minified, ${kb(gzipped)} gzipped of ${kb(budget)}`)
    expect(source.includes('Lit is in dev mode'), 'Lit development build included').toBe(false)
    expect(gzipped, 'gzipped size in bytes').toBeLessThanOrEqual(budget)
  })
})
