/** Postmark bounce, spam complaint and delivery webhook bodies, posted with Basic credentials. */
import { randomUUID } from 'node:crypto'
import type { ProviderWebhook } from './webhookRequest.ts'

export const postmarkCredentials = { user: 'postmark-webhooks', password: 'Zq4!kM8#rT2w' }

/** Postmark's bounce types with their type codes, as its bounce API lists them. */
export const postmarkBounceTypes = {
  HardBounce: 1,
  Transient: 2,
  Unsubscribe: 16,
  Subscribe: 32,
  AutoResponder: 64,
  AddressChange: 128,
  DnsError: 256,
  SpamNotification: 512,
  OpenRelayTest: 1024,
  Unknown: 2048,
  SoftBounce: 4096,
  VirusNotification: 8192,
  ChallengeVerification: 16384,
  BadEmailAddress: 100000,
  SpamComplaint: 100001,
  ManuallyDeactivated: 100002,
  Unconfirmed: 100003,
  Blocked: 100006,
  SMTPApiError: 100007,
  InboundError: 100008,
  DMARCPolicy: 100009,
  TemplateRenderingFailed: 100010,
} as const

export type PostmarkBounceType = keyof typeof postmarkBounceTypes

export interface PostmarkRecordOptions {
  email: string
  /** Sent as Metadata.smp_contact_moment. */
  contactMoment?: number
  /** Postmark's own message id (a UUID). */
  messageId?: string
  at?: Date
}

export function postmarkBounce(
  options: PostmarkRecordOptions & { type?: PostmarkBounceType; id?: number | string },
): Record<string, unknown> {
  const type = options.type ?? 'HardBounce'
  return {
    RecordType: type === 'SpamComplaint' ? 'SpamComplaint' : 'Bounce',
    MessageStream: 'broadcast',
    ID: options.id ?? 4323372036,
    Type: type,
    TypeCode: postmarkBounceTypes[type],
    Name: type.replace(/([a-z])([A-Z])/g, '$1 $2'),
    Tag: 'nieuwsbrief',
    MessageID: options.messageId ?? '883953f4-6105-42a2-a16a-77a8eac79483',
    Metadata: metadataOf(options),
    ServerID: 23,
    Description:
      type === 'HardBounce'
        ? 'The server was unable to deliver your message (ex: unknown user, mailbox not found).'
        : 'The message could not be delivered.',
    Details:
      type === 'HardBounce'
        ? `smtp;550 5.1.1 The email account that you tried to reach does not exist.`
        : `${type} reported by the receiving server`,
    Email: options.email,
    From: 'news@mail.example.net',
    BouncedAt: (options.at ?? new Date()).toISOString().replace('Z', '0000Z'),
    DumpAvailable: true,
    Inactive: type === 'HardBounce',
    CanActivate: true,
    Subject: 'Nieuws van december',
    Content: 'Return-Path: <>\r\nReceived: ... the full returned message ...',
  }
}

export function postmarkSpamComplaint(
  options: PostmarkRecordOptions & { id?: number },
): Record<string, unknown> {
  return postmarkBounce({ ...options, type: 'SpamComplaint' })
}

export function postmarkDelivery(options: PostmarkRecordOptions): Record<string, unknown> {
  return {
    RecordType: 'Delivery',
    ServerID: 23,
    MessageStream: 'broadcast',
    MessageID: options.messageId ?? randomUUID(),
    Recipient: options.email,
    Tag: 'nieuwsbrief',
    DeliveredAt: (options.at ?? new Date()).toISOString().replace('Z', '+00:00'),
    Details: 'Test delivery webhook details',
    Metadata: metadataOf(options),
  }
}

export function postmarkOpen(options: PostmarkRecordOptions): Record<string, unknown> {
  return {
    RecordType: 'Open',
    MessageStream: 'broadcast',
    FirstOpen: true,
    Client: { Name: 'Chrome 120', Company: 'Google', Family: 'Chrome' },
    OS: { Name: 'Windows 10', Company: 'Microsoft', Family: 'Windows' },
    Platform: 'Desktop',
    UserAgent: 'Mozilla/5.0',
    ReadSeconds: 5,
    Geo: {},
    MessageID: options.messageId ?? randomUUID(),
    Metadata: metadataOf(options),
    ReceivedAt: (options.at ?? new Date()).toISOString(),
    Tag: 'nieuwsbrief',
    Recipient: options.email,
  }
}

/** The POST Postmark makes to a webhook URL with `user:password@` in it. */
export function postmarkWebhook(
  record: Record<string, unknown>,
  credentials: { user: string; password: string } = postmarkCredentials,
): ProviderWebhook {
  const basic = Buffer.from(`${credentials.user}:${credentials.password}`).toString('base64')
  return {
    body: JSON.stringify(record),
    headers: { 'Content-Type': 'application/json', Authorization: `Basic ${basic}` },
  }
}

function metadataOf(options: PostmarkRecordOptions): Record<string, string> {
  return {
    mailing: 'december',
    ...(options.contactMoment ? { smp_contact_moment: String(options.contactMoment) } : {}),
  }
}
