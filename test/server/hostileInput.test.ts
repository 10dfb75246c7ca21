import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signPersonToken } from '../../server/tokens/personToken.ts'
import { captureLogs } from '../support/capturedLogs.ts'
import { expectInvalidField, expectProblem } from '../support/problems.ts'
import { startTestServer, testSecret, type TestServer } from '../support/testServer.ts'

const logs = captureLogs()
let server: TestServer
let token: string

beforeAll(async () => {
  server = await startTestServer({ logger: logs.logger })
  token = signPersonToken(
    {
      personId: server.demo!.personId,
      contactMomentId: null,
      expiresAt: new Date(Date.now() + 86_400_000),
    },
    testSecret,
  )
})

afterAll(() => server.close())

const invented = {
  firstName: 'Wendela',
  email: 'wendela.verzonnen@example.org',
  bsn: '111222333',
  iban: 'NL91ABNA0417164300',
}

describe('hostile input', () => {
  it('refuses a NUL character in a person field naming the field, and logs none of the data', async () => {
    const response = await server.api('/api/v1/persons', {
      method: 'POST',
      json: { ...invented, firstName: 'Wen\u0000dela' },
    })

    await expectInvalidField(response, 'firstName')
    expect(logs.text()).not.toContain('wendela.verzonnen')
    expect(logs.text()).not.toContain('111222333')
  })

  it('refuses a NUL character in a label text from the public API', async () => {
    const response = await fetch(`${server.url}/api/v1/preferences`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        changes: [{ type: 'jongeren', optIn: true, labelText: 'Jong\u0000eren' }],
      }),
    })

    await expectInvalidField(response, 'changes[0].labelText')
  })

  it.each(['2023-02-31', '0000-01-01', '2023-13-01'])(
    'refuses the impossible date %s',
    async (birthDate) => {
      const response = await server.api('/api/v1/persons', {
        method: 'POST',
        json: { ...invented, birthDate },
      })

      await expectInvalidField(response, 'birthDate')
    },
  )

  it.each([99999999999999999999, 1e300])(
    'refuses the contact moment id %d as too large',
    async (contactMomentId) => {
      const response = await server.api(
        `/api/v1/persons/${server.demo!.personId}/preference-links`,
        { method: 'POST', json: { contactMomentId } },
      )

      await expectInvalidField(response, 'contactMomentId')
    },
  )

  it('keeps tokens out of the request log', async () => {
    await fetch(`${server.url}/p/${token}`)
    await fetch(`${server.url}//p/${token}`)
    await fetch(`${server.url}/api/v1/preferences/${token}`)

    expect(logs.text()).toContain('"route"')
    expect(logs.text()).not.toContain(token.split('.').at(-1))
  })

  it('answers a unique key created twice at the same moment with 201 once and 409 otherwise', async () => {
    const attempts = await Promise.all(
      Array.from({ length: 4 }, () =>
        server.api('/api/v1/opt-in-types', {
          method: 'POST',
          json: { key: 'gelijktijdig', labels: { nl: 'Gelijktijdig' }, kind: 'hard' },
        }),
      ),
    )

    expect(attempts.map((response) => response.status).sort()).toEqual([201, 409, 409, 409])
  })

  it('never lets two concurrent changes make two types each other’s parent', async () => {
    for (const key of ['lus-a', 'lus-b']) {
      await server.api('/api/v1/opt-in-types', {
        method: 'POST',
        json: { key, labels: { nl: key }, kind: 'hard' },
      })
    }

    const [first, second] = await Promise.all([
      server.api('/api/v1/opt-in-types/lus-a', { method: 'PATCH', json: { parentKey: 'lus-b' } }),
      server.api('/api/v1/opt-in-types/lus-b', { method: 'PATCH', json: { parentKey: 'lus-a' } }),
    ])

    expect([first!.status, second!.status].sort()).toEqual([200, 400])
    const listed = await server.api('/api/v1/opt-in-types')
    const { types } = (await listed.json()) as { types: { key: string }[] }
    expect(types.map((type) => type.key)).toEqual(expect.arrayContaining(['lus-a', 'lus-b']))
  })

  it('refuses to record consent for an anonymised person', async () => {
    const created = await server.api('/api/v1/persons', { method: 'POST', json: invented })
    const { id } = (await created.json()) as { id: number }
    await server.connection.db.execute(
      // Anonymisation itself comes later; mark the person as the anonymiser will.
      (await import('drizzle-orm')).sql`update persons set anonymised = true where id = ${id}`,
    )

    const response = await server.api(`/api/v1/persons/${id}/consent-records`, {
      method: 'POST',
      json: { type: 'nieuwsbrief', optIn: true, channel: 'telephone', description: 'Belde' },
    })

    await expectProblem(response, 409)
  })

  // Last: the server answers before reading the body and closes that connection.
  it('refuses a body over the size limit with 413', async () => {
    const huge = 'x'.repeat(400 * 1024)
    const response = await fetch(`${server.url}/api/v1/preferences`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ changes: [{ type: 'jongeren', optIn: true, labelText: huge }] }),
    })

    await expectProblem(response, 413)
  })
})
