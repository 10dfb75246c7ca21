/**
 * Raw delivery status notifications (RFC 3464) posted as a message, e.g. piped from a bounce
 * mailbox. Anything that is not a delivery status report, such as an out-of-office reply or a
 * challenge-response mail, is kept as one ignored event. The route authenticates the poster.
 */
import { createHash } from 'node:crypto'
import { type Attachment, type ParsedMail, simpleParser, type StructuredHeader } from 'mailparser'
import {
  bounceTypeOfStatus,
  contactMomentFromMessageId,
  contactMomentFromMetadata,
  contactMomentHeader,
  type DeliveryEvent,
} from '../deliveryEvent.ts'
import { diagnosticText } from './diagnosticText.ts'
import { eventTime } from './eventTime.ts'
import { type FieldBlock, readFieldBlocks, readHeaderSection } from './fieldBlocks.ts'
import { type ProviderAdapter, WebhookPayloadError, type WebhookRequest } from './provider.ts'

const statusPartTypes = ['message/delivery-status', 'message/global-delivery-status']
const originalPartTypes = [
  'message/rfc822',
  'text/rfc822-headers',
  'message/global',
  'message/global-headers',
]

/** A header field name at the very start: the body is a message, not some other text. */
const startsWithHeader = /^(?:From [^\r\n]*\r?\n)?[A-Za-z0-9-]+:/

interface ReportedMail {
  parsed: ParsedMail
  /** The report's own Message-ID, or a digest of the message when it has none. */
  reportId: string
}

export function createDsnAdapter(): ProviderAdapter {
  return {
    name: 'dsn',

    async receive(request) {
      const mail = await readMail(request.rawBody)

      const events = isDeliveryStatusReport(mail.parsed)
        ? reportEvents(mail, request)
        : [notAReportEvent(mail, request)]
      return { type: 'events', events }
    },
  }
}

async function readMail(rawBody: string): Promise<ReportedMail> {
  if (!startsWithHeader.test(rawBody)) {
    throw new WebhookPayloadError('The posted message does not start with a header section.')
  }

  let parsed: ParsedMail
  try {
    parsed = await simpleParser(rawBody, {
      keepDeliveryStatus: true,
      ignoreEmbedded: true,
      checksumAlgo: false,
      skipHtmlToText: true,
      skipTextToHtml: true,
      skipImageLinks: true,
      keepCidLinks: true,
    })
  } catch (error) {
    throw new WebhookPayloadError(
      `The posted message cannot be parsed: ${error instanceof Error ? error.message : 'unknown'}.`,
    )
  }

  const digest = `sha256:${createHash('sha256').update(rawBody).digest('hex')}`
  return { parsed, reportId: parsed.messageId ?? digest }
}

function isDeliveryStatusReport(parsed: ParsedMail): boolean {
  const contentType = structuredHeader(parsed, 'content-type')
  return (
    contentType?.value.toLowerCase() === 'multipart/report' &&
    contentType.params['report-type']?.toLowerCase() === 'delivery-status'
  )
}

