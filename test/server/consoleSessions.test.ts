import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { apiKeys, consentRecords, operators } from '../../db/schema/index.ts'
import { demoPassword } from '../../demo/demoOperators.ts'
import { expectProblem } from '../support/problems.ts'
import { startTestServer, type TestServer } from '../support/testServer.ts'

const hour = 60 * 60 * 1000
let now = Date.now()
let server: TestServer

beforeAll(async () => {
  server = await startTestServer({ clock: () => new Date(now) })
})

afterAll(async () => {
  await server?.close()
})

async function signIn(email: string, password = demoPassword) {
  return fetch(`${server.url}/api/v1/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  })
}

/** Signs in and returns the session cookie as a browser would send it back. */
async function sessionCookie(email: string): Promise<string> {
  const response = await signIn(email)
  expect(response.status).toBe(200)
  return response.headers.get('set-cookie')!.split(';')[0]!
}

function withSession(cookie: string, path: string, init: RequestInit & { json?: unknown } = {}) {
  const { json, headers, ...rest } = init
  return fetch(`${server.url}${path}`, {
    ...rest,
    headers: {
      cookie,
      ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
  })
}

const telephoneOptOut = {
  type: 'nieuwsbrief',
  optIn: false,
  channel: 'telephone',
  description: 'Belde: wil geen nieuwsbrief meer',
}

describe('signing in to the console', () => {
  it('gives an HttpOnly, SameSite=Strict cookie and names the operator and their rights', async () => {
    const response = await signIn('redacteur@demo.example')

    expect(response.status).toBe(200)
    const cookie = response.headers.get('set-cookie')!
    expect(cookie).toMatch(/^smp_session=[\w-]{40,};/)
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Strict/i)
    expect(await response.json()).toMatchObject({
      operator: { email: 'redacteur@demo.example', role: 'editor' },
      expiresAt: expect.any(String),
      permissions: {
        canAddTypes: true,
        types: {
          nieuwsbrief: { view: true, change: true, edit: false },
          zakelijk: { view: true, change: true, edit: true },
        },
      },
    })
  })

  it('answers a wrong password and an unknown address alike', async () => {
    const wrong = await expectProblem(
      await signIn('redacteur@demo.example', 'not-the-password'),
      401,
    )
    const unknown = await expectProblem(await signIn('niemand@demo.example'), 401)

    expect(wrong).toEqual(unknown)
    expect(wrong.type).toBe('/problems/invalid-credentials')
  })

  it('keeps passwords only as scrypt hashes', async () => {
    const rows = await server.database.connection.db.select().from(operators)
    const withPassword = rows.filter((row) => row.passwordHash !== null)

    expect(withPassword.length).toBeGreaterThanOrEqual(3)
    for (const row of withPassword) {
      expect(row.passwordHash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]{22}\$[\w-]{43}$/)
      expect(row.passwordHash).not.toContain(demoPassword)
    }
  })

  it('lets the session read the operator API, and tells who is signed in', async () => {
    const cookie = await sessionCookie('lezer@demo.example')

    const persons = await withSession(cookie, '/api/v1/persons')
    const session = await withSession(cookie, '/api/v1/session')

    expect(persons.status).toBe(200)
    expect(await session.json()).toMatchObject({ operator: { role: 'viewer' } })
  })

  it('refuses a change sent with the cookie but without the console header', async () => {
    const cookie = await sessionCookie('redacteur@demo.example')
    const personId = server.demo!.personId

    const forged = await withSession(cookie, `/api/v1/persons/${personId}/consent-records`, {
      method: 'POST',
      json: telephoneOptOut,
    })

    const problem = await expectProblem(forged, 403)
    expect(problem.detail).toContain('X-SMP-Console')
  })

  it("records a console change under the operator's own console credential", async () => {
    const cookie = await sessionCookie('redacteur@demo.example')
    const personId = server.demo!.personId

    const response = await withSession(cookie, `/api/v1/persons/${personId}/consent-records`, {
      method: 'POST',
      json: telephoneOptOut,
      headers: { 'x-smp-console': '1' },
    })

    expect(response.status).toBe(201)
    const { record } = (await response.json()) as { record: { id: number } }
    const db = server.database.connection.db
    const [stored] = await db
      .select({ operator: operators.email })
      .from(consentRecords)
      .innerJoin(apiKeys, eq(apiKeys.id, consentRecords.recordedByApiKeyId))
      .innerJoin(operators, eq(operators.id, apiKeys.operatorId))
      .where(eq(consentRecords.id, record.id))
    expect(stored?.operator).toBe('redacteur@demo.example')
  })

  it('does not accept the console credential as an API key', async () => {
    const response = await fetch(`${server.url}/api/v1/persons`, {
      headers: { authorization: 'Bearer console' },
    })

    await expectProblem(response, 401)
  })

  it('ends the session on sign-out', async () => {
    const cookie = await sessionCookie('lezer@demo.example')

    const signOut = await withSession(cookie, '/api/v1/session', { method: 'DELETE' })
    const after = await withSession(cookie, '/api/v1/persons')

    expect(signOut.status).toBe(204)
    expect(signOut.headers.get('set-cookie')).toMatch(/smp_session=;/)
    const problem = await expectProblem(after, 401)
    expect(problem.type).toBe('/problems/session-ended')
  })
})

describe('revoking an operator', () => {
  it('ends their console sessions when their console credential is revoked', async () => {
    const cookie = await sessionCookie('lezer@demo.example')
    const db = server.database.connection.db
    const [viewer] = await db
      .select()
      .from(operators)
      .where(eq(operators.email, 'lezer@demo.example'))

    await db
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(eq(apiKeys.operatorId, viewer!.id))

    await expectProblem(await withSession(cookie, '/api/v1/persons'), 401)
  })
})

describe('session expiry', () => {
  it('ends a session left idle for two hours', async () => {
    const cookie = await sessionCookie('lezer@demo.example')

    now += 2 * hour - 60_000
    expect((await withSession(cookie, '/api/v1/persons')).status).toBe(200)
    now += 2 * hour - 60_000
    expect((await withSession(cookie, '/api/v1/persons')).status).toBe(200)
    now += 2 * hour + 1000

    await expectProblem(await withSession(cookie, '/api/v1/persons'), 401)
  })

  it('ends even a busy session twelve hours after sign-in', async () => {
    const cookie = await sessionCookie('lezer@demo.example')

    for (let step = 0; step < 11; step++) {
      now += hour
      expect((await withSession(cookie, '/api/v1/persons')).status).toBe(200)
    }
    now += hour + 1000

    await expectProblem(await withSession(cookie, '/api/v1/persons'), 401)
  })
})

describe('a viewer in the console', () => {
  it('cannot record consent', async () => {
    const cookie = await sessionCookie('lezer@demo.example')

    const response = await withSession(
      cookie,
      `/api/v1/persons/${server.demo!.personId}/consent-records`,
      { method: 'POST', json: telephoneOptOut, headers: { 'x-smp-console': '1' } },
    )

    await expectProblem(response, 403)
  })
})
