/**
 * Everything the platform holds on one person (SPEC §9), gathered into one structure that
 * the access report, the JSON export and the CSV export all present.
 */
import { and, asc, eq, isNull, or, sql, type SQL } from 'drizzle-orm'
import type { PgColumn } from 'drizzle-orm/pg-core'
import type { Database, Executor } from '../../db/client.ts'
import {
  auditLog,
  bounceEvents,
  type ConsentChannel,
  consentRecords,
  contactMoments,
  type DocumentKind,
  documents,
  donations,
  type Language,
  type LocalisedText,
  mailings,
  type MediaChannel,
  type OptInKind,
  optInTypes,
  outboxMails,
  type OutboxStatus,
  type PaymentMethod,
  payments,
  type Person,
  sites,
  signUpRequests,
  type TrackingKind,
  trackingEvents,
} from '../../db/schema/index.ts'
import type { Clock } from '../clock.ts'
import { typesWithStateOf } from '../consent/typesWithState.ts'
import { isMailable } from '../persons/mailable.ts'
import { getPerson } from '../persons/repository.ts'
import { findDefaultSite } from '../sites/repository.ts'

/** Five years and a leap day: the advised retention after the relationship ended (SPEC §6). */
export const defaultPersonRetentionDays = 1826

/** The person's own fields, with times as ISO 8601 strings and dates as YYYY-MM-DD. */
export type PersonalFields = Omit<Person, 'createdAt' | 'anonymisedAt' | 'bouncesCountedFrom'> & {
  mailable: boolean
  createdAt: string
  anonymisedAt: string | null
  bouncesCountedFrom: string | null
}

export interface RetentionDates {
  relationshipEndedOn: string | null
  personRetentionDays: number
  /** The day after which the person is anonymised; null while the relationship lasts. */
  anonymiseAfter: string | null
  anonymisedAt: string | null
}

/** What the opt-in type said when the report was made, in every language it has. */
interface TypeTexts {
  optInType: string
  typeLabel: LocalisedText
  typeDescription: LocalisedText
  /** The medium the type's messages travel through: email, post, phone, sms. */
  medium: MediaChannel
}

export interface EffectiveConsentEntry extends TypeTexts {
  kind: OptInKind
  active: boolean
  optIn: boolean
  /** Null when the person has no record at all for the type, which means no consent. */
  soft: boolean | null
  decidedAt: string | null
  decidingRecordId: number | null
}

export interface ConsentRecordEntry extends TypeTexts {
  id: number
  recordedAt: string
  /** How the consent was given or withdrawn (SPEC §2). */
  channel: ConsentChannel
  optIn: boolean
  soft: boolean
  /** The label text the person saw, or the operator's reason for a manual entry. */
  description: string
  contactMomentId: number | null
  mailingName: string | null
  recordedByApiKeyId: number | null
}

export interface ContactMomentEntry {
  id: number
  mailingId: number
  mailingName: string
  mailingSubject: string
  sentAt: string
}

export interface TrackingEventEntry {
  id: number
  occurredAt: string
  kind: TrackingKind
  mailingName: string
  contactMomentId: number
  url: string | null
  machine: boolean
  machineReason: string | null
  ipAddress: string | null
  userAgent: string | null
}

/** A delivery event without the provider's raw payload, which only repeats these fields. */
export interface BounceEventEntry {
  id: number
  occurredAt: string
  receivedAt: string
  provider: string
  kind: 'bounce' | 'delivery' | 'complaint' | 'ignored'
  bounceType: 'hard' | 'soft' | null
  recipient: string | null
  diagnostic: string | null
  contactMomentId: number | null
  mailingName: string | null
}

export interface DonationEntry {
  id: number
  amountCents: number
  currency: string
  donatedOn: string
  method: PaymentMethod
  iban: string | null
  campaign: string | null
}

export interface PaymentEntry {
  id: number
  donationId: number
  amountCents: number
  paidOn: string
  method: PaymentMethod
  iban: string | null
}

export interface DocumentEntry {
  id: number
  kind: DocumentKind
  title: string
  fileName: string
  contentType: string
  sizeBytes: number
  createdAt: string
  /** The file itself; only present when asked for, as in the JSON export. */
  contentBase64?: string
}

