/**
 * Signed tokens for the links in a mailing: unsubscribe, open pixel and click redirect. Each
 * carries its contact moment and expiry and is short enough for a mail line:
 * `<contact moment>.<expiry>.<MAC>`, numbers in base 36, the MAC a 128-bit HMAC-SHA256 over
 * the purpose, both numbers and (for clicks) the target URL.
 */
import { createHmac } from 'node:crypto'
import { matchesAnySecret, type VerificationSecrets } from './keyRing.ts'

export type LinkPurpose = 'unsubscribe' | 'open' | 'click'

export interface LinkClaims {
  contactMomentId: number
  expiresAt: Date
}

export class InvalidLinkError extends Error {
  override name = 'InvalidLinkError'

  constructor(readonly reason: 'malformed' | 'bad-signature' | 'expired') {
    super(`The link is ${reason === 'bad-signature' ? 'not signed by us' : reason}.`)
  }
}

const base36 = /^[0-9a-z]{1,13}$/

export function signLinkToken(
  purpose: LinkPurpose,
  claims: LinkClaims,
  secret: string,
  url = '',
): string {
  const payload = `${claims.contactMomentId.toString(36)}.${Math.floor(claims.expiresAt.getTime() / 1000).toString(36)}`
  return `${payload}.${mac(purpose, payload, url, secret)}`
}

export function verifyLinkToken(
  purpose: LinkPurpose,
  token: string,
  secrets: VerificationSecrets,
  now: Date,
  url = '',
): LinkClaims {
  const [moment = '', expiry = '', signature = '', ...rest] = token.split('.')
  if (rest.length || !base36.test(moment) || !base36.test(expiry)) {
    throw new InvalidLinkError('malformed')
  }

  const payload = `${moment}.${expiry}`
  if (!matchesAnySecret(signature, secrets, (secret) => mac(purpose, payload, url, secret))) {
    throw new InvalidLinkError('bad-signature')
  }

  const claims = {
    contactMomentId: parseInt(moment, 36),
    expiresAt: new Date(parseInt(expiry, 36) * 1000),
  }
  if (claims.expiresAt.getTime() <= now.getTime()) throw new InvalidLinkError('expired')
  return claims
}

function mac(purpose: LinkPurpose, payload: string, url: string, secret: string): string {
  return createHmac('sha256', secret)
    .update(`link:${purpose}\n${payload}\n${url}`)
    .digest()
    .subarray(0, 16)
    .toString('base64url')
}
