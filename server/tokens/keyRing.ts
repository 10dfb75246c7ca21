/**
 * Signing secrets during a key rotation: tokens are signed with the current secret, and
 * verify with it or any previous one still listed (SMP_SECRET_PREVIOUS), so links already
 * sent keep working for the grace period the operator chooses by keeping it listed.
 */
import { timingSafeEqual } from 'node:crypto'

export type VerificationSecrets = string | readonly string[]

/** True when `given` equals the MAC that one of the secrets makes; compared in constant time. */
export function matchesAnySecret(
  given: string,
  secrets: VerificationSecrets,
  macWith: (secret: string) => string,
): boolean {
  const givenBytes = Buffer.from(given)
  let matched = false
  // Every secret is tried, so the time taken does not tell which one matched.
  for (const secret of typeof secrets === 'string' ? [secrets] : secrets) {
    const expected = Buffer.from(macWith(secret))
    if (expected.length === givenBytes.length && timingSafeEqual(expected, givenBytes)) {
      matched = true
    }
  }
  return matched
}
