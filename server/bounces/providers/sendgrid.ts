/**
 * The SendGrid event webhook: batches of events, signed with ECDSA (P-256, SHA-256) over the
 * timestamp header and the raw body (SendGrid's "Signed Event Webhook").
 */
import { createPublicKey, type KeyObject, verify } from 'node:crypto'
import * as v from 'valibot'
import {
  type BounceType,
  bounceTypeOfStatus,
  contactMomentFromMessageId,
  contactMomentFromMetadata,
  contactMomentMetadataKey,
  type DeliveryEvent,
  type DeliveryEventKind,
} from '../deliveryEvent.ts'
import { diagnosticText } from './diagnosticText.ts'
import { eventTime } from './eventTime.ts'
import {
  type ProviderAdapter,
  WebhookAuthenticationError,
  type WebhookRequest,
} from './provider.ts'
import { readJsonPayload } from './readPayload.ts'
import { assertWithinWindow, defaultMaxAgeSeconds } from './timestampWindow.ts'

export interface SendgridAdapterSettings {
  /** The verification key SendGrid shows for the signed webhook: base64 DER, or PEM. */
  publicKey: string
  /** How far the signature's timestamp may lie from now; 300 s unless set. */
  maxAgeSeconds?: number
}

const signatureHeader = 'X-Twilio-Email-Event-Webhook-Signature'
const timestampHeader = 'X-Twilio-Email-Event-Webhook-Timestamp'

const sendgridEvent = v.looseObject({
  email: v.string(),
  timestamp: v.number(),
  event: v.string(),
  sg_event_id: v.pipe(v.string(), v.nonEmpty('is empty')),
})

const sendgridBatch = v.array(sendgridEvent)

type SendgridEvent = v.InferOutput<typeof sendgridEvent>

const kinds = new Map<string, DeliveryEventKind>([
  ['bounce', 'bounce'],
  ['blocked', 'bounce'],
  ['delivered', 'delivery'],
  ['spamreport', 'complaint'],
])

export function createSendgridAdapter(settings: SendgridAdapterSettings): ProviderAdapter {
  const publicKey = readPublicKey(settings.publicKey)
  const maxAgeSeconds = settings.maxAgeSeconds ?? defaultMaxAgeSeconds

  return {
    name: 'sendgrid',

    async receive(request) {
      authenticate(request, publicKey, maxAgeSeconds)

      const batch = readJsonPayload(request.rawBody, sendgridBatch, 'SendGrid event batch')
      return { type: 'events', events: batch.map((event) => toDeliveryEvent(event, request)) }
    },
  }
}

function authenticate(request: WebhookRequest, publicKey: KeyObject, maxAgeSeconds: number) {
  const signature = request.header(signatureHeader)
  const timestamp = request.header(timestampHeader)
  if (!signature || !timestamp) {
    throw new WebhookAuthenticationError(
      `The SendGrid request lacks the ${signature ? timestampHeader : signatureHeader} header.`,
    )
  }
  if (!/^[0-9]{1,12}$/.test(timestamp)) {
    throw new WebhookAuthenticationError(`The ${timestampHeader} header is not Unix seconds.`)
  }

  assertWithinWindow(Number(timestamp), request.now, maxAgeSeconds, 'SendGrid signature')

  if (!signatureMatches(timestamp + request.rawBody, signature, publicKey)) {
    throw new WebhookAuthenticationError('The SendGrid event webhook signature does not verify.')
  }
}

function signatureMatches(signedText: string, signature: string, publicKey: KeyObject): boolean {
  try {
    const key = { key: publicKey, dsaEncoding: 'der' as const }
    return verify('sha256', Buffer.from(signedText), key, Buffer.from(signature, 'base64'))
  } catch {
    return false
  }
}

function readPublicKey(text: string): KeyObject {
  const trimmed = text.trim()
  let key: KeyObject
  try {
    key = trimmed.startsWith('-----BEGIN')
      ? createPublicKey(trimmed)
      : createPublicKey({ key: Buffer.from(trimmed, 'base64'), format: 'der', type: 'spki' })
  } catch {
    throw new Error('The SendGrid verification key is neither base64 DER nor PEM.')
  }

  if (key.asymmetricKeyType !== 'ec' || key.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new Error('The SendGrid verification key is not an ECDSA P-256 public key.')
  }
  return key
}

function toDeliveryEvent(event: SendgridEvent, request: WebhookRequest): DeliveryEvent {
  const kind = kinds.get(event.event) ?? 'ignored'
  const messageId = text(event['smtp-id'])

  return {
    providerEventId: event.sg_event_id,
    kind,
    bounceType: kind === 'bounce' ? bounceTypeOf(event) : null,
    recipient: event.email,
    contactMomentId:
      contactMomentFromMetadata(event[contactMomentMetadataKey]) ??
      contactMomentFromMessageId(messageId),
    messageId,
    occurredAt: eventTime(event.timestamp, request.now),
    diagnostic:
      kind === 'delivery'
        ? null
        : diagnosticText(event['status'], event['reason'] ?? event['response']),
    payload: event,
  }
}

/** SendGrid reports a block (the receiving server refused for now) as a bounce of type blocked. */
function bounceTypeOf(event: SendgridEvent): BounceType {
  if (event.event === 'blocked' || event['type'] === 'blocked') return 'soft'
  if (event['type'] === 'bounce') return 'hard'
  return bounceTypeOfStatus(text(event['status'])) ?? 'hard'
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null
}
