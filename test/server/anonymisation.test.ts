import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  documents,
  donations,
  erasureRequests,
  outboxMails,
  persons,
  trackingEvents,
} from '../../db/schema/index.ts'
import { findValueInDatabase } from '../support/databaseSearch.ts'
import { expectProblem } from '../support/problems.ts'
import { startTestServer, type TestServer } from '../support/testServer.ts'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})

afterAll(() => server.close())

const wendelien = {
  firstName: 'Wendelien',
  infix: 'ter',
  lastName: 'Verzonnenhoeve',
  street: 'Kastanjelaan',
  houseNumber: '42',
  postalCode: '8011 XY',
  city: 'Zwollerkerspel',
  email: 'wendelien.verzonnenhoeve@example.org',
  phone: '+31 38 765 4321',
  mobilePhone: '+31 6 9876 5432',
  iban: 'NL02RABO0123456789',
  bsn: '123456782',
  birthDate: '1981-05-17',
}

const browser = { 'user-agent': 'Mozilla/5.0 Firefox/130', 'accept-language': 'nl' }

/** A person with data in every place the platform keeps personal data. */
async function personEverywhere(fields: typeof wendelien) {
  const created = await server.api('/api/v1/persons', { method: 'POST', json: fields })
  const { id } = (await created.json()) as { id: number }
  const consent = (type: string, description: string) =>
    server.api(`/api/v1/persons/${id}/consent-records`, {
      method: 'POST',
      json: { type, optIn: true, channel: 'telephone', description },
    })
  await consent('nieuwsbrief', `Belde: ${fields.firstName} ${fields.lastName}, ${fields.phone}`)
  await consent('profileren', 'Akkoord met profileren')

  const db = server.connection.db
  const [gift] = await db
    .insert(donations)
    .values({
      personId: id,
      amountCents: 1500,
      donatedOn: '2026-01-02',
      method: 'direct_debit',
      iban: fields.iban,
    })
    .returning()
  await db.insert(documents).values({
    personId: id,
    kind: 'agreement',
    title: `Overeenkomst ${fields.lastName}`,
    fileName: `${fields.lastName}.txt`,
    contentType: 'text/plain',
    content: Buffer.from(
      `Overeenkomst met ${fields.firstName} ${fields.lastName}, BSN ${fields.bsn}`,
    ),
  })

  const mailing = await server.api('/api/v1/mailings', {
    method: 'POST',
    json: { name: 'Test', subject: 'Test', type: 'nieuwsbrief' },
  })
  const { id: mailingId } = (await mailing.json()) as { id: number }
  const audience = await server.api(`/api/v1/mailings/${mailingId}/recipients`, {
    method: 'POST',
    json: { criteria: { optIn: 'nieuwsbrief', mailable: true } },
  })
  const line = (await audience.text())
    .trim()
    .split('\n')
    .map((text) => JSON.parse(text) as { personId: number; openPixelUrl: string })
    .find((recipient) => recipient.personId === id)!
  await fetch(line.openPixelUrl, { headers: browser })
  await server.api('/webhooks/generic', {
    method: 'POST',
    json: {
      events: [
        {
          id: `b-${id}`,
          type: 'bounce',
          status: '4.2.2',
          email: fields.email.toUpperCase(),
          occurredAt: new Date().toISOString(),
          diagnostic: `mailbox of ${fields.email} full`,
        },
      ],
    },
  })
  await fetch(`${server.url}/api/v1/sign-ups`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      site: 'pk_demo',
      email: fields.email,
      types: [{ type: 'jongeren', labelText: 'Jongeren' }],
    }),
  })
  // Opens and sign-up mail are written after their answers: wait until both are in.
  await expect
    .poll(async () => {
      const opens = await db.select().from(trackingEvents).where(eq(trackingEvents.personId, id))
      const mails = await db.select().from(outboxMails).where(eq(outboxMails.personId, id))
      return opens.length + mails.length
    })
    .toBe(2)
  return { id, giftId: gift!.id }
}

async function tracesOf(fields: Record<string, string>) {
  const found: Record<string, string[]> = {}
  for (const [field, value] of Object.entries(fields)) {
    const hits = await findValueInDatabase(server.connection.db, value)
    if (hits.length) found[field] = hits
  }
  return found
}

