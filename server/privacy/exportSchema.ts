/**
 * JSON Schema (draft 2020-12) of the portability export, served beside it so integrators can
 * validate what they receive. It mirrors the PersonalData type and allows no other fields.
 */
import {
  consentChannels,
  documentKinds,
  emailValidities,
  languages,
  mediaChannels,
  optInKinds,
  outboxStatuses,
  paymentMethods,
  trackingKinds,
} from '../../db/schema/index.ts'

type JsonSchema = Record<string, unknown>

const text = (description?: string): JsonSchema => ({
  type: 'string',
  ...(description ? { description } : {}),
})
const integer = (description?: string): JsonSchema => ({
  type: 'integer',
  ...(description ? { description } : {}),
})
const boolean: JsonSchema = { type: 'boolean' }
const dateTime: JsonSchema = { type: 'string', format: 'date-time' }
const date: JsonSchema = { type: 'string', format: 'date' }
const oneOf = (values: readonly string[]): JsonSchema => ({ type: 'string', enum: [...values] })

/** The same schema, or JSON null where the data can be missing. */
function nullable(schema: JsonSchema): JsonSchema {
  if (Array.isArray(schema.enum))
    return { ...schema, type: ['string', 'null'], enum: [...schema.enum, null] }
  return { ...schema, type: [schema.type, 'null'] }
}

/** An object with exactly these fields, all present (null where the data is missing). */
function record(properties: Record<string, JsonSchema>, description?: string): JsonSchema {
  return {
    type: 'object',
    ...(description ? { description } : {}),
    additionalProperties: false,
    required: Object.keys(properties),
    properties,
  }
}

const list = (items: JsonSchema, description: string): JsonSchema => ({
  type: 'array',
  description,
  items,
})

const localisedText: JsonSchema = {
  type: 'object',
  description: 'A text per interface language; Dutch is always present.',
  additionalProperties: false,
  required: ['nl'],
  properties: { nl: text(), en: text() },
}

const typeTexts = {
  optInType: text('The opt-in type key, e.g. "nieuwsbrief".'),
  typeLabel: localisedText,
  typeDescription: localisedText,
  medium: { ...oneOf(mediaChannels), description: 'What the messages travel through.' },
}

const person = record(
  {
    id: integer(),
    firstName: nullable(text()),
    infix: nullable(text()),
    lastName: nullable(text()),
    street: nullable(text()),
    houseNumber: nullable(text()),
    postalCode: nullable(text()),
    city: nullable(text()),
    country: nullable(text('ISO 3166-1 alpha-2 code.')),
    email: nullable(text()),
    emailValidity: oneOf(emailValidities),
    phone: nullable(text()),
    mobilePhone: nullable(text()),
    iban: nullable(text()),
    bsn: nullable(text('Dutch citizen service number.')),
    birthDate: nullable(date),
    language: oneOf(languages),
    deceased: boolean,
    bouncer: boolean,
    consecutiveBounces: integer(),
    bouncesCountedFrom: nullable(dateTime),
    mailable: boolean,
    anonymised: boolean,
    anonymisedAt: nullable(dateTime),
    createdAt: dateTime,
    relationshipEndedOn: nullable(date),
  },
  'The personal fields.',
)

const retention = record(
  {
    relationshipEndedOn: nullable(date),
    personRetentionDays: integer('Days the person is kept after the relationship ended.'),
    anonymiseAfter: nullable({ ...date, description: 'Null while the relationship lasts.' }),
    anonymisedAt: nullable(dateTime),
  },
  'When the person will be, or was, anonymised.',
)

const effectiveConsent = record({
  ...typeTexts,
  kind: oneOf(optInKinds),
  active: boolean,
  optIn: boolean,
  soft: nullable({ ...boolean, description: 'Null when there is no record for the type.' }),
  decidedAt: nullable(dateTime),
  decidingRecordId: nullable(integer()),
})

const consentRecord = record({
  id: integer(),
  recordedAt: dateTime,
  ...typeTexts,
  channel: { ...oneOf(consentChannels), description: 'How the consent was given.' },
  optIn: boolean,
  soft: boolean,
  description: text('The label text the person saw, or the reason an operator gave.'),
  contactMomentId: nullable(integer()),
  mailingName: nullable(text()),
  recordedByApiKeyId: nullable(integer()),
})

