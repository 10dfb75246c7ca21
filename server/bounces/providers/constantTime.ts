/** String comparison that takes the same time wherever the strings differ, for secrets. */
import { createHash, timingSafeEqual } from 'node:crypto'

export function equalInConstantTime(given: string, expected: string): boolean {
  // Comparing digests hides the expected length too, which timingSafeEqual alone would reveal.
  const givenDigest = createHash('sha256').update(given).digest()
  const expectedDigest = createHash('sha256').update(expected).digest()

  return timingSafeEqual(givenDigest, expectedDigest)
}
