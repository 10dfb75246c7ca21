/** The access report (SPEC §9): one A4 PDF with everything held on a person, Dutch or English. */
import type { Language, LocalisedText } from '../../db/schema/index.ts'
import { localise } from '../optInTypes/localise.ts'
import {
  createReportDocument,
  drawHeading,
  drawPageNumbers,
  drawParagraph,
  drawTable,
  drawTitle,
  type ReportDocument,
  type TableColumn,
} from './accessReportTable.ts'
import { type ReportTexts, reportTexts } from './accessReportTexts.ts'
import type { PersonalData, PersonalFields } from './personalData.ts'

export interface AccessReportOptions {
  language: Language
  /** Times are shown as the organisation's staff and the person read a clock there. */
  timeZone?: string
}

export async function renderAccessReport(
  data: PersonalData,
  options: AccessReportOptions,
): Promise<Buffer> {
  const texts = reportTexts[options.language]
  const format = formatter(options.language, options.timeZone ?? 'Europe/Amsterdam')
  const doc = createReportDocument({ title: texts.title, language: options.language })
  const finished = collectOutput(doc)

  drawOpening(doc, data, texts, format)
  for (const section of sections) {
    const table = section(data, texts, format)
    drawSection(doc, table, texts)
  }
  drawPageNumbers(doc, texts.page)
  doc.end()

  return finished
}

function collectOutput(doc: ReportDocument): Promise<Buffer> {
  const chunks: Buffer[] = []
  doc.on('data', (chunk: Buffer) => chunks.push(chunk))

  return new Promise((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })
}

function drawOpening(doc: ReportDocument, data: PersonalData, texts: ReportTexts, format: Format) {
  drawTitle(doc, texts.title)
  drawParagraph(doc, `${texts.person}: ${fullName(data.person)}`, { bold: true })
  drawParagraph(doc, `${texts.organisation}: ${data.organisation ?? texts.empty}`)
  drawParagraph(doc, `${texts.generatedAt}: ${format.dateTime(data.generatedAt)}`)
  drawParagraph(doc, texts.intro(data.organisation))
}

function fullName(person: PersonalFields): string {
  const name = [person.firstName, person.infix, person.lastName].filter(Boolean).join(' ')
  return name || `#${person.id}`
}

interface SectionTable {
  title: string
  columns: TableColumn[]
  rows: string[][]
}

type Section = (data: PersonalData, texts: ReportTexts, format: Format) => SectionTable

function drawSection(doc: ReportDocument, table: SectionTable, texts: ReportTexts) {
  drawHeading(doc, table.title)

  if (table.rows.length === 0) {
    drawParagraph(doc, texts.none)
    return
  }
  drawTable(doc, table.columns, table.rows, `${table.title} ${texts.continued}`)
}

/** Builds table columns from [header, share] pairs; amounts and sizes align right. */
const columns = (...specs: [string, number, ('right' | undefined)?][]): TableColumn[] =>
  specs.map(([header, share, align]) => ({ header, share, ...(align ? { align } : {}) }))

const personSection: Section = ({ person }, texts, format) => ({
  title: texts.sections.person,
  columns: columns([texts.columns.field, 0.35], [texts.columns.value, 0.65]),
  rows: Object.entries(texts.fields).map(([field, label]) => [
    label,
    personValue(field as keyof PersonalFields, person, texts, format),
  ]),
})

function personValue(
  field: keyof PersonalFields,
  person: PersonalFields,
  texts: ReportTexts,
  format: Format,
): string {
  if (field === 'emailValidity') return texts.validities[person.emailValidity]
  if (field === 'language') return texts.languages[person.language]
  if (field === 'birthDate' || field === 'relationshipEndedOn') return format.date(person[field])
  if (field === 'createdAt' || field === 'anonymisedAt' || field === 'bouncesCountedFrom') {
    return format.dateTime(person[field])
  }

  const value = person[field]
  return typeof value === 'boolean' ? format.yesNo(value) : format.text(value)
}

const retentionSection: Section = ({ retention }, texts, format) => {
  const words = texts.retention
  const rows = [
    [words.relationshipEndedOn, format.date(retention.relationshipEndedOn)],
    [words.retentionDays, words.days(retention.personRetentionDays)],
    [
      words.anonymiseAfter,
      retention.anonymiseAfter ? format.date(retention.anonymiseAfter) : words.ongoing,
    ],
  ]
  if (retention.anonymisedAt)
    rows.push([words.anonymisedAt, format.dateTime(retention.anonymisedAt)])

  return {
    title: texts.sections.retention,
    columns: columns([texts.columns.field, 0.35], [texts.columns.value, 0.65]),
    rows,
  }
}