/** A mail sent to the person; the body is left out because its signed links still work. */
export interface OutboxMailEntry {
  id: number
  purpose: string
  recipient: string
  subject: string
  status: OutboxStatus
  error: string | null
  createdAt: string
  sentAt: string | null
}

export interface SignUpRequestEntry {
  id: number
  siteName: string
  email: string
  language: Language
  channel: ConsentChannel
  choices: { optInTypeId: number; labelText: string }[]
  createdAt: string
  expiresAt: string
  confirmedAt: string | null
}

export interface AuditEntryEntry {
  id: number
  at: string
  action: string
  /** Field names and flags only: the audit trail holds no personal values. */
  details: Record<string, unknown>
  apiKeyId: number | null
}

/** Every section of the access report and the exports, oldest entries first. */
export interface PersonalData {
  /** Raised when the layout changes incompatibly, so integrators can tell versions apart. */
  formatVersion: 1
  generatedAt: string
  /** The organisation holding the data: the name of its first registered site, if any. */
  organisation: string | null
  person: PersonalFields
  retention: RetentionDates
  effectiveConsent: EffectiveConsentEntry[]
  consentRecords: ConsentRecordEntry[]
  contactMoments: ContactMomentEntry[]
  trackingEvents: TrackingEventEntry[]
  bounceEvents: BounceEventEntry[]
  donations: DonationEntry[]
  payments: PaymentEntry[]
  documents: DocumentEntry[]
  outboxMails: OutboxMailEntry[]
  signUpRequests: SignUpRequestEntry[]
  auditEntries: AuditEntryEntry[]
}

export interface CollectOptions {
  clock: Clock
  personRetentionDays?: number
  /** Adds each document's file as base64; the PDF lists documents without them. */
  withDocumentContents?: boolean
}

/**
 * Reads all sections in one read-only snapshot, so the sections agree with each other.
 * Throws PersonNotFoundError for an unknown id.
 */
export async function collectPersonalData(
  db: Database,
  personId: number,
  options: CollectOptions,
): Promise<PersonalData> {
  const retentionDays = options.personRetentionDays ?? defaultPersonRetentionDays

  return db.transaction(
    async (tx) => {
      const person = await getPerson(tx, personId)
      const linked = linkedTo(person)

      return {
        formatVersion: 1 as const,
        generatedAt: options.clock().toISOString(),
        organisation: await organisationName(tx),
        person: personalFields(person),
        retention: retentionDates(person, retentionDays),
        effectiveConsent: await effectiveConsent(tx, personId),
        consentRecords: await consentLedger(tx, personId),
        contactMoments: await contactMomentsOf(tx, personId),
        trackingEvents: await trackingEventsOf(tx, personId),
        bounceEvents: await bounceEventsOf(tx, linked),
        donations: await donationsOf(tx, personId),
        payments: await paymentsOf(tx, personId),
        documents: await documentsOf(tx, personId, options.withDocumentContents ?? false),
        outboxMails: await outboxMailsOf(tx, linked),
        signUpRequests: await signUpRequestsOf(tx, linked),
        auditEntries: await auditEntriesOf(tx, personId),
      }
    },
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  )
}

/**
 * Rows that name the person: linked by id, or not linked to anyone yet but sent to or
 * entered with the person's email address (an unconfirmed sign-up, an unmatched bounce).
 */
function linkedTo(person: Person) {
  return (personColumn: PgColumn, emailColumn: PgColumn): SQL | undefined => {
    const byEmail = person.email
      ? and(isNull(personColumn), sql`lower(${emailColumn}) = lower(${person.email})`)
      : undefined

    return or(eq(personColumn, person.id), byEmail)
  }
}

type LinkedTo = ReturnType<typeof linkedTo>

const iso = (value: Date | null) => value?.toISOString() ?? null

function personalFields(person: Person): PersonalFields {
  return {
    ...person,
    mailable: isMailable(person),
    createdAt: person.createdAt.toISOString(),
    anonymisedAt: iso(person.anonymisedAt),
    bouncesCountedFrom: iso(person.bouncesCountedFrom),
  }
}

