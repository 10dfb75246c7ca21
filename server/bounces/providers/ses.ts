/**
 * Amazon SES bounce, complaint and delivery notifications, as Amazon SNS delivers them: the
 * SNS signature is checked with the certificate from an SNS host before anything is believed.
 */
import { type KeyObject, X509Certificate } from 'node:crypto'
import * as v from 'valibot'
import {
  type BounceType,
  contactMomentFromMessageId,
  contactMomentFromMetadata,
  contactMomentHeader,
  contactMomentMetadataKey,
  type DeliveryEvent,
} from '../deliveryEvent.ts'
import { diagnosticText } from './diagnosticText.ts'
import { eventTime } from './eventTime.ts'
import {
  type ProviderAdapter,
  WebhookAuthenticationError,
  WebhookPayloadError,
  type WebhookRequest,
} from './provider.ts'
import { checkPayload, readJsonPayload } from './readPayload.ts'
import {
  isSnsCertificateUrl,
  isSnsUrl,
  type SnsEnvelope,
  verifySnsSignature,
} from './snsSignature.ts'

export interface SesAdapterSettings {
  /** The SNS topics this server subscribed; empty accepts any topic whose signature verifies. */
  topicArns: string[]
  /** Fetches a certificate PEM; only ever called with an https URL on an SNS host. */
  fetchCertificate: (url: string) => Promise<string>
}

const signedFields = {
  MessageId: v.string(),
  TopicArn: v.string(),
  Message: v.string(),
  Timestamp: v.string(),
  SignatureVersion: v.picklist(['1', '2']),
  Signature: v.pipe(v.string(), v.nonEmpty('is empty')),
  SigningCertURL: v.string(),
}

const snsEnvelope = v.variant('Type', [
  v.looseObject({
    Type: v.literal('Notification'),
    ...signedFields,
    Subject: v.nullish(v.string()),
  }),
  v.looseObject({
    Type: v.picklist(['SubscriptionConfirmation', 'UnsubscribeConfirmation']),
    ...signedFields,
    SubscribeURL: v.string(),
    Token: v.string(),
  }),
])

const sesMail = v.looseObject({
  timestamp: v.optional(v.string()),
  messageId: v.optional(v.string()),
  destination: v.optional(v.array(v.string())),
  headers: v.optional(v.array(v.looseObject({ name: v.string(), value: v.string() }))),
  commonHeaders: v.optional(v.looseObject({ messageId: v.optional(v.string()) })),
  tags: v.optional(v.record(v.string(), v.array(v.string()))),
})

const sesMessage = v.looseObject({
  notificationType: v.optional(v.string()),
  eventType: v.optional(v.string()),
  mail: v.optional(sesMail),
})

const sesBounce = v.looseObject({
  bounceType: v.string(),
  bouncedRecipients: v.array(
    v.looseObject({
      emailAddress: v.string(),
      status: v.nullish(v.string()),
      diagnosticCode: v.nullish(v.string()),
    }),
  ),
  timestamp: v.optional(v.string()),
})

const sesComplaint = v.looseObject({
  complainedRecipients: v.array(v.looseObject({ emailAddress: v.string() })),
  complaintFeedbackType: v.nullish(v.string()),
  timestamp: v.optional(v.string()),
})

const sesDelivery = v.looseObject({
  recipients: v.array(v.string()),
  timestamp: v.optional(v.string()),
})

type SesMessage = v.InferOutput<typeof sesMessage>
type SesMail = v.InferOutput<typeof sesMail>

/** SES cannot say more than "undetermined" for some bounces; those are counted as soft. */
const bounceTypes = new Map<string, BounceType>([
  ['Permanent', 'hard'],
  ['Transient', 'soft'],
  ['Undetermined', 'soft'],
])

/** Enough for every region's certificate; a flood of other URLs only empties the cache. */
const cachedCertificates = 64