const effectiveConsentSection: Section = (data, texts, format) => ({
  title: texts.sections.effectiveConsent,
  columns: columns(
    [texts.columns.type, 0.18],
    [texts.columns.about, 0.34],
    [texts.columns.medium, 0.1],
    [texts.columns.kind, 0.08],
    [texts.columns.state, 0.14],
    [texts.columns.since, 0.16],
  ),
  rows: data.effectiveConsent.map((entry) => [
    format.localised(entry.typeLabel),
    format.localised(entry.typeDescription),
    texts.media[entry.medium],
    texts.kinds[entry.kind],
    entry.soft === null
      ? texts.state.noRecord
      : `${entry.optIn ? texts.state.optedIn : texts.state.optedOut}` +
        (entry.soft ? ` (${texts.kinds.soft})` : ''),
    format.dateTime(entry.decidedAt),
  ]),
})

const consentRecordsSection: Section = (data, texts, format) => ({
  title: texts.sections.consentRecords,
  columns: columns(
    [texts.columns.date, 0.15],
    [texts.columns.type, 0.16],
    [texts.columns.optInOut, 0.08],
    [texts.columns.channel, 0.17],
    [texts.columns.soft, 0.07],
    [texts.columns.labelText, 0.37],
  ),
  rows: data.consentRecords.map((record) => [
    format.dateTime(record.recordedAt),
    `${format.localised(record.typeLabel)} (${texts.media[record.medium]})`,
    record.optIn ? texts.optIn : texts.optOut,
    texts.channels[record.channel] + (record.mailingName ? ` (${record.mailingName})` : ''),
    format.yesNo(record.soft),
    record.description,
  ]),
})

const contactMomentsSection: Section = (data, texts, format) => ({
  title: texts.sections.contactMoments,
  columns: columns(
    [texts.columns.date, 0.2],
    [texts.columns.mailing, 0.35],
    [texts.columns.subject, 0.45],
  ),
  rows: data.contactMoments.map((moment) => [
    format.dateTime(moment.sentAt),
    moment.mailingName,
    moment.mailingSubject,
  ]),
})

const trackingEventsSection: Section = (data, texts, format) => ({
  title: texts.sections.trackingEvents,
  columns: columns(
    [texts.columns.date, 0.15],
    [texts.columns.event, 0.14],
    [texts.columns.mailing, 0.17],
    [texts.columns.link, 0.24],
    [texts.columns.device, 0.3],
  ),
  rows: data.trackingEvents.map((event) => [
    format.dateTime(event.occurredAt),
    texts.trackingKinds[event.kind] + (event.machine ? ` ${texts.machine}` : ''),
    event.mailingName,
    format.text(event.url),
    [event.ipAddress, event.userAgent].filter(Boolean).join(' — ') || texts.empty,
  ]),
})

const bounceEventsSection: Section = (data, texts, format) => ({
  title: texts.sections.bounceEvents,
  columns: columns(
    [texts.columns.date, 0.15],
    [texts.columns.event, 0.14],
    [texts.columns.address, 0.24],
    [texts.columns.mailing, 0.17],
    [texts.columns.message, 0.3],
  ),
  rows: data.bounceEvents.map((event) => [
    format.dateTime(event.occurredAt),
    texts.bounceKinds[event.kind] + (event.bounceType ? ` (${texts.kinds[event.bounceType]})` : ''),
    format.text(event.recipient),
    format.text(event.mailingName),
    format.text(event.diagnostic),
  ]),
})

const donationsSection: Section = (data, texts, format) => ({
  title: texts.sections.donations,
  columns: columns(
    [texts.columns.date, 0.14],
    [texts.columns.amount, 0.14, 'right'],
    [texts.columns.method, 0.2],
    [texts.columns.iban, 0.24],
    [texts.columns.campaign, 0.28],
  ),
  rows: data.donations.map((donation) => [
    format.date(donation.donatedOn),
    format.amount(donation.amountCents, donation.currency),
    texts.methods[donation.method],
    format.text(donation.iban),
    format.text(donation.campaign),
  ]),
})

const paymentsSection: Section = (data, texts, format) => ({
  title: texts.sections.payments,
  columns: columns(
    [texts.columns.date, 0.14],
    [texts.columns.amount, 0.14, 'right'],
    [texts.columns.method, 0.2],
    [texts.columns.iban, 0.24],
    [texts.columns.donation, 0.28],
  ),
  rows: data.payments.map((payment) => [
    format.date(payment.paidOn),
    format.amount(payment.amountCents, currencyOf(data, payment.donationId)),
    texts.methods[payment.method],
    format.text(payment.iban),
    donationLabel(data, payment.donationId, format),
  ]),
})

