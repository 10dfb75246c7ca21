import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { eq } from 'drizzle-orm'
import {
  bounceEvents,
  contactMoments,
  outboxMails,
  signUpRequests,
  trackingEvents,
} from '../../db/schema/index.ts'
import { recordConsents } from '../../server/consent/recordConsent.ts'
import { findOptInTypeByKey } from '../../server/optInTypes/repository.ts'
import { findDefaultSite } from '../../server/sites/repository.ts'
import { parseCsv } from '../support/csvParse.ts'
import { schemaViolations } from '../support/jsonSchemaCheck.ts'
import { pdfText, type PdfTextItem } from '../support/pdfText.ts'
import { expectProblem } from '../support/problems.ts'
import { startTestServer, type TestServer } from '../support/testServer.ts'

let server: TestServer
let fennaId: number
const fennaEmail = 'fenna.brouwersma@example.org'
const providerSecret = 'payload-only-f81c2e'

beforeAll(async () => {
  server = await startTestServer()
  fennaId = server.demo!.personId
  await addActivityForFenna()
})

afterAll(() => server.close())

/** The demo has no opens, bounces, mails or sign-ups; the report must show those too. */
async function addActivityForFenna() {
  const { db } = server.connection
  const now = new Date('2026-02-01T10:00:00Z')
  const site = await findDefaultSite(db)
  const [moment] = await db
    .select()
    .from(contactMoments)
    .where(eq(contactMoments.id, server.demo!.contactMomentId))

  await db.insert(trackingEvents).values({
    mailingId: moment!.mailingId,
    contactMomentId: moment!.id,
    personId: fennaId,
    kind: 'click',
    url: 'https://example.org/bomenplan',
    machine: false,
    ipAddress: '192.0.2.44',
    userAgent: 'Mozilla/5.0 (Testbrowser)',
    occurredAt: now,
  })
  await db.insert(bounceEvents).values({
    provider: 'generic',
    providerEventId: 'evt-1',
    kind: 'bounce',
    bounceType: 'soft',
    recipient: fennaEmail,
    personId: fennaId,
    matched: true,
    diagnostic: '452 mailbox full',
    payload: { raw: providerSecret },
    occurredAt: now,
    receivedAt: now,
  })
  await db.insert(outboxMails).values({
    purpose: 'sign-up-confirmation',
    personId: null,
    recipient: fennaEmail,
    subject: 'Bevestig uw aanmelding',
    text: 'Klik op de link.',
    html: '<p>Klik op de link.</p>',
    status: 'stored',
    createdAt: now,
  })
  await db.insert(signUpRequests).values({
    siteId: site!.id,
    email: fennaEmail,
    language: 'nl',
    channel: 'preference_centre',
    choices: [{ optInTypeId: 1, labelText: 'Ja, stuur mij de Vrienden-nieuwsbrief' }],
    tokenHash: 'not-a-real-hash',
    createdAt: now,
    expiresAt: new Date('2026-02-08T10:00:00Z'),
  })
}

async function createPerson(fields: Record<string, unknown>): Promise<number> {
  const response = await server.api('/api/v1/persons', { method: 'POST', json: fields })
  expect(response.status).toBe(201)
  return ((await response.json()) as { id: number }).id
}

async function accessReport(personId: number, query = '') {
  const response = await server.api(`/api/v1/persons/${personId}/personal-data.pdf${query}`)
  expect(response.status).toBe(200)
  return pdfText(new Uint8Array(await response.arrayBuffer()))
}

async function jsonExport(personId: number) {
  const response = await server.api(`/api/v1/persons/${personId}/personal-data.json`)
  expect(response.status).toBe(200)
  return (await response.json()) as Record<string, unknown> & {
    retention: { relationshipEndedOn: string; personRetentionDays: number; anonymiseAfter: string }
    documents: { fileName: string; contentBase64: string }[]
    bounceEvents: Record<string, unknown>[]
  }
}

async function csvExport(personId: number) {
  const response = await server.api(`/api/v1/persons/${personId}/personal-data.csv`)
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/)
  return parseCsv(await response.text())
}

async function exportSchema() {
  const response = await server.api('/api/v1/persons/personal-data.schema.json')
  expect(response.status).toBe(200)
  return (await response.json()) as Record<string, unknown> & { required: string[] }
}

/** The value of one field in the CSV's long layout, for the given section and record. */
function csvValue(rows: string[][], section: string, record: number, field: string) {
  return rows.find(
    (row) => row[0] === section && row[1] === String(record) && row[2] === field,
  )?.[3]
}

