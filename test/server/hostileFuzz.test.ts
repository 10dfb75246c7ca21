import { sql } from 'drizzle-orm'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowsOf } from '../../db/client.ts'
import { startTestServer, type TestServer } from '../support/testServer.ts'

let server: TestServer
let requestsTried = 0

beforeAll(async () => {
  server = await startTestServer()
})

afterAll(async () => {
  console.info(`hostile input: ${requestsTried} requests tried`)
  await server.close()
})

async function ledgerSize() {
  const [row] = rowsOf<{ records: number | string }>(
    await server.connection.db.execute(sql`select count(*) as records from consent_records`),
  )
  return Number(row?.records)
}

/** Any JSON at all, strings full of odd Unicode, sometimes very long. */
const hostileJson = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.record({
    site: fc.oneof(fc.constant('pk_demo'), fc.string({ unit: 'binary' })),
    email: fc.oneof(fc.emailAddress(), fc.string({ unit: 'binary', maxLength: 400 })),
    channel: fc.string(),
    types: fc.array(fc.record({ type: fc.string(), labelText: fc.string({ unit: 'binary' }) })),
    changes: fc.array(
      fc.record({
        type: fc.string(),
        optIn: fc.anything(),
        labelText: fc.string({ unit: 'binary' }),
      }),
    ),
  }),
)

const hostileBody = fc.oneof(
  hostileJson.map((value) => JSON.stringify(value) ?? 'null'),
  fc.string({ unit: 'binary', maxLength: 2000 }),
  fc.constant('{"changes": ['),
  // Far over every field limit, still under the body limit (which has a test of its own).
  fc.constant(
    JSON.stringify({
      changes: [{ type: 'nieuwsbrief', optIn: true, labelText: 'x'.repeat(200_000) }],
    }),
  ),
)

const hostileToken = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constant('v1.1.1.99999999999.AAAA'),
  fc.constant(`v1.${'9'.repeat(40)}..1.x`),
  fc.stringMatching(/^v1\.[0-9]{1,5}\.[0-9]{0,5}\.[0-9]{10}\.[A-Za-z0-9_-]{43}$/),
)

const contentType = fc.constantFrom(
  'application/json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/json; charset=utf-16',
  '',
)

/** What a header can carry at all: fetch itself refuses control and non-Latin-1 characters. */
const asHeader = (value: string) => value.replace(/[^\x20-\x7e]/g, '?')

/** A path segment that cannot break the URL itself (fetch refuses some characters). */
const segment = (value: string) =>
  encodeURIComponent(value.replace(/[\uD800-\uDFFF]/g, '?')).slice(0, 1000) || 'x'

/**
 * The status, or 0 when the server answered early and closed the connection while a large
 * body was still being sent: a refusal, which the client library reports as an error. A
 * small request that met a connection closed that way is sent again, on a fresh one.
 */
async function send(path: string, init: RequestInit, attempt = 1): Promise<number> {
  requestsTried++
  try {
    const response = await fetch(`${server.url}${path}`, init)
    await response.arrayBuffer()
    return response.status
  } catch (error) {
    if (!/other side closed|EPIPE|ECONNRESET/.test(String((error as Error).cause))) throw error
    const large = typeof init.body === 'string' && init.body.length > 64 * 1024
    if (large) return 0
    if (attempt >= 5) throw error
    return send(path, init, attempt + 1)
  }
}

describe('hostile input to the public endpoints', () => {
  it('never answers 5xx and never changes the ledger without a valid token', async () => {
    const before = await ledgerSize()

    await fc.assert(
      fc.asyncProperty(hostileToken, hostileBody, contentType, async (token, body, type) => {
        const headers = (extra: Record<string, string> = {}) => ({
          ...(type ? { 'content-type': type } : {}),
          ...extra,
        })
        const statuses = [
          await send('/api/v1/preferences', {
            method: 'POST',
            headers: headers({ authorization: `Bearer ${asHeader(token)}` }),
            body,
          }),
          await send('/api/v1/preferences/full-unsubscribe', {
            method: 'POST',
            headers: headers({ authorization: `Bearer ${asHeader(token)}` }),
            body,
          }),
          await send('/api/v1/sign-ups?lang=nl', { method: 'POST', headers: headers(), body }),
          await send(`/u/${segment(token)}`, { method: 'POST', headers: headers(), body }),
          await send(`/confirm/${segment(token)}`, { method: 'POST', headers: headers(), body }),
          await send(`/t/o/${segment(token)}`, { method: 'GET' }),
          await send(`/t/c/${segment(token)}?u=${segment(body.slice(0, 200))}`, {
            method: 'GET',
            redirect: 'manual',
          }),
          await send(`/api/v1/sites/${segment(token)}`, { method: 'GET' }),
          await send('/webhooks/generic', { method: 'POST', headers: headers(), body }),
          await send('/webhooks/dsn', { method: 'POST', headers: headers(), body }),
          await send(`/p/${segment(token)}`, { method: 'GET' }),
        ]

        expect(statuses.filter((status) => status >= 500)).toEqual([])
      }),
      { numRuns: 60 },
    )

    expect(await ledgerSize()).toBe(before)
  }, 180_000)
})