function currencyOf(data: PersonalData, donationId: number): string {
  return data.donations.find((donation) => donation.id === donationId)?.currency ?? 'EUR'
}

function donationLabel(data: PersonalData, donationId: number, format: Format): string {
  const donation = data.donations.find((candidate) => candidate.id === donationId)
  return donation ? `#${donation.id}, ${format.date(donation.donatedOn)}` : `#${donationId}`
}

const documentsSection: Section = (data, texts, format) => ({
  title: texts.sections.documents,
  columns: columns(
    [texts.columns.date, 0.15],
    [texts.columns.kind, 0.16],
    [texts.columns.title, 0.33],
    [texts.columns.fileName, 0.24],
    [texts.columns.size, 0.12, 'right'],
  ),
  rows: data.documents.map((document) => [
    format.dateTime(document.createdAt),
    texts.documentKinds[document.kind],
    document.title,
    document.fileName,
    format.size(document.sizeBytes),
  ]),
})

const outboxMailsSection: Section = (data, texts, format) => ({
  title: texts.sections.outboxMails,
  columns: columns(
    [texts.columns.date, 0.15],
    [texts.columns.purpose, 0.15],
    [texts.columns.subject, 0.33],
    [texts.columns.address, 0.24],
    [texts.columns.status, 0.13],
  ),
  rows: data.outboxMails.map((mail) => [
    format.dateTime(mail.sentAt ?? mail.createdAt),
    mail.purpose,
    mail.subject,
    mail.recipient,
    texts.outboxStatuses[mail.status],
  ]),
})

const signUpRequestsSection: Section = (data, texts, format) => ({
  title: texts.sections.signUpRequests,
  columns: columns(
    [texts.columns.date, 0.15],
    [texts.columns.site, 0.17],
    [texts.columns.address, 0.22],
    [texts.columns.choices, 0.31],
    [texts.columns.confirmed, 0.15],
  ),
  rows: data.signUpRequests.map((request) => [
    format.dateTime(request.createdAt),
    request.siteName,
    request.email,
    request.choices.map((choice) => choice.labelText).join('; ') || texts.empty,
    request.confirmedAt ? format.dateTime(request.confirmedAt) : texts.no,
  ]),
})

const auditEntriesSection: Section = (data, texts, format) => ({
  title: texts.sections.auditEntries,
  columns: columns(
    [texts.columns.date, 0.17],
    [texts.columns.action, 0.25],
    [texts.columns.details, 0.58],
  ),
  rows: data.auditEntries.map((entry) => [
    format.dateTime(entry.at),
    entry.action,
    Object.keys(entry.details).length ? JSON.stringify(entry.details) : texts.empty,
  ]),
})

/** In the order of SPEC §9's list: who the person is, what they agreed to, what happened. */
const sections: Section[] = [
  personSection,
  retentionSection,
  effectiveConsentSection,
  consentRecordsSection,
  contactMomentsSection,
  trackingEventsSection,
  bounceEventsSection,
  donationsSection,
  paymentsSection,
  documentsSection,
  outboxMailsSection,
  signUpRequestsSection,
  auditEntriesSection,
]

type Format = ReturnType<typeof formatter>

function formatter(language: Language, timeZone: string) {
  const texts = reportTexts[language]
  const dateTimes = new Intl.DateTimeFormat(texts.locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  })
  // Calendar dates have no time of day, so no time zone may shift them.
  const dates = new Intl.DateTimeFormat(texts.locale, { dateStyle: 'medium', timeZone: 'UTC' })

  return {
    dateTime: (iso: string | null) => (iso ? dateTimes.format(new Date(iso)) : texts.empty),
    date: (day: string | null) => (day ? dates.format(new Date(`${day}T00:00:00Z`)) : texts.empty),
    amount: (cents: number, currency: string) =>
      new Intl.NumberFormat(texts.locale, { style: 'currency', currency }).format(cents / 100),
    size: (bytes: number) =>
      bytes < 1024
        ? new Intl.NumberFormat(texts.locale, { style: 'unit', unit: 'byte' }).format(bytes)
        : new Intl.NumberFormat(texts.locale, {
            style: 'unit',
            unit: 'kilobyte',
            maximumFractionDigits: 1,
          }).format(bytes / 1024),
    yesNo: (value: boolean) => (value ? texts.yes : texts.no),
    text: (value: string | number | null) =>
      value === null || value === '' ? texts.empty : String(value),
    localised: (text: LocalisedText) => localise(text, language),
  }
}
