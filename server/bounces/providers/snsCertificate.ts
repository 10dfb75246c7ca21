/** Fetches an SNS signing certificate over https, for the SES adapter's `fetchCertificate`. */
import { WebhookAuthenticationError } from './provider.ts'
import { isSnsCertificateUrl } from './snsSignature.ts'

const timeoutMilliseconds = 10_000
const largestCertificate = 65_536

/**
 * Refuses any URL but an SNS certificate URL before connecting, and follows no redirect, so a
 * forged message cannot make the server fetch from elsewhere.
 */
export async function fetchSnsCertificate(url: string): Promise<string> {
  if (!isSnsCertificateUrl(url)) {
    throw new WebhookAuthenticationError('The SNS signing certificate URL is not on an SNS host.')
  }

  const response = await fetch(url, {
    redirect: 'error',
    signal: AbortSignal.timeout(timeoutMilliseconds),
  })
  // A 4xx means the message named a certificate SNS does not have; anything else may pass.
  if (response.status >= 400 && response.status < 500) {
    throw new WebhookAuthenticationError(
      `The SNS signing certificate could not be found (HTTP ${response.status}).`,
    )
  }
  if (!response.ok) {
    throw new Error(`Fetching the SNS signing certificate failed with HTTP ${response.status}.`)
  }

  const text = await response.text()
  if (text.length > largestCertificate) {
    throw new WebhookAuthenticationError('The SNS signing certificate is implausibly large.')
  }
  return text
}
