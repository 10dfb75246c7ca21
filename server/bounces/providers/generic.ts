/**
 * The documented generic JSON format, for mail systems without an adapter of their own.
 * The route authenticates it with an operator API key.
 *
 * { "events": [{ "id": "evt-1", "type": "bounce", "bounceType": "hard", "status": "5.1.1",
 *   "email": "…", "contactMomentId": 4, "messageId": "<cm.4@…>",
 *   "occurredAt": "2026-12-04T10:00:00Z", "diagnostic": "550 5.1.1 user unknown" }] }
 */
import * as v from 'valibot'
import { bounceTypeOfStatus, type DeliveryEvent, type DeliveryEventKind } from '../deliveryEvent.ts'
import { type ProviderAdapter, WebhookPayloadError } from './provider.ts'

const genericTypes = ['bounce', 'delivery', 'complaint', 'auto-reply', 'other'] as const

const genericEvent = v.object({
  id: v.pipe(v.string(), v.nonEmpty(), v.maxLength(200)),
  type: v.picklist(genericTypes),
  bounceType: v.optional(v.picklist(['hard', 'soft'])),
  status: v.optional(v.pipe(v.string(), v.maxLength(20))),
  email: v.optional(v.pipe(v.string(), v.maxLength(254))),
  contactMomentId: v.optional(
    v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(Number.MAX_SAFE_INTEGER)),
  ),
  messageId: v.optional(v.pipe(v.string(), v.maxLength(500))),
  occurredAt: v.pipe(v.string(), v.isoTimestamp('Use an ISO 8601 timestamp.')),
  diagnostic: v.optional(v.pipe(v.string(), v.maxLength(1000))),
})

const genericBody = v.object({
  events: v.pipe(v.array(genericEvent), v.minLength(1), v.maxLength(5000)),
})

export function createGenericAdapter(): ProviderAdapter {
  return {
    name: 'generic',
    async receive(request) {
      const parsed = v.safeParse(genericBody, parseJson(request.rawBody))
      if (!parsed.success) {
        const issue = parsed.issues[0]
        throw new WebhookPayloadError(
          `Invalid generic event body at ${v.getDotPath(issue) ?? '(root)'}: ${issue.message}`,
        )
      }

      return { type: 'events', events: parsed.output.events.map(toDeliveryEvent) }
    },
  }
}

function toDeliveryEvent(event: v.InferOutput<typeof genericEvent>): DeliveryEvent {
  const kind: DeliveryEventKind =
    event.type === 'auto-reply' || event.type === 'other' ? 'ignored' : event.type

  return {
    providerEventId: event.id,
    kind,
    bounceType:
      kind === 'bounce' ? (event.bounceType ?? bounceTypeOfStatus(event.status) ?? 'soft') : null,
    recipient: event.email ?? null,
    contactMomentId: event.contactMomentId ?? null,
    messageId: event.messageId ?? null,
    occurredAt: new Date(event.occurredAt),
    diagnostic: [event.status, event.diagnostic].filter(Boolean).join(' ') || null,
    payload: event,
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    throw new WebhookPayloadError('The body is not valid JSON.')
  }
}
