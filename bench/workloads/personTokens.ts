/** Signed tokens made before the load starts, so the load generator only picks them. */
import { signLinkToken, type LinkPurpose } from '../../server/tokens/linkToken.ts'
import { signPersonToken } from '../../server/tokens/personToken.ts'
import type { PersonRange } from '../setup.ts'

const aDay = 86_400_000

export function personTokens(range: PersonRange, secret: string): string[] {
  const expiresAt = new Date(Date.now() + aDay)
  return Array.from({ length: range.count }, (_, index) =>
    signPersonToken({ personId: range.from + index, contactMomentId: null, expiresAt }, secret),
  )
}

export function linkTokens(
  purpose: LinkPurpose,
  moments: number[],
  secret: string,
  url = '',
): string[] {
  const expiresAt = new Date(Date.now() + aDay)
  return moments.map((contactMomentId) =>
    signLinkToken(purpose, { contactMomentId, expiresAt }, secret, url),
  )
}

/** The n-th item, starting again at the beginning when the list runs out. */
export function nth<T>(items: T[], n: number): T {
  const item = items[n % items.length]
  if (item === undefined) throw new Error('Nothing to choose from.')
  return item
}

export function between(range: PersonRange): string {
  return `between ${range.from} and ${range.from + range.count - 1}`
}