export function createSesAdapter(settings: SesAdapterSettings): ProviderAdapter {
  const certificateKeys = new Map<string, Promise<KeyObject>>()

  function certificateKey(url: string): Promise<KeyObject> {
    const cached = certificateKeys.get(url)
    if (cached) return cached

    if (certificateKeys.size >= cachedCertificates) certificateKeys.clear()
    const key = settings.fetchCertificate(url).then(readCertificateKey)
    certificateKeys.set(url, key)
    // A failed fetch may succeed next time; only good certificates stay cached.
    key.catch(() => certificateKeys.delete(url))
    return key
  }

  return {
    name: 'ses',

    async receive(request) {
      const envelope: SnsEnvelope = readJsonPayload(request.rawBody, snsEnvelope, 'SNS message')

      if (!isSnsCertificateUrl(envelope.SigningCertURL)) {
        const host = hostOf(envelope.SigningCertURL)
        throw new WebhookAuthenticationError(
          `The SNS SigningCertURL is not an https .pem URL on an SNS host: ${host}.`,
        )
      }
      if (settings.topicArns.length > 0 && !settings.topicArns.includes(envelope.TopicArn)) {
        throw new WebhookAuthenticationError(
          `The SNS topic ${envelope.TopicArn} is not one this server subscribed to.`,
        )
      }
      const key = await certificateKey(envelope.SigningCertURL)
      if (!verifySnsSignature(envelope, key)) {
        throw new WebhookAuthenticationError('The SNS message signature does not verify.')
      }

      if (envelope.Type === 'SubscriptionConfirmation') {
        const subscribeUrl = envelope.SubscribeURL ?? ''
        if (!isSnsUrl(subscribeUrl)) {
          throw new WebhookPayloadError(
            `The SNS SubscribeURL is not an https URL on an SNS host: ${hostOf(subscribeUrl)}.`,
          )
        }
        return { type: 'confirm-subscription', subscribeUrl }
      }
      if (envelope.Type === 'UnsubscribeConfirmation') return { type: 'events', events: [] }

      const message = readJsonPayload(envelope.Message, sesMessage, 'SES notification')
      return { type: 'events', events: sesEvents(envelope.MessageId, message, request) }
    },
  }
}

function readCertificateKey(pem: string): KeyObject {
  try {
    return new X509Certificate(pem).publicKey
  } catch {
    throw new WebhookAuthenticationError('The SNS signing certificate cannot be read.')
  }
}

/** One event per recipient, numbered in the order SES lists them so a redelivery keeps its ids. */
function sesEvents(
  snsMessageId: string,
  message: SesMessage,
  request: WebhookRequest,
): DeliveryEvent[] {
  const kind = message.eventType ?? message.notificationType
  const mail = message.mail
  const sentAt = eventTime(mail?.timestamp, request.now)
  const link = linkToContactMoment(mail)
  const event = (index: number, recipient: string | null) => ({
    providerEventId: `${snsMessageId}:${index}`,
    recipient,
    ...link,
    payload: message,
  })

  if (kind === 'Bounce') {
    const bounce = checkPayload(message['bounce'], sesBounce, 'SES bounce')
    const occurredAt = eventTime(bounce.timestamp, sentAt)
    return bounce.bouncedRecipients.map((recipient, index) => ({
      ...event(index, recipient.emailAddress),
      kind: 'bounce',
      bounceType: bounceTypes.get(bounce.bounceType) ?? 'soft',
      occurredAt,
      diagnostic: diagnosticText(recipient.status, recipient.diagnosticCode),
    }))
  }

  if (kind === 'Complaint') {
    const complaint = checkPayload(message['complaint'], sesComplaint, 'SES complaint')
    const occurredAt = eventTime(complaint.timestamp, sentAt)
    // A "not-spam" feedback report is the opposite of a complaint.
    const isComplaint = complaint.complaintFeedbackType !== 'not-spam'
    return complaint.complainedRecipients.map((recipient, index) => ({
      ...event(index, recipient.emailAddress),
      kind: isComplaint ? 'complaint' : 'ignored',
      bounceType: null,
      occurredAt,
      diagnostic: diagnosticText(complaint.complaintFeedbackType),
    }))
  }

  if (kind === 'Delivery') {
    const delivery = checkPayload(message['delivery'], sesDelivery, 'SES delivery')
    const occurredAt = eventTime(delivery.timestamp, sentAt)
    return delivery.recipients.map((recipient, index) => ({
      ...event(index, recipient),
      kind: 'delivery',
      bounceType: null,
      occurredAt,
      diagnostic: null,
    }))
  }

  // SES's test message when the topic is first attached concerns no mail.
  if (kind === 'AmazonSnsSubscriptionSucceeded') return []

  const destination = mail?.destination ?? []
  return [
    {
      ...event(0, destination.length === 1 ? (destination[0] ?? null) : null),
      kind: 'ignored',
      bounceType: null,
      occurredAt: sentAt,
      diagnostic: kind ?? null,
    },
  ]
}

/** Our tag or header when SES passed it on, else the Message-ID our mailing issued. */
function linkToContactMoment(mail: SesMail | undefined): {
  contactMomentId: number | null
  messageId: string | null
} {
  const headers = mail?.headers ?? []
  const header = (name: string) =>
    headers.find((entry) => entry.name.toLowerCase() === name.toLowerCase())?.value
  const messageId = header('Message-ID') ?? mail?.commonHeaders?.messageId ?? null

  const contactMomentId =
    contactMomentFromMetadata(mail?.tags?.[contactMomentMetadataKey]) ??
    contactMomentFromMetadata(header(contactMomentHeader)?.trim()) ??
    contactMomentFromMessageId(messageId)
  return { contactMomentId, messageId }
}

/** Only the host of a refused URL is quoted: the rest is the sender's and may be long. */
function hostOf(text: string): string {
  try {
    return JSON.stringify(new URL(text).host)
  } catch {
    return 'not a URL'
  }
}
