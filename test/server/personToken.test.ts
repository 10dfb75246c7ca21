import { describe, expect, it } from 'vitest'
import {
  InvalidTokenError,
  signPersonToken,
  verifyPersonToken,
} from '../../server/tokens/personToken.ts'

const secret = 'a-secret-of-at-least-thirty-two-characters!'
const now = new Date('2026-12-01T12:00:00Z')
const tomorrow = new Date('2026-12-02T12:00:00Z')

function expectRefusal(
  token: string,
  reason: InvalidTokenError['reason'],
  key: string | string[] = secret,
) {
  try {
    verifyPersonToken(token, key, now)
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidTokenError)
    expect((error as InvalidTokenError).reason).toBe(reason)
    return
  }
  expect.fail(`token ${token} was accepted`)
}

describe('person tokens', () => {
  it('round-trip the person, the contact moment and the expiry', () => {
    const token = signPersonToken({ personId: 42, contactMomentId: 7, expiresAt: tomorrow }, secret)

    expect(verifyPersonToken(token, secret, now)).toEqual({
      personId: 42,
      contactMomentId: 7,
      expiresAt: tomorrow,
    })
  })

  it('may carry no contact moment', () => {
    const token = signPersonToken(
      { personId: 1, contactMomentId: null, expiresAt: tomorrow },
      secret,
    )

    expect(verifyPersonToken(token, secret, now).contactMomentId).toBeNull()
  })

  it('are refused once expired', () => {
    const token = signPersonToken({ personId: 1, contactMomentId: null, expiresAt: now }, secret)

    expectRefusal(token, 'expired')
  })

  it('are refused when another person id is put in', () => {
    const token = signPersonToken({ personId: 42, contactMomentId: 7, expiresAt: tomorrow }, secret)

    expectRefusal(token.replace('v1.42.', 'v1.43.'), 'bad-signature')
  })

  it('are refused when the contact moment is taken out', () => {
    const token = signPersonToken({ personId: 42, contactMomentId: 7, expiresAt: tomorrow }, secret)

    expectRefusal(token.replace('.7.', '..'), 'bad-signature')
  })

  it('are refused when signed with another secret', () => {
    const token = signPersonToken(
      { personId: 42, contactMomentId: null, expiresAt: tomorrow },
      secret,
    )

    expectRefusal(token, 'bad-signature', 'another-secret-of-at-least-thirty-two-chars')
  })

  it.each(['', 'v1', 'v1.1.2.3', 'v2.1..99999999999.abc', 'v1.1..1.2.3', 'not a token at all'])(
    'are refused when malformed: %j',
    (token) => {
      expectRefusal(token, 'malformed')
    },
  )
})

describe('a key rotation', () => {
  const previous = secret
  const current = 'the-new-secret-after-rotation-0123456789abcdef'

  it('still verifies tokens signed with a previous secret while it is listed', () => {
    const token = signPersonToken(
      { personId: 9, contactMomentId: null, expiresAt: tomorrow },
      previous,
    )

    expect(verifyPersonToken(token, [current, previous], now).personId).toBe(9)
  })

  it('refuses them once the previous secret is no longer listed', () => {
    const token = signPersonToken(
      { personId: 9, contactMomentId: null, expiresAt: tomorrow },
      previous,
    )

    expectRefusal(token, 'bad-signature', current)
  })
})
