/** Refuses signed webhooks whose timestamp is too old or too far ahead, so captures go stale. */
import { WebhookAuthenticationError } from './provider.ts'

export const defaultMaxAgeSeconds = 300

/** `signedAt` is in Unix seconds, as providers send it; `source` names what was signed. */
export function assertWithinWindow(
  signedAt: number,
  now: Date,
  maxAgeSeconds: number,
  source: string,
): void {
  const ageSeconds = Math.round(now.getTime() / 1000 - signedAt)
  const limit = `at most ${maxAgeSeconds} s is accepted`

  if (ageSeconds > maxAgeSeconds) {
    throw new WebhookAuthenticationError(
      `The ${source} timestamp is ${ageSeconds} s old; ${limit}.`,
    )
  }
  if (-ageSeconds > maxAgeSeconds) {
    throw new WebhookAuthenticationError(
      `The ${source} timestamp lies ${-ageSeconds} s in the future; ${limit}.`,
    )
  }
}