const contactMoment = record({
  id: integer(),
  mailingId: integer(),
  mailingName: text(),
  mailingSubject: text(),
  sentAt: dateTime,
})

const trackingEvent = record({
  id: integer(),
  occurredAt: dateTime,
  kind: oneOf(trackingKinds),
  mailingName: text(),
  contactMomentId: integer(),
  url: nullable(text()),
  machine: boolean,
  machineReason: nullable(text()),
  ipAddress: nullable(text()),
  userAgent: nullable(text()),
})

const bounceEvent = record({
  id: integer(),
  occurredAt: dateTime,
  receivedAt: dateTime,
  provider: text(),
  kind: oneOf(['bounce', 'delivery', 'complaint', 'ignored']),
  bounceType: nullable(oneOf(['hard', 'soft'])),
  recipient: nullable(text()),
  diagnostic: nullable(text()),
  contactMomentId: nullable(integer()),
  mailingName: nullable(text()),
})

const donation = record({
  id: integer(),
  amountCents: integer('The amount in cents.'),
  currency: text('ISO 4217 code, e.g. EUR.'),
  donatedOn: date,
  method: oneOf(paymentMethods),
  iban: nullable(text()),
  campaign: nullable(text()),
})

const payment = record({
  id: integer(),
  donationId: integer(),
  amountCents: integer('The amount in cents, in the currency of the donation.'),
  paidOn: date,
  method: oneOf(paymentMethods),
  iban: nullable(text()),
})

const document = record({
  id: integer(),
  kind: oneOf(documentKinds),
  title: text(),
  fileName: text(),
  contentType: text(),
  sizeBytes: integer(),
  createdAt: dateTime,
  contentBase64: { ...text('The file itself.'), contentEncoding: 'base64' },
})

const outboxMail = record({
  id: integer(),
  purpose: text(),
  recipient: text(),
  subject: text(),
  status: oneOf(outboxStatuses),
  error: nullable(text()),
  createdAt: dateTime,
  sentAt: nullable(dateTime),
})

const signUpRequest = record({
  id: integer(),
  siteName: text(),
  email: text(),
  language: oneOf(languages),
  channel: oneOf(consentChannels),
  choices: list(
    record({ optInTypeId: integer(), labelText: text('The label the visitor ticked.') }),
    'The types chosen, with the label text shown.',
  ),
  createdAt: dateTime,
  expiresAt: dateTime,
  confirmedAt: nullable(dateTime),
})

const auditEntry = record({
  id: integer(),
  at: dateTime,
  action: text(),
  details: { type: 'object', description: 'Field names and flags; no personal values.' },
  apiKeyId: nullable(integer('The operator key that acted; null when the system did.')),
})

export const personalDataSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: 'urn:smp:personal-data-export:1',
  title: 'Personal data export',
  description:
    'Everything the preference centre holds on one person (GDPR access and portability). ' +
    'Times are ISO 8601 in UTC, dates YYYY-MM-DD, amounts in cents; lists run oldest first.',
  ...record({
    formatVersion: { const: 1, description: 'Raised on incompatible changes.' },
    generatedAt: dateTime,
    organisation: nullable(text('The organisation holding the data.')),
    person,
    retention,
    effectiveConsent: list(effectiveConsent, 'The current consent per opt-in type.'),
    consentRecords: list(consentRecord, 'The consent ledger: every opt-in and opt-out.'),
    contactMoments: list(contactMoment, 'Mailings sent to the person.'),
    trackingEvents: list(trackingEvent, 'Opens and clicks kept with consent to profiling.'),
    bounceEvents: list(bounceEvent, 'Delivery reports, without the provider payload.'),
    donations: list(donation, 'Donations.'),
    payments: list(payment, 'Payments towards the donations.'),
    documents: list(document, 'Donation deeds, agreements and other documents.'),
    outboxMails: list(outboxMail, 'Mails the platform sent to the person.'),
    signUpRequests: list(signUpRequest, 'Sign-ups with double opt-in.'),
    auditEntries: list(auditEntry, 'Changes staff made about the person.'),
  }),
} as const