describe('the personal data export', () => {
  describe('access report (PDF)', () => {
    it('answers an A4 PDF download that no cache may keep', async () => {
      const response = await server.api(`/api/v1/persons/${fennaId}/personal-data.pdf`)

      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toBe('application/pdf')
      expect(response.headers.get('content-disposition')).toBe(
        `attachment; filename="personal-data-${fennaId}.pdf"`,
      )
      expect(response.headers.get('cache-control')).toBe('no-store')
      const bytes = Buffer.from(await response.arrayBuffer())
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
      expect(bytes.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/)
    })

    it("shows the person's name, email address, IBAN and every donation amount", async () => {
      const { text } = await accessReport(fennaId)

      expect(text).toContain('Fenna Brouwersma')
      expect(text).toContain(fennaEmail)
      expect(text).toContain('NL91ABNA0417164300')
      expect(text).toContain('€ 25,00')
      expect(text).toContain('€ 50,00')
      expect(text).toContain('Schenkingsakte periodieke gift 2025-2029')
    })

    it('shows the label texts of the consent ledger and the channels they came through', async () => {
      const { text } = await accessReport(fennaId)

      expect(text).toContain('Ja, ik wil de nieuwsbrief ontvangen')
      expect(text).toContain('Servicemail voor iedereen met een relatie')
      expect(text).toContain('Webformulier')
      expect(text).toContain('Automatisch')
      expect(text).toContain('Maandelijks nieuws over onze projecten.')
    })

    it('shows contact moments, clicks, bounces, mails and sign-ups', async () => {
      const { text } = await accessReport(fennaId)

      expect(text).toContain('Nieuwsbrief december')
      expect(text).toContain('https://example.org/bomenplan')
      expect(text).toContain('192.0.2.44')
      expect(text).toContain('452 mailbox full')
      expect(text).toContain('Bevestig uw aanmelding')
      expect(text).toContain('Ja, stuur mij de Vrienden-nieuwsbrief')
      expect(text).not.toContain(providerSecret)
    })

    it('names the organisation and the moment it was made, in Dutch by default', async () => {
      const { text } = await accessReport(fennaId)

      expect(text).toContain('Overzicht van uw persoonsgegevens')
      expect(text).toContain('Organisatie: Stichting Groene Toekomst')
      expect(text).toMatch(/Gemaakt op: \d{1,2} \w+ \d{4}/)
      expect(text).toMatch(/Pagina 1 van \d+/)
    })

    it("says 'geen' under a section without entries", async () => {
      const personId = await createPerson({ lastName: 'Leeg', email: 'leeg@example.org' })

      const { text } = await accessReport(personId)

      expect(text).toContain('Donaties geen')
      expect(text).toContain('Documenten geen')
    })

    it('keeps accents the PDF fonts know and drops only those they lack', async () => {
      const personId = await createPerson({ firstName: 'Zoë', lastName: 'Łukasiewicz-Øverås' })

      const { text } = await accessReport(personId)

      expect(text).toContain('Zoë Lukasiewicz-Øverås')
    })

    it('speaks English on request', async () => {
      const { text } = await accessReport(fennaId, '?lang=en')

      for (const heading of [
        'Your personal data',
        'Personal details',
        'Retention',
        'Current consent',
        'History of opt-ins and opt-outs',
        'Donations',
        'Payments',
        'Documents',
      ]) {
        expect(text).toContain(heading)
      }
      expect(text).toContain('Web form')
      expect(text).toContain('€25.00')
    })

    it('refuses a language it does not speak', async () => {
      const response = await server.api(`/api/v1/persons/${fennaId}/personal-data.pdf?lang=de`)

      await expectProblem(response, 400)
    })
  })

  describe('a long consent history in the access report', () => {
    const recordCount = 500
    const header = 'Datum Opt-in type In/uit Kanaal Zacht Omschrijving'
    // Rows of one, two and three lines, each ending in a marker that proves it is whole.
    const description = (n: number) =>
      `Toestemming ${n} telefonisch doorgegeven${' na een uitgebreid gesprek'.repeat(n % 3)} [einde ${n}]`
    let pages: string[]
    let items: PdfTextItem[][]

    beforeAll(async () => {
      const personId = await createPerson({ firstName: 'Veel', lastName: 'Wisselaar' })
      const newsletter = await findOptInTypeByKey(server.connection.db, 'nieuwsbrief')
      const entries = Array.from({ length: recordCount }, (_, index) => ({
        personId,
        optInTypeId: newsletter!.id,
        optIn: index % 2 === 0,
        channel: 'telephone' as const,
        description: description(index + 1),
        soft: false,
      }))
      await recordConsents(server.connection.db, entries, () => new Date())

      const report = await accessReport(personId)
      pages = report.pages
      items = report.items
    })

    it('runs over many pages', () => {
      expect(pages.length).toBeGreaterThan(10)
    })

    it('repeats the header row on every page that continues the table', () => {
      const withRecords = pages.filter((page) => page.includes('[einde '))

      expect(withRecords.length).toBeGreaterThan(10)
      for (const page of withRecords) expect(page).toContain(header)
      for (const page of withRecords.slice(1)) {
        expect(page).toMatch(/^Geschiedenis van opt-ins en opt-outs \(vervolg\) Datum/)
      }
    })

    it('never splits a row over two pages', () => {
      const whole = pages.flatMap((page) =>
        [...page.matchAll(/Toestemming (\d+) telefonisch .*?\[einde (\d+)\]/g)]
          .filter((match) => match[1] === match[2])
          .map((match) => Number(match[1])),
      )

      expect(whole).toEqual(Array.from({ length: recordCount }, (_, index) => index + 1))
    })

    it('keeps every row above the bottom margin, where only the page number stands', () => {
      const bottomMargin = 60
      const belowMargin = items.flatMap((page) =>
        page.filter((item) => item.y < bottomMargin && !/^Pagina \d+ van \d+$/.test(item.text)),
      )

      expect(belowMargin).toEqual([])
    })
  })

  describe('JSON export', () => {
    it('fits its published schema', async () => {
      const schema = await exportSchema()
      const data = await jsonExport(fennaId)

      expect(Object.keys(data).sort()).toEqual([...schema.required].sort())
      expect(schemaViolations(schema, data)).toEqual([])
    })

    it('holds the files of the documents', async () => {
      const { documents } = await jsonExport(fennaId)

      expect(documents.map((document) => document.fileName)).toEqual([
        'schenkingsakte-brouwersma.txt',
      ])
      expect(Buffer.from(documents[0]!.contentBase64, 'base64').toString()).toContain(
        'Schenker: Fenna Brouwersma',
      )
    })

    it('leaves out the raw provider payload of bounces', async () => {
      const data = await jsonExport(fennaId)

      expect(data.bounceEvents).toMatchObject([{ diagnostic: '452 mailbox full' }])
      expect(JSON.stringify(data)).not.toContain(providerSecret)
    })

    it('dates the anonymisation at the retention period after the relationship ended', async () => {
      const personId = await createPerson({ lastName: 'Oud', relationshipEndedOn: '2024-02-29' })

      const { retention } = await jsonExport(personId)

      const expected = new Date(Date.UTC(2024, 1, 29 + retention.personRetentionDays))
      expect(retention.relationshipEndedOn).toBe('2024-02-29')
      expect(retention.anonymiseAfter).toBe(expected.toISOString().slice(0, 10))
    })

    it('serves the schema as a JSON Schema document', async () => {
      const response = await server.api('/api/v1/persons/personal-data.schema.json')

      expect(response.headers.get('content-type')).toMatch(/^application\/schema\+json/)
      expect(await response.json()).toMatchObject({
        $schema: 'https://json-schema.org/draft/2020-12/schema',
        type: 'object',
      })
    })
  })

  describe('CSV export', () => {
    it('lists every section as section, record, field and value', async () => {
      const rows = await csvExport(fennaId)

      expect(rows[0]).toEqual(['section', 'record', 'field', 'value'])
      expect(rows.every((row) => row.length === 4)).toBe(true)
      expect(csvValue(rows, 'person', 1, 'lastName')).toBe('Brouwersma')
      expect(csvValue(rows, 'donations', 1, 'amountCents')).toBe('2500')
      expect(csvValue(rows, 'donations', 2, 'amountCents')).toBe('5000')
      expect(csvValue(rows, 'consentRecords', 2, 'description')).toBe(
        'Ja, ik wil de nieuwsbrief ontvangen',
      )
      expect(csvValue(rows, 'consentRecords', 2, 'typeLabel.nl')).toBe('Nieuwsbrief')
      expect(csvValue(rows, 'signUpRequests', 1, 'choices[0].labelText')).toBe(
        'Ja, stuur mij de Vrienden-nieuwsbrief',
      )
    })

    it('keeps commas, quotes and line breaks intact', async () => {
      const personId = await createPerson({ lastName: 'Jansen, "de oude"', street: 'Dorp\nstraat' })

      const rows = await csvExport(personId)

      expect(csvValue(rows, 'person', 1, 'lastName')).toBe('Jansen, "de oude"')
      expect(csvValue(rows, 'person', 1, 'street')).toBe('Dorp\nstraat')
    })

    it('defuses values that a spreadsheet would run as a formula', async () => {
      const personId = await createPerson({ lastName: '=HYPERLINK("https://example.com")' })

      const rows = await csvExport(personId)

      expect(csvValue(rows, 'person', 1, 'lastName')).toBe(`'=HYPERLINK("https://example.com")`)
    })
  })

  describe('access rules', () => {
    it.each(['pdf', 'json', 'csv'])('answers 404 for an unknown person (%s)', async (format) => {
      const response = await server.api(`/api/v1/persons/987654/personal-data.${format}`)

      await expectProblem(response, 404)
    })

    it('refuses an id that is not a number', async () => {
      await expectProblem(await server.api('/api/v1/persons/abc/personal-data.json'), 400)
    })

    it('refuses a request without an API key', async () => {
      const response = await fetch(`${server.url}/api/v1/persons/${fennaId}/personal-data.json`)

      await expectProblem(response, 401)
    })
  })
})

describe('taking personal data out', () => {
  it('is noted in the audit trail with the format, without the data itself', async () => {
    const personId = server.demo!.personId
    await server.api(`/api/v1/persons/${personId}/personal-data.csv`)

    const response = await server.api(`/api/v1/persons/${personId}/audit`)
    const { entries } = (await response.json()) as { entries: Record<string, unknown>[] }
    expect(entries).toContainEqual(
      expect.objectContaining({
        action: 'personal-data-exported',
        details: { format: 'csv' },
        apiKeyId: expect.any(Number),
      }),
    )
  })
})
