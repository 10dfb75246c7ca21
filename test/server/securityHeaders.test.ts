import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type TestServer } from '../support/testServer.ts'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})

afterAll(() => server.close())

describe('pages people see', () => {
  it.each(['/p/v1.1.1.9999999999.abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG', '/demo/'])(
    '%s sends a strict CSP, no framing, nosniff and no referrer',
    async (path) => {
      const response = await fetch(`${server.url}${path}`)
      const csp = response.headers.get('content-security-policy') ?? ''

      expect(csp).toContain("script-src 'self'")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).not.toContain('unsafe-inline')
      expect(csp).not.toContain('unsafe-eval')
      expect(response.headers.get('x-content-type-options')).toBe('nosniff')
      expect(response.headers.get('referrer-policy')).toBe('no-referrer')
    },
  )
})

describe('error answers', () => {
  it('carry no stack trace, SQL or secret', async () => {
    const response = await fetch(`${server.url}/api/v1/persons/1`, {
      headers: { authorization: 'Bearer smp_not-a-key' },
    })
    const body = await response.text()

    expect(response.status).toBe(401)
    expect(body).not.toMatch(/at \w+ \(|select |insert |smp_not-a-key/i)
  })
})
