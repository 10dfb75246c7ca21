import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOperatorWithKey } from '../../server/operators/apiKeys.ts'
import { expectInvalidField, expectProblem } from '../support/problems.ts'
import { startTestServer, type TestServer } from '../support/testServer.ts'

let server: TestServer
let viewerKey: string
let editorKey: string

beforeAll(async () => {
  server = await startTestServer()
  const { db } = server.connection
  viewerKey = (
    await createOperatorWithKey(
      db,
      { email: 'kijker@example.org', name: 'Kijker', role: 'viewer' },
      'test',
    )
  ).key
  editorKey = (
    await createOperatorWithKey(
      db,
      { email: 'redacteur@example.org', name: 'Redacteur', role: 'editor' },
      'test',
    )
  ).key
})

afterAll(() => server.close())

const as = (key: string) => ({ authorization: `Bearer ${key}` })

async function createPerson(fields: Record<string, unknown> = {}) {
  const response = await server.api('/api/v1/persons', {
    method: 'POST',
    json: { firstName: 'Lotte', lastName: 'Verzonnen', email: 'lotte@example.org', ...fields },
  })
  expect(response.status).toBe(201)
  return (await response.json()) as { id: number; mailable: boolean; email: string }
}

async function consentOf(personId: number) {
  const response = await server.api(`/api/v1/persons/${personId}/consent`)
  expect(response.status).toBe(200)
  const { consent } = (await response.json()) as {
    consent: { type: string; optIn: boolean; soft: boolean | null }[]
  }
  return Object.fromEntries(consent.map((entry) => [entry.type, entry]))
}