describe('anonymising a person', () => {
  it('leaves none of their original values anywhere in the database', async () => {
    // House number and infix are too short to search for: they occur in unrelated text.
    const { houseNumber: _number, infix: _infix, ...searchable } = wendelien
    const { id, giftId } = await personEverywhere(wendelien)
    expect(Object.keys(await tracesOf(searchable))).toEqual(Object.keys(searchable))

    const response = await server.api(`/api/v1/persons/${id}/anonymise`, { method: 'POST' })

    expect(response.status).toBe(200)
    expect(await tracesOf(searchable)).toEqual({})
    const [person] = await server.connection.db.select().from(persons).where(eq(persons.id, id))
    expect(person).toMatchObject({ anonymised: true, anonymisedAt: expect.any(Date) })
    const [gift] = await server.connection.db
      .select()
      .from(donations)
      .where(eq(donations.id, giftId))
    expect(gift).toMatchObject({ amountCents: 1500, iban: null })
    const [event] = await server.connection.db
      .select()
      .from(trackingEvents)
      .where(eq(trackingEvents.personId, id))
    expect(event).toMatchObject({ ipAddress: null, userAgent: null })
  })

  it('keeps the consent records, which no longer lead back to anyone', async () => {
    const { id } = await personEverywhere({
      ...wendelien,
      email: 'tweede@example.org',
      lastName: 'Tweedehoeve',
    })

    await server.api(`/api/v1/persons/${id}/anonymise`, { method: 'POST' })

    const response = await server.api(`/api/v1/persons/${id}/consent-records`)
    const { records } = (await response.json()) as {
      records: { type: string; description: string }[]
    }
    expect(records.map((record) => record.type).sort()).toEqual(['nieuwsbrief', 'profileren'])
    expect(records.every((record) => record.description === '[anonymised]')).toBe(true)
  })

  it('answers a second request with 409 and changes nothing', async () => {
    const created = await server.api('/api/v1/persons', {
      method: 'POST',
      json: { firstName: 'Eenmalig', email: 'eenmalig@example.org' },
    })
    const { id } = (await created.json()) as { id: number }
    await server.api(`/api/v1/persons/${id}/anonymise`, { method: 'POST' })
    const [before] = await server.connection.db.select().from(persons).where(eq(persons.id, id))

    await expectProblem(
      await server.api(`/api/v1/persons/${id}/anonymise`, { method: 'POST' }),
      409,
    )

    const [after] = await server.connection.db.select().from(persons).where(eq(persons.id, id))
    expect(after).toEqual(before)
  })

  it('is not open to viewers', async () => {
    const { createOperatorWithKey } = await import('../../server/operators/apiKeys.ts')
    const viewer = await createOperatorWithKey(
      server.connection.db,
      { email: 'alleen.kijken@example.org', name: 'Kijker', role: 'viewer' },
      'test',
    )

    const response = await server.api(`/api/v1/persons/${server.demo!.personId}/anonymise`, {
      method: 'POST',
      headers: { authorization: `Bearer ${viewer.key}` },
    })

    await expectProblem(response, 403)
  })
})

describe('an erasure request', () => {
  it('anonymises, removes opens and mails, and leaves a tombstone without personal data', async () => {
    const fields = { ...wendelien, email: 'wis.mij@example.org', lastName: 'Wismijhoeve' }
    const { id } = await personEverywhere(fields)

    const response = await server.api(`/api/v1/persons/${id}/erasure`, {
      method: 'POST',
      json: { requestedVia: 'letter', requestedOn: '2026-11-30' },
    })

    expect(response.status).toBe(201)
    const [tombstone] = await server.connection.db
      .select()
      .from(erasureRequests)
      .where(eq(erasureRequests.personId, id))
    expect(tombstone).toMatchObject({
      requestedVia: 'letter',
      requestedAt: new Date('2026-11-30T00:00:00Z'),
      completedAt: expect.any(Date),
      recordedByApiKeyId: expect.any(Number),
    })
    expect(
      await server.connection.db
        .select()
        .from(trackingEvents)
        .where(eq(trackingEvents.personId, id)),
    ).toEqual([])
    expect(await findValueInDatabase(server.connection.db, fields.email)).toEqual([])
    const audit = await server.api(`/api/v1/persons/${id}/audit`)
    const { entries } = (await audit.json()) as { entries: { action: string; details: unknown }[] }
    expect(entries).toContainEqual(
      expect.objectContaining({ action: 'person-anonymised', details: { reason: 'erasure' } }),
    )
  })
})
