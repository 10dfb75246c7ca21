import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signLinkToken } from '../../server/tokens/linkToken.ts'
import { signPersonToken } from '../../server/tokens/personToken.ts'
import { startTestServer, type TestServer } from '../support/testServer.ts'

const oldSecret = 'the-secret-before-the-rotation-0123456789abcdef'
const newSecret = 'the-secret-after-the-rotation-0123456789abcdefg'
let rotating: TestServer

beforeAll(async () => {
  rotating = await startTestServer({ secret: newSecret, previousSecrets: [oldSecret] })
})

afterAll(() => rotating.close())

const inOneDay = () => new Date(Date.now() + 86_400_000)

function preferencesWith(server: TestServer, secret: string) {
  const token = signPersonToken(
    { personId: server.demo!.personId, contactMomentId: null, expiresAt: inOneDay() },
    secret,
  )
  return fetch(`${server.url}/api/v1/preferences`, {
    headers: { authorization: `Bearer ${token}` },
  })
}

describe('during a key rotation', () => {
  it('accepts preference links signed with the previous secret', async () => {
    expect((await preferencesWith(rotating, oldSecret)).status).toBe(200)
    expect((await preferencesWith(rotating, newSecret)).status).toBe(200)
  })

  it('accepts unsubscribe links signed with the previous secret', async () => {
    const token = signLinkToken(
      'unsubscribe',
      { contactMomentId: rotating.demo!.contactMomentId, expiresAt: inOneDay() },
      oldSecret,
    )

    expect((await fetch(`${rotating.url}/u/${token}`)).status).toBe(200)
  })

  it('refuses them once the previous secret is dropped', async () => {
    const rotated = await startTestServer({ secret: newSecret })
    try {
      expect((await preferencesWith(rotated, oldSecret)).status).toBe(401)
    } finally {
      await rotated.close()
    }
  })
})
