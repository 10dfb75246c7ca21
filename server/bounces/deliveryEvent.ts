/**
 * A delivery event as every provider adapter reports it: what happened to one mail for one
 * recipient, with what the adapter could find to link it to its contact moment and person.
 */
export type DeliveryEventKind =
  /** The mail could not be delivered; `bounceType` says whether for good. */
  | 'bounce'
  | 'delivery'
  /** The recipient marked the mail as spam. */
  | 'complaint'
  /** Auto-replies, challenge-response mails, delays and other non-bounces: kept, not counted. */
  | 'ignored'

export type BounceType = 'hard' | 'soft'

export interface DeliveryEvent {
  /** The provider's own id for this event; the same id delivered again counts once. */
  providerEventId: string
  kind: DeliveryEventKind
  /** Set for bounces: hard for permanent failures (5.x.x), soft for transient ones (4.x.x). */
  bounceType: BounceType | null
  /** The address the mail was sent to, as the provider reports it. */
  recipient: string | null
  /** From the metadata or headers our mailing issued (X-SMP-Contact-Moment, custom args). */
  contactMomentId: number | null
  /** The Message-ID of the original mail, which carries the contact moment when we issued it. */
  messageId: string | null
  occurredAt: Date
  /** The provider's reason, e.g. an SMTP status and diagnostic; no message bodies. */
  diagnostic: string | null
  /** The provider's event object, kept for the bounce log (personal data: anonymised later). */
  payload: unknown
}

/** The header and metadata name by which mail systems pass the contact moment back to us. */
export const contactMomentHeader = 'X-SMP-Contact-Moment'
export const contactMomentMetadataKey = 'smp_contact_moment'

/** Message-IDs this server issues for recipients: `<cm.{contactMomentId}@{host}>`. */
export function contactMomentFromMessageId(messageId: string | null | undefined): number | null {
  const match = /<?cm\.([1-9][0-9]{0,14})@[^>\s]+>?/.exec(messageId ?? '')
  return match ? Number(match[1]) : null
}

/** A contact moment id from metadata, which providers pass as a string or a number. */
export function contactMomentFromMetadata(value: unknown): number | null {
  const text = Array.isArray(value) ? value[0] : value
  if (typeof text !== 'string' && typeof text !== 'number') return null
  return /^[1-9][0-9]{0,14}$/.test(String(text)) ? Number(text) : null
}

/** SMTP enhanced status classes (RFC 3463): 5.x.x is permanent, 4.x.x transient. */
export function bounceTypeOfStatus(status: string | null | undefined): BounceType | null {
  const match = /\b([45])\.\d{1,3}\.\d{1,3}\b/.exec(status ?? '')
  if (!match) return null
  return match[1] === '5' ? 'hard' : 'soft'
}
