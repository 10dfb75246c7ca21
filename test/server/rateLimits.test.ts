import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { demoPassword } from '../../demo/demoOperators.ts'
import { signPersonToken } from '../../server/tokens/personToken.ts'
import { expectProblem } from '../support/problems.ts'
import { startTestServer, testSecret, type TestServer } from '../support/testServer.ts'

let server: TestServer

beforeAll(async () => {
  // A twentieth of the real limits: 60 preference reads per token per minute become 3.
  server = await startTestServer({ rateLimitScale: 0.05 })
})

afterAll(() => server.close())

function tokenFor(personId: number) {
  return signPersonToken(
    { personId, contactMomentId: null, expiresAt: new Date(Date.now() + 86_400_000) },
    testSecret,
  )
}

const read = (token: string) =>
  fetch(`${server.url}/api/v1/preferences`, { headers: { authorization: `Bearer ${token}` } })

describe('public rate limits', () => {
  it('answer 429 problem JSON with Retry-After once a token used its share', async () => {
    const token = tokenFor(server.demo!.personId)
    const statuses = []
    for (let attempt = 0; attempt < 3; attempt++) {
      statuses.push((await read(token)).status)
      // The window starts with the first read; a second later less than a minute is left.
      if (attempt === 0) await new Promise((resolve) => setTimeout(resolve, 1100))
    }

    const refused = await read(token)

    expect(statuses).toEqual([200, 200, 200])
    await expectProblem(refused, 429)
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(Number(refused.headers.get('retry-after'))).toBeLessThan(60)
  })

  it('count each token apart', async () => {
    const created = await server.api('/api/v1/persons', {
      method: 'POST',
      json: { firstName: 'Ander', email: 'ander.token@example.org' },
    })
    const { id } = (await created.json()) as { id: number }

    expect((await read(tokenFor(id))).status).toBe(200)
  })

  it('limit sign-ups per client address', async () => {
    const signUp = () =>
      fetch(`${server.url}/api/v1/sign-ups`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          site: 'pk_demo',
          email: 'limiet@example.org',
          types: [{ type: 'nieuwsbrief', labelText: 'Nieuwsbrief' }],
        }),
      })

    const statuses = [(await signUp()).status]
    statuses.push((await signUp()).status)

    expect(statuses).toEqual([202, 429])
  })
})

describe('console sign-in', () => {
  it('stops password guessing on one account after its share of tries', async () => {
    const guess = (email: string) =>
      fetch(`${server.url}/api/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password: 'guess-123456789' }),
      })

    const first = await guess('beheerder@demo.example')
    // A soft hyphen in the domain reaches the same account, so it shares the same budget.
    const second = await guess('beheerder@de\u00ADmo.example')

    expect(first.status).toBe(401)
    await expectProblem(second, 429)
  })
})

describe('console sign-in of someone who knows their password', () => {
  let office: TestServer

  beforeAll(async () => {
    // A tenth of the real limits: one failed try per account, six sign-ins per address.
    office = await startTestServer({ rateLimitScale: 0.1 })
  })

  afterAll(() => office.close())

  const signIn = (password: string) =>
    fetch(`${office.url}/api/v1/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'redacteur@demo.example', password }),
    })

  it('is not held back by earlier successful sign-ins, only by failed ones', async () => {
    const successes = [
      await signIn(demoPassword),
      await signIn(demoPassword),
      await signIn(demoPassword),
    ]
    const wrong = await signIn('not-the-password-at-all')
    const wrongAgain = await signIn('still-not-the-password')

    expect(successes.map((response) => response.status)).toEqual([200, 200, 200])
    expect(wrong.status).toBe(401)
    await expectProblem(wrongAgain, 429)
  })
})
