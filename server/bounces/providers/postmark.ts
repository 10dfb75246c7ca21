/**
 * Postmark webhooks for bounces, spam complaints and deliveries, authenticated with the HTTP
 * Basic credentials put in the webhook URL.
 */
import { createHash } from 'node:crypto'
import * as v from 'valibot'
import {
  type BounceType,
  contactMomentFromMetadata,
  contactMomentMetadataKey,
  type DeliveryEvent,
} from '../deliveryEvent.ts'
import { equalInConstantTime } from './constantTime.ts'
import { diagnosticText } from './diagnosticText.ts'
import { eventTime } from './eventTime.ts'
import {
  type ProviderAdapter,
  WebhookAuthenticationError,
  type WebhookRequest,
} from './provider.ts'
import { checkPayload, readJsonPayload } from './readPayload.ts'

export interface PostmarkAdapterSettings {
  user: string
  password: string
}

const metadata = v.optional(v.nullable(v.record(v.string(), v.unknown())))

const postmarkRecord = v.looseObject({ RecordType: v.string() })

const postmarkBounce = v.looseObject({
  ID: v.union([v.pipe(v.number(), v.integer('should be a whole number')), v.string()]),
  Type: v.string(),
  Email: v.string(),
  MessageID: v.nullish(v.string()),
  BouncedAt: v.nullish(v.string()),
  Details: v.nullish(v.string()),
  Description: v.nullish(v.string()),
  Metadata: metadata,
})

const postmarkDelivery = v.looseObject({
  MessageID: v.pipe(v.string(), v.nonEmpty('is empty')),
  Recipient: v.string(),
  DeliveredAt: v.nullish(v.string()),
  Metadata: metadata,
})

const postmarkOther = v.looseObject({
  MessageID: v.nullish(v.string()),
  Recipient: v.nullish(v.string()),
  Metadata: metadata,
})

type PostmarkBounce = v.InferOutput<typeof postmarkBounce>

/** Postmark bounce types that say the address is gone for good, or just now unreachable. */
const bounceTypes = new Map<string, BounceType>([
  ['HardBounce', 'hard'],
  ['BadEmailAddress', 'hard'],
  ['ManuallyDeactivated', 'hard'],
  ['Transient', 'soft'],
  ['SoftBounce', 'soft'],
  ['DnsError', 'soft'],
  ['Blocked', 'soft'],
  ['DMARCPolicy', 'soft'],
  ['Unknown', 'soft'],
])

/** Reports of something other than a failed delivery: auto-replies, list commands, tests. */
const notBounces = new Set([
  'AutoResponder',
  'ChallengeVerification',
  'Subscribe',
  'Unsubscribe',
  'AddressChange',
  'OpenRelayTest',
  'VirusNotification',
  'Unconfirmed',
  'SMTPApiError',
  'InboundError',
  'TemplateRenderingFailed',
])

const complaints = new Set(['SpamNotification', 'SpamComplaint'])

export function createPostmarkAdapter(settings: PostmarkAdapterSettings): ProviderAdapter {
  return {
    name: 'postmark',

    async receive(request) {
      authenticate(request, settings)

      const record = readJsonPayload(request.rawBody, postmarkRecord, 'Postmark webhook body')
      return { type: 'events', events: [toDeliveryEvent(record, request)] }
    },
  }
}

function authenticate(request: WebhookRequest, settings: PostmarkAdapterSettings): void {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(request.header('Authorization') ?? '')
  if (!match) {
    throw new WebhookAuthenticationError('The Postmark request lacks Basic credentials.')
  }

  const credentials = Buffer.from(match[1] ?? '', 'base64').toString('utf8')
  const colon = credentials.indexOf(':')
  const user = colon < 0 ? credentials : credentials.slice(0, colon)
  const password = colon < 0 ? '' : credentials.slice(colon + 1)
  // Both compared every time, so the timing does not tell which one was wrong.
  const userMatches = equalInConstantTime(user, settings.user)
  const passwordMatches = equalInConstantTime(password, settings.password)
  if (!(userMatches && passwordMatches)) {
    throw new WebhookAuthenticationError('The Postmark Basic credentials are wrong.')
  }
}

function toDeliveryEvent(
  record: v.InferOutput<typeof postmarkRecord>,
  request: WebhookRequest,
): DeliveryEvent {
  if (record.RecordType === 'Bounce' || record.RecordType === 'SpamComplaint') {
    const bounce = checkPayload(record, postmarkBounce, `Postmark ${record.RecordType} record`)
    return bounceEvent(bounce, request)
  }

  if (record.RecordType === 'Delivery') {
    const delivery = checkPayload(record, postmarkDelivery, 'Postmark Delivery record')
    return {
      // One MessageID can go to several recipients, each with their own delivery.
      providerEventId: `${delivery.MessageID}:${delivery.Recipient.toLowerCase()}`,
      kind: 'delivery',
      bounceType: null,
      recipient: delivery.Recipient,
      contactMomentId: contactMomentFromMetadata(delivery.Metadata?.[contactMomentMetadataKey]),
      messageId: delivery.MessageID,
      occurredAt: eventTime(delivery.DeliveredAt, request.now),
      diagnostic: null,
      payload: delivery,
    }
  }

  const other = checkPayload(record, postmarkOther, `Postmark ${record.RecordType} record`)
  return {
    providerEventId: `${record.RecordType}:${hashOf(request.rawBody)}`,
    kind: 'ignored',
    bounceType: null,
    recipient: other.Recipient ?? null,
    contactMomentId: contactMomentFromMetadata(other.Metadata?.[contactMomentMetadataKey]),
    messageId: other.MessageID ?? null,
    occurredAt: eventTime(other['ReceivedAt'] ?? other['ChangedAt'], request.now),
    diagnostic: record.RecordType,
    payload: other,
  }
}

function bounceEvent(bounce: PostmarkBounce, request: WebhookRequest): DeliveryEvent {
  const isComplaint = complaints.has(bounce.Type)
  const isBounce = !isComplaint && !notBounces.has(bounce.Type)
  // The bounce dump holds the returned message; it does not belong in the bounce log.
  const { Content: _content, ...payload } = bounce

  return {
    providerEventId: idOf(bounce, request.rawBody),
    kind: isComplaint ? 'complaint' : isBounce ? 'bounce' : 'ignored',
    // A type Postmark adds later counts as a soft bounce: it failed, but not surely for good.
    bounceType: isBounce ? (bounceTypes.get(bounce.Type) ?? 'soft') : null,
    recipient: bounce.Email,
    contactMomentId: contactMomentFromMetadata(bounce.Metadata?.[contactMomentMetadataKey]),
    messageId: bounce.MessageID ?? null,
    occurredAt: eventTime(bounce.BouncedAt, request.now),
    diagnostic: diagnosticText(bounce.Details || bounce.Description),
    payload,
  }
}

/**
 * Postmark's bounce ids can exceed what a JavaScript number holds exactly, so the digits are
 * taken from the raw body when parsing has rounded them.
 */
function idOf(bounce: PostmarkBounce, rawBody: string): string {
  if (typeof bounce.ID === 'string' || Number.isSafeInteger(bounce.ID)) return String(bounce.ID)

  for (const match of rawBody.matchAll(/"ID"\s*:\s*([0-9]+)/g)) {
    const digits = match[1] ?? ''
    if (Number(digits) === bounce.ID) return digits
  }
  return String(bounce.ID)
}

function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}
