/**
 * Signed person tokens: how a mail recipient or an embedding site identifies a person to the
 * public API without an account. A token is `v1.<personId>.<contactMomentId>.<expiry>.<mac>`,
 * the MAC being HMAC-SHA256 over everything before it.
 */
import { createHmac } from 'node:crypto'
import { matchesAnySecret, type VerificationSecrets } from './keyRing.ts'

export interface PersonTokenClaims {
  personId: number
  /** Present when the token was minted for one mailing sent to this person. */
  contactMomentId: number | null
  expiresAt: Date
}

export class InvalidTokenError extends Error {
  readonly reason: 'malformed' | 'bad-signature' | 'expired'

  constructor(reason: InvalidTokenError['reason']) {
    super(`The person token is ${reason === 'bad-signature' ? 'not signed by us' : reason}.`)
    this.name = 'InvalidTokenError'
    this.reason = reason
  }
}

const version = 'v1'
const positiveId = /^[1-9][0-9]{0,15}$/

export function signPersonToken(claims: PersonTokenClaims, secret: string): string {
  const expiry = Math.floor(claims.expiresAt.getTime() / 1000)
  const payload = [version, claims.personId, claims.contactMomentId ?? '', expiry].join('.')

  return `${payload}.${mac(payload, secret)}`
}

/**
 * Checks the token's form and signature, then its expiry unless `now` is null: a request
 * for a fresh link may come with an expired but genuine token.
 */
export function verifyPersonToken(
  token: string,
  secrets: VerificationSecrets,
  now: Date | null,
): PersonTokenClaims {
  const parts = token.split('.')
  if (parts.length !== 5 || parts[0] !== version) throw new InvalidTokenError('malformed')
  const [, personId = '', contactMomentId = '', expiry = '', signature = ''] = parts

  const payload = parts.slice(0, 4).join('.')
  if (!matchesAnySecret(signature, secrets, (secret) => mac(payload, secret))) {
    throw new InvalidTokenError('bad-signature')
  }

  const wellFormed =
    positiveId.test(personId) &&
    (contactMomentId === '' || positiveId.test(contactMomentId)) &&
    /^[0-9]{1,12}$/.test(expiry)
  if (!wellFormed) throw new InvalidTokenError('malformed')

  const expiresAt = new Date(Number(expiry) * 1000)
  if (now && expiresAt.getTime() <= now.getTime()) throw new InvalidTokenError('expired')

  return {
    personId: Number(personId),
    contactMomentId: contactMomentId === '' ? null : Number(contactMomentId),
    expiresAt,
  }
}

function mac(payload: string, secret: string): string {
  return createHmac('sha256', secret).update(payload).digest('base64url')
}
