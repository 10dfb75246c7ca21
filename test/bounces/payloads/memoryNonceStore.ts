/** A NonceStore kept in memory, for tests that need to see replays refused. */
import type { NonceStore } from '../../../server/bounces/providers/provider.ts'

export function createMemoryNonceStore(): NonceStore & { claimed: string[] } {
  const claimed: string[] = []

  return {
    claimed,
    async claim(provider, nonce) {
      const key = `${provider}:${nonce}`
      if (claimed.includes(key)) return false
      claimed.push(key)
      return true
    },
  }
}
