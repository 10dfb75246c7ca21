/**
 * Amazon SNS message signatures: which URLs may serve the signing certificate, the string SNS
 * signs for each message type, and the check of SignatureVersion 1 (SHA1withRSA) and 2
 * (SHA256withRSA) against the certificate's key.
 */
import { type KeyObject, verify } from 'node:crypto'

export interface SnsEnvelope {
  Type: 'Notification' | 'SubscriptionConfirmation' | 'UnsubscribeConfirmation'
  MessageId: string
  TopicArn: string
  Message: string
  Timestamp: string
  SignatureVersion: '1' | '2'
  Signature: string
  SigningCertURL: string
  Subject?: string | null | undefined
  SubscribeURL?: string | undefined
  Token?: string | undefined
}

const snsHost = /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/

/** An https URL on an SNS host, with no credentials or port that could point it elsewhere. */
export function isSnsUrl(text: string): boolean {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return false
  }

  return (
    url.protocol === 'https:' &&
    snsHost.test(url.hostname) &&
    url.port === '' &&
    url.username === '' &&
    url.password === ''
  )
}

/** Where SNS publishes its signing certificates: a `.pem` file on an SNS host. */
export function isSnsCertificateUrl(text: string): boolean {
  return isSnsUrl(text) && new URL(text).pathname.endsWith('.pem')
}

/** The fields SNS signs, in its order, as `Name\nvalue\n` lines; Subject only when present. */
export function snsStringToSign(envelope: SnsEnvelope): string {
  const names =
    envelope.Type === 'Notification'
      ? ['Message', 'MessageId', 'Subject', 'Timestamp', 'TopicArn', 'Type']
      : ['Message', 'MessageId', 'SubscribeURL', 'Timestamp', 'Token', 'TopicArn', 'Type']

  const fields = envelope as unknown as Record<string, unknown>
  return names
    .filter((name) => typeof fields[name] === 'string')
    .map((name) => `${name}\n${String(fields[name])}\n`)
    .join('')
}

export function verifySnsSignature(envelope: SnsEnvelope, certificateKey: KeyObject): boolean {
  const algorithm = envelope.SignatureVersion === '1' ? 'sha1' : 'sha256'
  const signature = Buffer.from(envelope.Signature, 'base64')

  try {
    return verify(algorithm, Buffer.from(snsStringToSign(envelope)), certificateKey, signature)
  } catch {
    return false
  }
}
