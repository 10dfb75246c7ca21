/**
 * Mailgun webhooks (JSON): the body carries its own signature, an HMAC-SHA256 of timestamp and
 * token under the webhook signing key; stale timestamps and reused tokens are refused.
 */
import { createHmac } from 'node:crypto'
import * as v from 'valibot'
import {
  contactMomentFromMessageId,
  contactMomentFromMetadata,
  contactMomentMetadataKey,
  type DeliveryEvent,
  type DeliveryEventKind,
} from '../deliveryEvent.ts'
import { equalInConstantTime } from './constantTime.ts'
import { diagnosticText } from './diagnosticText.ts'
import { eventTime } from './eventTime.ts'
import {
  type NonceStore,
  type ProviderAdapter,
  WebhookAuthenticationError,
  type WebhookRequest,
} from './provider.ts'
import { readJsonPayload } from './readPayload.ts'
import { assertWithinWindow, defaultMaxAgeSeconds } from './timestampWindow.ts'

export interface MailgunAdapterSettings {
  /** The "HTTP webhook signing key" of the Mailgun account. */
  signingKey: string
  /** Remembers the tokens seen, so that a captured request cannot be replayed. */
  nonces: NonceStore
  /** How far the signature's timestamp may lie from now; 300 s unless set. */
  maxAgeSeconds?: number
}

const unixSeconds = v.union([
  v.pipe(v.string(), v.regex(/^[0-9]{1,12}$/, 'should be Unix seconds'), v.transform(Number)),
  v.pipe(v.number(), v.integer('should be whole Unix seconds')),
])

const mailgunBody = v.looseObject({
  signature: v.looseObject({
    timestamp: unixSeconds,
    token: v.pipe(v.string(), v.nonEmpty('is empty')),
    signature: v.string(),
  }),
  'event-data': v.looseObject({
    id: v.pipe(v.string(), v.nonEmpty('is empty')),
    event: v.string(),
    timestamp: v.optional(v.number()),
    recipient: v.optional(v.string()),
    severity: v.optional(v.string()),
    'user-variables': v.optional(v.record(v.string(), v.unknown())),
    message: v.optional(
      v.looseObject({
        headers: v.optional(v.record(v.string(), v.unknown())),
      }),
    ),
    'delivery-status': v.optional(v.record(v.string(), v.unknown())),
  }),
})

type MailgunEventData = v.InferOutput<typeof mailgunBody>['event-data']

const kinds = new Map<string, DeliveryEventKind>([
  ['failed', 'bounce'],
  ['delivered', 'delivery'],
  ['complained', 'complaint'],
])

export function createMailgunAdapter(settings: MailgunAdapterSettings): ProviderAdapter {
  const maxAgeSeconds = settings.maxAgeSeconds ?? defaultMaxAgeSeconds

  return {
    name: 'mailgun',

    async receive(request) {
      const body = readJsonPayload(request.rawBody, mailgunBody, 'Mailgun webhook body')
      const { timestamp, token, signature } = body.signature

      assertWithinWindow(timestamp, request.now, maxAgeSeconds, 'Mailgun signature')
      const expected = createHmac('sha256', settings.signingKey)
        .update(`${timestamp}${token}`)
        .digest('hex')
      if (!equalInConstantTime(signature.toLowerCase(), expected)) {
        throw new WebhookAuthenticationError('The Mailgun webhook signature does not verify.')
      }
      // Claimed only once the signature holds, so that forged requests cannot use up tokens.
      if (!(await settings.nonces.claim('mailgun', token))) {
        throw new WebhookAuthenticationError('The Mailgun webhook token was used before.')
      }

      return { type: 'events', events: [toDeliveryEvent(body['event-data'], request)] }
    },
  }
}

function toDeliveryEvent(data: MailgunEventData, request: WebhookRequest): DeliveryEvent {
  const kind = kinds.get(data.event) ?? 'ignored'
  const headers = data.message?.headers ?? {}
  const messageId = text(headers['message-id'])
  const status = data['delivery-status'] ?? {}
  const reply = text(status['description']) ?? text(status['message'])
  const enhancedCode = text(status['enhanced-code'])

  return {
    providerEventId: data.id,
    kind,
    bounceType: kind === 'bounce' ? (data.severity === 'permanent' ? 'hard' : 'soft') : null,
    recipient: data.recipient ?? null,
    contactMomentId:
      contactMomentFromMetadata(data['user-variables']?.[contactMomentMetadataKey]) ??
      contactMomentFromMessageId(messageId),
    messageId,
    occurredAt: eventTime(data.timestamp, request.now),
    diagnostic:
      kind === 'delivery'
        ? null
        : diagnosticText(
            status['code'],
            reply?.includes(enhancedCode ?? '') ? null : enhancedCode,
            reply,
          ),
    payload: data,
  }
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null
}
