/** SendGrid event webhook batches, signed as SendGrid's Signed Event Webhook signs them. */
import { generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto'
import type { ProviderWebhook } from './webhookRequest.ts'

export interface SendgridSigner {
  /** The verification key as SendGrid shows it: base64 of the DER public key. */
  publicKey: string
  privateKey: KeyObject
}

export function createSendgridSigner(): SendgridSigner {
  const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
  return {
    publicKey: publicKey.export({ type: 'spki', format: 'der' }).toString('base64'),
    privateKey,
  }
}

/** `blocked` is sent as SendGrid sends it: a bounce event of type blocked. */
export type SendgridEventName =
  | 'processed'
  | 'delivered'
  | 'bounce'
  | 'blocked'
  | 'deferred'
  | 'dropped'
  | 'spamreport'
  | 'open'
  | 'click'
  | 'unsubscribe'

export interface SendgridEventOptions {
  email: string
  /** Sent as the custom arg smp_contact_moment, which SendGrid returns at the top level. */
  contactMoment?: number
  /** The Message-ID header, which SendGrid returns as smtp-id. */
  smtpId?: string
  at?: Date
  eventId?: string
}

export function sendgridEvent(
  name: SendgridEventName,
  options: SendgridEventOptions,
): Record<string, unknown> {
  const common = {
    email: options.email,
    timestamp: Math.floor((options.at ?? new Date()).getTime() / 1000),
    'smtp-id': options.smtpId ?? '<14c5d75ce93.dfd.64b469@ismtpd-555>',
    sg_event_id: options.eventId ?? randomBytes(16).toString('base64'),
    sg_message_id: '14c5d75ce93.dfd.64b469.filter0001.16648.5515E0B88.0',
    category: ['nieuwsbrief'],
    ...(options.contactMoment ? { smp_contact_moment: String(options.contactMoment) } : {}),
  }

  switch (name) {
    case 'bounce':
      return {
        ...common,
        event: 'bounce',
        type: 'bounce',
        status: '5.1.1',
        reason: `550 5.1.1 The email account that you tried to reach does not exist.`,
        bounce_classification: 'Invalid Address',
        ip: '167.89.0.10',
        tls: 1,
      }
    case 'blocked':
      return {
        ...common,
        event: 'bounce',
        type: 'blocked',
        status: '4.7.1',
        reason: '421 4.7.1 Temporarily rate limited due to IP reputation',
        bounce_classification: 'Reputation',
        ip: '167.89.0.10',
        tls: 1,
      }
    case 'deferred':
      return { ...common, event: 'deferred', response: '450 4.2.2 Mailbox full', attempt: '3' }
    case 'dropped':
      return { ...common, event: 'dropped', reason: 'Bounced Address', status: '5.0.0' }
    case 'delivered':
      return { ...common, event: 'delivered', response: '250 2.0.0 OK', ip: '167.89.0.10', tls: 1 }
    case 'open':
      return { ...common, event: 'open', useragent: 'Mozilla/5.0', ip: '198.51.100.4' }
    case 'click':
      return {
        ...common,
        event: 'click',
        url: 'https://www.example.net/nieuws',
        ip: '198.51.100.4',
      }
    default:
      return { ...common, event: name }
  }
}

/** The POST SendGrid makes: the batch as JSON, signed at `signedAt` (now unless given). */
export function sendgridWebhook(
  signer: SendgridSigner,
  events: unknown[],
  options: { signedAt?: Date; body?: string } = {},
): ProviderWebhook {
  const body = options.body ?? JSON.stringify(events)
  const timestamp = String(Math.floor((options.signedAt ?? new Date()).getTime() / 1000))
  const signature = sign('sha256', Buffer.from(timestamp + body), signer.privateKey)

  return {
    body,
    headers: {
      'Content-Type': 'application/json',
      'User-Agent': 'SendGrid Event API',
      'X-Twilio-Email-Event-Webhook-Signature': signature.toString('base64'),
      'X-Twilio-Email-Event-Webhook-Timestamp': timestamp,
    },
  }
}