/** One event per recipient block, numbered in report order so a re-post keeps its ids. */
function reportEvents(mail: ReportedMail, request: WebhookRequest): DeliveryEvent[] {
  const statusPart = findPart(mail.parsed, statusPartTypes)
  if (!statusPart) {
    throw new WebhookPayloadError('The delivery status report has no message/delivery-status part.')
  }
  const [perMessage = new Map<string, string>(), ...recipients] = readFieldBlocks(
    statusPart.content.toString('utf8'),
  )
  if (recipients.length === 0) {
    throw new WebhookPayloadError('The delivery status report names no recipient.')
  }

  const original = findPart(mail.parsed, originalPartTypes)
  const originalHeaders = original ? readHeaderSection(original.content.toString('utf8')) : null
  const messageId = originalHeaders?.get('message-id') ?? null
  const contactMomentId =
    contactMomentFromMetadata(originalHeaders?.get(contactMomentHeader.toLowerCase())) ??
    contactMomentFromMessageId(messageId)
  const reportedAt = eventTime(perMessage.get('arrival-date'), mailDate(mail.parsed, request.now))

  return recipients.map((fields, index) => {
    const action = requiredField(fields, 'action', index).toLowerCase()
    const recipient =
      addressOf(fields.get('original-recipient') ?? '') ??
      addressOf(requiredField(fields, 'final-recipient', index))
    const status = fields.get('status')
    const diagnosticCode = fields.get('diagnostic-code')

    return {
      providerEventId: `${mail.reportId}:${index}`,
      kind: action === 'failed' ? 'bounce' : action === 'delivered' ? 'delivery' : 'ignored',
      bounceType:
        action === 'failed'
          ? (bounceTypeOfStatus(status) ?? bounceTypeOfStatus(diagnosticCode) ?? 'hard')
          : null,
      recipient,
      contactMomentId,
      messageId,
      occurredAt: eventTime(fields.get('last-attempt-date'), reportedAt),
      diagnostic: action === 'delivered' ? null : diagnosticText(status, diagnosticCode),
      payload: {
        reportMessageId: mail.parsed.messageId ?? null,
        perMessage: Object.fromEntries(perMessage),
        recipient: Object.fromEntries(fields),
      },
    }
  })
}

/** Auto-replies answer our mail, so In-Reply-To or References may still name its contact moment. */
function notAReportEvent(mail: ReportedMail, request: WebhookRequest): DeliveryEvent {
  const { parsed } = mail
  const references = [parsed.inReplyTo ?? [], parsed.references ?? []].flat()
  const messageId =
    references.find((reference) => contactMomentFromMessageId(reference) !== null) ??
    references[0] ??
    null
  const contentType = structuredHeader(parsed, 'content-type')?.value ?? 'text/plain'
  const autoSubmitted = textHeader(parsed, 'auto-submitted')
  const described = [contentType, ...(autoSubmitted ? [`Auto-Submitted: ${autoSubmitted}`] : [])]

  return {
    providerEventId: mail.reportId,
    kind: 'ignored',
    bounceType: null,
    recipient: parsed.from?.value[0]?.address ?? null,
    contactMomentId: contactMomentFromMessageId(messageId),
    messageId,
    occurredAt: mailDate(parsed, request.now),
    diagnostic: `Not a delivery status report (${described.join('; ')}).`,
    payload: {
      reportMessageId: parsed.messageId ?? null,
      contentType,
      autoSubmitted,
      inReplyTo: parsed.inReplyTo ?? null,
    },
  }
}

function findPart(parsed: ParsedMail, contentTypes: string[]): Attachment | undefined {
  return parsed.attachments.find((part) => contentTypes.includes(part.contentType.toLowerCase()))
}

function requiredField(fields: FieldBlock, name: string, index: number): string {
  const value = fields.get(name)
  if (!value) {
    throw new WebhookPayloadError(
      `Recipient ${index + 1} of the delivery status report has no ${headerCase(name)} field.`,
    )
  }
  return value
}

/** `rfc822; alice@example.org` → `alice@example.org`; the address type is optional in practice. */
function addressOf(field: string): string | null {
  const address = field.includes(';') ? field.slice(field.indexOf(';') + 1) : field
  const bare = address.trim().replace(/^<(.*)>$/, '$1')
  return bare === '' ? null : bare
}

function mailDate(parsed: ParsedMail, fallback: Date): Date {
  return parsed.headers.has('date') && parsed.date ? parsed.date : fallback
}

function structuredHeader(parsed: ParsedMail, name: string): StructuredHeader | undefined {
  const value = parsed.headers.get(name)
  const isStructured = typeof value === 'object' && 'value' in value && 'params' in value
  return isStructured ? (value as StructuredHeader) : undefined
}

function textHeader(parsed: ParsedMail, name: string): string | null {
  const value = parsed.headers.get(name)
  return typeof value === 'string' ? value : null
}

function headerCase(name: string): string {
  return name.replace(
    /(^|-)([a-z])/g,
    (_, dash: string, letter: string) => dash + letter.toUpperCase(),
  )
}