describe('the operator API', () => {
  describe('authentication', () => {
    it('refuses a request without an API key', async () => {
      await expectProblem(await fetch(`${server.url}/api/v1/persons`), 401)
    })

    it('refuses an unknown API key, naming the Bearer scheme', async () => {
      const response = await server.api('/api/v1/persons', { headers: as('smp_wrong') })

      await expectProblem(response, 401)
      expect(response.headers.get('www-authenticate')).toBe('Bearer')
    })

    it('lets a viewer read but not record consent', async () => {
      const person = await createPerson()

      expect(
        (await server.api(`/api/v1/persons/${person.id}`, { headers: as(viewerKey) })).status,
      ).toBe(200)
      const attempt = await server.api(`/api/v1/persons/${person.id}/consent-records`, {
        method: 'POST',
        headers: as(viewerKey),
        json: { type: 'nieuwsbrief', optIn: true, channel: 'telephone', description: 'Belde' },
      })
      await expectProblem(attempt, 403)
    })

    it('lets an editor record consent but not change opt-in types', async () => {
      const attempt = await server.api('/api/v1/opt-in-types', {
        method: 'POST',
        headers: as(editorKey),
        json: { key: 'petities', labels: { nl: 'Petities' }, kind: 'hard' },
      })
      await expectProblem(attempt, 403)
    })
  })

  describe('persons', () => {
    it('creates a person and derives mailable', async () => {
      const person = await createPerson({ iban: 'nl91 abna 0417 1643 00' })

      const read = await server.api(`/api/v1/persons/${person.id}`)
      expect(await read.json()).toMatchObject({
        id: person.id,
        email: 'lotte@example.org',
        iban: 'NL91ABNA0417164300',
        emailValidity: 'valid',
        mailable: true,
        anonymised: false,
      })
    })

    it('finds persons by email address regardless of case', async () => {
      await createPerson({ email: 'Zoek.Mij@Example.org' })

      const response = await server.api('/api/v1/persons?email=zoek.mij@example.org')
      const { persons } = (await response.json()) as { persons: { email: string }[] }
      expect(persons.map((person) => person.email)).toEqual(['Zoek.Mij@example.org'])
    })

    it('refuses an invalid email address naming the field', async () => {
      const response = await server.api('/api/v1/persons', {
        method: 'POST',
        json: { email: 'geen-adres' },
      })
      await expectInvalidField(response, 'email')
    })

    it('refuses fields it does not know, saying so', async () => {
      const response = await server.api('/api/v1/persons', {
        method: 'POST',
        json: { bouncer: true },
      })

      const problem = await expectInvalidField(response, 'bouncer')
      expect(problem.errors?.[0]?.message).toBe('This field is not known here.')
    })

    it('refuses a body that is not sent as JSON instead of creating an empty person', async () => {
      const response = await server.api('/api/v1/persons', {
        method: 'POST',
        body: '{"firstName":"Zonder type"}',
      })

      await expectProblem(response, 415)
      const listed = await server.api('/api/v1/persons?limit=500')
      const { persons } = (await listed.json()) as { persons: { firstName: string | null }[] }
      expect(persons.some((person) => person.firstName === 'Zonder type')).toBe(false)
    })

    it('answers 404 for a person that does not exist', async () => {
      await expectProblem(await server.api('/api/v1/persons/987654'), 404)
    })
  })

  describe('manual consent', () => {
    it('records a telephone opt-out with the reason, the server date and the key that made it', async () => {
      const person = await createPerson()
      const before = Date.now()

      const response = await server.api(`/api/v1/persons/${person.id}/consent-records`, {
        method: 'POST',
        json: {
          type: 'nieuwsbrief',
          optIn: false,
          channel: 'telephone',
          description: 'Klacht over frequentie, wil geen nieuwsbrief meer',
        },
      })

      expect(response.status).toBe(201)
      const ledger = await server.api(`/api/v1/persons/${person.id}/consent-records`)
      const { records } = (await ledger.json()) as { records: Record<string, unknown>[] }
      expect(records).toHaveLength(1)
      expect(records[0]).toMatchObject({
        type: 'nieuwsbrief',
        optIn: false,
        soft: false,
        channel: 'telephone',
        description: 'Klacht over frequentie, wil geen nieuwsbrief meer',
        recordedByApiKeyId: expect.any(Number),
      })
      expect(Date.parse(records[0]!.recordedAt as string)).toBeGreaterThanOrEqual(before - 1000)
      expect((await consentOf(person.id)).nieuwsbrief).toMatchObject({ optIn: false, soft: false })
    })

    it('does not accept a date from the client', async () => {
      const person = await createPerson()

      const response = await server.api(`/api/v1/persons/${person.id}/consent-records`, {
        method: 'POST',
        json: {
          type: 'nieuwsbrief',
          optIn: true,
          channel: 'letter',
          description: 'Brief ontvangen',
          recordedAt: '2001-01-01T00:00:00Z',
        },
      })

      await expectProblem(response, 400)
    })

    it('refuses an unknown type', async () => {
      const person = await createPerson()

      const response = await server.api(`/api/v1/persons/${person.id}/consent-records`, {
        method: 'POST',
        json: { type: 'onbekend', optIn: true, channel: 'letter', description: 'Brief' },
      })

      await expectInvalidField(response, 'type')
    })
  })

  describe('full unsubscribe', () => {
    it('opts the person out of every type at once, profiling included', async () => {
      const person = await createPerson()
      await server.api(`/api/v1/persons/${person.id}/consent-records`, {
        method: 'POST',
        json: {
          type: 'profileren',
          optIn: true,
          channel: 'manual',
          description: 'Aanmelding',
          soft: true,
        },
      })

      const response = await server.api(`/api/v1/persons/${person.id}/full-unsubscribe`, {
        method: 'POST',
        json: { channel: 'letter', description: 'Verzoek per brief: volledig uitschrijven' },
      })

      expect(response.status).toBe(201)
      const consent = await consentOf(person.id)
      expect(Object.keys(consent)).toHaveLength(7)
      for (const entry of Object.values(consent)) {
        expect(entry).toMatchObject({ optIn: false, soft: false })
      }
    })
  })

  describe('opt-in types', () => {
    it('creates, updates and deactivates a type, which then leaves the preference centre', async () => {
      const created = await server.api('/api/v1/opt-in-types', {
        method: 'POST',
        json: {
          key: 'evenementen',
          labels: { nl: 'Evenementen', en: 'Events' },
          kind: 'hard',
          parentKey: 'nieuwsbrief',
        },
      })
      expect(created.status).toBe(201)
      expect(await created.json()).toMatchObject({
        key: 'evenementen',
        parentKey: 'nieuwsbrief',
        active: true,
      })

      const updated = await server.api('/api/v1/opt-in-types/evenementen', {
        method: 'PATCH',
        json: { labels: { nl: 'Evenementen en excursies' } },
      })
      expect(await updated.json()).toMatchObject({ labels: { nl: 'Evenementen en excursies' } })

      const deactivated = await server.api('/api/v1/opt-in-types/evenementen/deactivate', {
        method: 'POST',
      })
      expect(await deactivated.json()).toMatchObject({ active: false })

      const link = await server.api(`/api/v1/persons/${server.demo!.personId}/preference-links`, {
        method: 'POST',
        json: {},
      })
      const { token } = (await link.json()) as { token: string }
      const preferences = await fetch(`${server.url}/api/v1/preferences`, {
        headers: { authorization: `Bearer ${token}` },
      })
      const { types } = (await preferences.json()) as { types: { key: string }[] }
      expect(types.map((type) => type.key)).not.toContain('evenementen')
    })

    it('refuses a duplicate key with 409', async () => {
      const response = await server.api('/api/v1/opt-in-types', {
        method: 'POST',
        json: { key: 'nieuwsbrief', labels: { nl: 'Nog een' }, kind: 'hard' },
      })
      await expectProblem(response, 409)
    })

    it('refuses a subgroup of a subgroup', async () => {
      const response = await server.api('/api/v1/opt-in-types', {
        method: 'POST',
        json: { key: 'kleuters', labels: { nl: 'Kleuters' }, kind: 'hard', parentKey: 'jongeren' },
      })
      await expectInvalidField(response, 'parentKey')
    })

    it('refuses a key with capitals or spaces', async () => {
      const response = await server.api('/api/v1/opt-in-types', {
        method: 'POST',
        json: { key: 'Mijn Type', labels: { nl: 'X' }, kind: 'hard' },
      })
      await expectInvalidField(response, 'key')
    })
  })

  describe('preference links', () => {
    it('mints a link whose token opens that person with the contact moment', async () => {
      const { personId, contactMomentId } = server.demo!

      const response = await server.api(`/api/v1/persons/${personId}/preference-links`, {
        method: 'POST',
        json: { contactMomentId, expiresInDays: 7 },
      })

      expect(response.status).toBe(201)
      const link = (await response.json()) as { token: string; url: string; expiresAt: string }
      expect(link.url).toMatch(/\/p\/v1\.[^?]+\?lang=nl$/)
      const days = (Date.parse(link.expiresAt) - Date.now()) / 86_400_000
      expect(days).toBeGreaterThan(6.9)
      expect(days).toBeLessThanOrEqual(7)
      const page = await fetch(`${server.url}${new URL(link.url).pathname}`)
      expect(await page.text()).toContain(`token="${link.token}"`)
    })

    it('opens the hosted page in the language of the person', async () => {
      const person = await createPerson({ language: 'en' })

      const response = await server.api(`/api/v1/persons/${person.id}/preference-links`, {
        method: 'POST',
        json: {},
      })
      const { url } = (await response.json()) as { url: string }

      const page = await fetch(`${server.url}${new URL(url).pathname}${new URL(url).search}`)
      expect(await page.text()).toContain('<html lang="en">')
    })

    it('answers a broken link with a readable page', async () => {
      const page = await fetch(`${server.url}/p/kapot`)

      expect(page.status).toBe(404)
      expect(page.headers.get('content-type')).toMatch(/text\/html/)
      expect(await page.text()).toContain('Deze link is niet compleet')
    })

    it("refuses another person's contact moment", async () => {
      const person = await createPerson()

      const response = await server.api(`/api/v1/persons/${person.id}/preference-links`, {
        method: 'POST',
        json: { contactMomentId: server.demo!.contactMomentId },
      })

      await expectInvalidField(response, 'contactMomentId')
    })
  })
})