function retentionDates(person: Person, personRetentionDays: number): RetentionDates {
  const ended = person.relationshipEndedOn

  return {
    relationshipEndedOn: ended,
    personRetentionDays,
    anonymiseAfter: ended ? addDays(ended, personRetentionDays) : null,
    anonymisedAt: iso(person.anonymisedAt),
  }
}

function addDays(date: string, days: number): string {
  const day = new Date(`${date}T00:00:00Z`)
  day.setUTCDate(day.getUTCDate() + days)
  return day.toISOString().slice(0, 10)
}

/** One installation serves one organisation; its first site carries the organisation's name. */
async function organisationName(db: Executor): Promise<string | null> {
  return (await findDefaultSite(db))?.name ?? null
}

/** Types the person holds a state for, and every active type (where the answer is "no"). */
async function effectiveConsent(db: Executor, personId: number) {
  const rows = await typesWithStateOf(db, personId, { activeOnly: false })

  return rows
    .filter(({ type, state }) => type.active || state)
    .map(({ type, state }): EffectiveConsentEntry => ({
      optInType: type.key,
      typeLabel: type.labels,
      typeDescription: type.descriptions,
      medium: type.channel,
      kind: type.kind,
      active: type.active,
      optIn: state?.optIn ?? false,
      soft: state?.soft ?? null,
      decidedAt: iso(state?.decidedAt ?? null),
      decidingRecordId: state?.decidingRecordId ?? null,
    }))
}

async function consentLedger(db: Executor, personId: number): Promise<ConsentRecordEntry[]> {
  const rows = await db
    .select({ record: consentRecords, type: optInTypes, mailingName: mailings.name })
    .from(consentRecords)
    .innerJoin(optInTypes, eq(optInTypes.id, consentRecords.optInTypeId))
    .leftJoin(contactMoments, eq(contactMoments.id, consentRecords.contactMomentId))
    .leftJoin(mailings, eq(mailings.id, contactMoments.mailingId))
    .where(eq(consentRecords.personId, personId))
    .orderBy(asc(consentRecords.id))

  return rows.map(({ record, type, mailingName }) => ({
    id: record.id,
    recordedAt: record.recordedAt.toISOString(),
    optInType: type.key,
    typeLabel: type.labels,
    typeDescription: type.descriptions,
    medium: type.channel,
    channel: record.channel,
    optIn: record.optIn,
    soft: record.soft,
    description: record.description,
    contactMomentId: record.contactMomentId,
    mailingName,
    recordedByApiKeyId: record.recordedByApiKeyId,
  }))
}

async function contactMomentsOf(db: Executor, personId: number): Promise<ContactMomentEntry[]> {
  const rows = await db
    .select({ moment: contactMoments, mailing: mailings })
    .from(contactMoments)
    .innerJoin(mailings, eq(mailings.id, contactMoments.mailingId))
    .where(eq(contactMoments.personId, personId))
    .orderBy(asc(contactMoments.id))

  return rows.map(({ moment, mailing }) => ({
    id: moment.id,
    mailingId: mailing.id,
    mailingName: mailing.name,
    mailingSubject: mailing.subject,
    sentAt: moment.sentAt.toISOString(),
  }))
}

async function trackingEventsOf(db: Executor, personId: number): Promise<TrackingEventEntry[]> {
  const rows = await db
    .select({ event: trackingEvents, mailingName: mailings.name })
    .from(trackingEvents)
    .innerJoin(mailings, eq(mailings.id, trackingEvents.mailingId))
    .where(eq(trackingEvents.personId, personId))
    .orderBy(asc(trackingEvents.id))

  return rows.map(({ event, mailingName }) => ({
    id: event.id,
    occurredAt: event.occurredAt.toISOString(),
    kind: event.kind,
    mailingName,
    contactMomentId: event.contactMomentId,
    url: event.url,
    machine: event.machine,
    machineReason: event.machineReason,
    ipAddress: event.ipAddress,
    userAgent: event.userAgent,
  }))
}

