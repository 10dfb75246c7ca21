import { readdir } from 'node:fs/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../support/testServer.ts'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})

afterAll(async () => {
  await server?.close()
})

describe('the console at /admin', () => {
  it('serves its page under the strict CSP, also on a deep link', async () => {
    for (const path of ['/admin', '/admin/persons/12']) {
      const response = await fetch(`${server.url}${path}`)

      expect(response.status).toBe(200)
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self';")
      expect(await response.text()).toMatch(/<script type="module"[^>]* src="\/admin\/assets\//)
    }
  })

  it('serves its hashed assets as immutable, and nothing else', async () => {
    const [asset] = await readdir('dist/console/assets')

    const found = await fetch(`${server.url}/admin/assets/${asset}`)
    const missing = await fetch(`${server.url}/admin/assets/missing.js`)

    expect(found.status).toBe(200)
    expect(found.headers.get('cache-control')).toContain('immutable')
    expect(missing.status).toBe(404)
  })
})