async function bounceEventsOf(db: Executor, linked: LinkedTo): Promise<BounceEventEntry[]> {
  const rows = await db
    .select({ event: bounceEvents, mailingName: mailings.name })
    .from(bounceEvents)
    .leftJoin(contactMoments, eq(contactMoments.id, bounceEvents.contactMomentId))
    .leftJoin(mailings, eq(mailings.id, contactMoments.mailingId))
    .where(linked(bounceEvents.personId, bounceEvents.recipient))
    .orderBy(asc(bounceEvents.id))

  return rows.map(({ event, mailingName }) => ({
    id: event.id,
    occurredAt: event.occurredAt.toISOString(),
    receivedAt: event.receivedAt.toISOString(),
    provider: event.provider,
    kind: event.kind,
    bounceType: event.bounceType,
    recipient: event.recipient,
    diagnostic: event.diagnostic,
    contactMomentId: event.contactMomentId,
    mailingName,
  }))
}

async function donationsOf(db: Executor, personId: number): Promise<DonationEntry[]> {
  const rows = await db
    .select()
    .from(donations)
    .where(eq(donations.personId, personId))
    .orderBy(asc(donations.donatedOn), asc(donations.id))

  return rows.map(({ personId: _person, ...donation }) => donation)
}

async function paymentsOf(db: Executor, personId: number): Promise<PaymentEntry[]> {
  const rows = await db
    .select()
    .from(payments)
    .where(eq(payments.personId, personId))
    .orderBy(asc(payments.paidOn), asc(payments.id))

  return rows.map(({ personId: _person, ...payment }) => payment)
}

async function documentsOf(
  db: Executor,
  personId: number,
  withContents: boolean,
): Promise<DocumentEntry[]> {
  const rows = await db
    .select({
      id: documents.id,
      kind: documents.kind,
      title: documents.title,
      fileName: documents.fileName,
      contentType: documents.contentType,
      sizeBytes: sql<number>`octet_length(${documents.content})`.mapWith(Number),
      createdAt: documents.createdAt,
      // Contents stay in the database unless the caller will hand them out.
      content: withContents ? documents.content : sql<null>`null`,
    })
    .from(documents)
    .where(eq(documents.personId, personId))
    .orderBy(asc(documents.id))

  return rows.map(({ content, createdAt, ...document }) => ({
    ...document,
    createdAt: createdAt.toISOString(),
    ...(content ? { contentBase64: Buffer.from(content).toString('base64') } : {}),
  }))
}

async function outboxMailsOf(db: Executor, linked: LinkedTo): Promise<OutboxMailEntry[]> {
  const rows = await db
    .select({
      id: outboxMails.id,
      purpose: outboxMails.purpose,
      recipient: outboxMails.recipient,
      subject: outboxMails.subject,
      status: outboxMails.status,
      error: outboxMails.error,
      createdAt: outboxMails.createdAt,
      sentAt: outboxMails.sentAt,
    })
    .from(outboxMails)
    .where(linked(outboxMails.personId, outboxMails.recipient))
    .orderBy(asc(outboxMails.id))

  return rows.map((mail) => ({
    ...mail,
    createdAt: mail.createdAt.toISOString(),
    sentAt: iso(mail.sentAt),
  }))
}

async function signUpRequestsOf(db: Executor, linked: LinkedTo): Promise<SignUpRequestEntry[]> {
  const rows = await db
    .select({ request: signUpRequests, siteName: sites.name })
    .from(signUpRequests)
    .innerJoin(sites, eq(sites.id, signUpRequests.siteId))
    .where(linked(signUpRequests.personId, signUpRequests.email))
    .orderBy(asc(signUpRequests.id))

  // The token hash is left out: it identifies the confirmation link, not the person.
  return rows.map(({ request, siteName }) => ({
    id: request.id,
    siteName,
    email: request.email,
    language: request.language,
    channel: request.channel,
    choices: request.choices,
    createdAt: request.createdAt.toISOString(),
    expiresAt: request.expiresAt.toISOString(),
    confirmedAt: iso(request.confirmedAt),
  }))
}

async function auditEntriesOf(db: Executor, personId: number): Promise<AuditEntryEntry[]> {
  const rows = await db
    .select()
    .from(auditLog)
    .where(eq(auditLog.personId, personId))
    .orderBy(asc(auditLog.id))

  return rows.map((entry) => ({
    id: entry.id,
    at: entry.at.toISOString(),
    action: entry.action,
    details: entry.details,
    apiKeyId: entry.apiKeyId,
  }))
}
