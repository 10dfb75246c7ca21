import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { outboxMails } from '../../db/schema/index.ts'
import { signPersonToken } from '../../server/tokens/personToken.ts'
import { expectInvalidField, expectProblem } from '../support/problems.ts'
import { startTestServer, testSecret, type TestServer } from '../support/testServer.ts'

let server: TestServer
let personId: number
let contactMomentId: number

beforeAll(async () => {
  server = await startTestServer()
  personId = server.demo!.personId
  contactMomentId = server.demo!.contactMomentId
})

afterAll(() => server.close())

const inOneDay = () => new Date(Date.now() + 86_400_000)

function tokenFor(claims: { personId: number; contactMomentId?: number | null; expiresAt?: Date }) {
  return signPersonToken(
    {
      personId: claims.personId,
      contactMomentId: claims.contactMomentId ?? null,
      expiresAt: claims.expiresAt ?? inOneDay(),
    },
    testSecret,
  )
}

function preferences(token: string, init: { method?: string; body?: unknown; lang?: string } = {}) {
  const query = init.lang ? `?lang=${init.lang}` : ''
  return fetch(`${server.url}/api/v1/preferences${query}`, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  })
}

interface PreferenceView {
  key: string
  parentKey: string | null
  label: string
  optIn: boolean
  soft: boolean
  selfService: boolean
}

async function typesOf(response: Response): Promise<PreferenceView[]> {
  expect(response.status).toBe(200)
  return ((await response.json()) as { types: PreferenceView[] }).types
}

async function ledgerOf(id: number) {
  const response = await server.api(`/api/v1/persons/${id}/consent-records`)
  expect(response.status).toBe(200)
  return ((await response.json()) as { records: Record<string, unknown>[] }).records
}

describe('the public preference API', () => {
  describe('GET', () => {
    it('lists the active types in Dutch with each subgroup after its parent', async () => {
      const types = await typesOf(await preferences(tokenFor({ personId })))

      expect(types.map((type) => type.key)).toEqual([
        'nieuwsbrief',
        'educatie',
        'jongeren',
        'zakelijk',
        'servicemail',
        'profileren',
        'vrienden-nieuwsbrief',
      ])
      expect(types.find((type) => type.key === 'jongeren')).toMatchObject({
        parentKey: 'nieuwsbrief',
        label: 'Jongeren',
      })
    })

    it('speaks English on request', async () => {
      const types = await typesOf(await preferences(tokenFor({ personId }), { lang: 'en' }))

      expect(types.find((type) => type.key === 'vrienden-nieuwsbrief')?.label).toBe(
        "Friends' newsletter",
      )
    })

    it("shows the person's effective consent, soft ones marked", async () => {
      const types = await typesOf(await preferences(tokenFor({ personId })))

      expect(types.find((type) => type.key === 'servicemail')).toMatchObject({
        optIn: true,
        soft: true,
      })
      expect(types.find((type) => type.key === 'vrienden-nieuwsbrief')).toMatchObject({
        optIn: false,
      })
    })

    it('names the site and its privacy statement, the default site without a key', async () => {
      const response = await preferences(tokenFor({ personId }))

      const body = (await response.json()) as {
        site: { name: string; privacyStatementUrl: string }
      }
      expect(body.site).toEqual({
        name: 'Stichting Groene Toekomst',
        privacyStatementUrl: `${server.url}/demo/privacy`,
      })
    })

    it('marks a type that is changed only by letter or telephone, with the explanation', async () => {
      const types = await typesOf(await preferences(tokenFor({ personId }), { lang: 'en' }))

      expect(types.find((type) => type.key === 'profileren')).toMatchObject({
        selfService: false,
        optOutNote: expect.stringContaining('by letter or by telephone'),
      })
      expect(types.find((type) => type.key === 'nieuwsbrief')).toMatchObject({
        selfService: true,
        optOutNote: null,
      })
    })

    it('refuses an unsupported language naming the field', async () => {
      await expectInvalidField(await preferences(tokenFor({ personId }), { lang: 'fr' }), 'lang')
    })
  })

  describe('POST', () => {
    it('records each change with the label text, the channel and the contact moment', async () => {
      const token = tokenFor({ personId, contactMomentId })

      const response = await preferences(token, {
        method: 'POST',
        body: {
          channel: 'preference_centre',
          changes: [
            { type: 'vrienden-nieuwsbrief', optIn: true, labelText: 'Vrienden-nieuwsbrief' },
            { type: 'educatie', optIn: true, labelText: 'Educatie' },
          ],
        },
      })

      const body = (await response.clone().json()) as { recorded: { type: string }[] }
      expect(body.recorded.map((record) => record.type)).toEqual([
        'vrienden-nieuwsbrief',
        'educatie',
      ])
      const types = await typesOf(response)
      expect(types.find((type) => type.key === 'vrienden-nieuwsbrief')?.optIn).toBe(true)
      const [newest, previous] = await ledgerOf(personId)
      expect(newest).toMatchObject({
        type: 'educatie',
        optIn: true,
        soft: false,
        channel: 'preference_centre',
        description: 'Educatie',
        contactMomentId,
      })
      expect(previous).toMatchObject({
        type: 'vrienden-nieuwsbrief',
        description: 'Vrienden-nieuwsbrief',
      })
    })

    it('records an opt-out from a page without a contact moment', async () => {
      const response = await preferences(tokenFor({ personId }), {
        method: 'POST',
        body: {
          channel: 'own_website',
          changes: [{ type: 'educatie', optIn: false, labelText: 'Educatie' }],
        },
      })

      expect((await typesOf(response)).find((type) => type.key === 'educatie')?.optIn).toBe(false)
      const [newest] = await ledgerOf(personId)
      expect(newest).toMatchObject({ optIn: false, channel: 'own_website', contactMomentId: null })
    })

    it('refuses an unknown type and records none of the batch', async () => {
      const before = await ledgerOf(personId)

      const response = await preferences(tokenFor({ personId }), {
        method: 'POST',
        body: {
          changes: [
            { type: 'jongeren', optIn: true, labelText: 'Jongeren' },
            { type: 'bestaat-niet', optIn: true, labelText: 'Bestaat niet' },
          ],
        },
      })

      await expectInvalidField(response, 'changes[1].type')
      expect(await ledgerOf(personId)).toEqual(before)
    })

    it.each([
      [
        'a missing label text',
        { changes: [{ type: 'jongeren', optIn: true }] },
        'changes[0].labelText',
      ],
      [
        'an empty label text',
        { changes: [{ type: 'jongeren', optIn: true, labelText: ' ' }] },
        'changes[0].labelText',
      ],
      [
        'optIn as a string',
        { changes: [{ type: 'jongeren', optIn: 'yes', labelText: 'J' }] },
        'changes[0].optIn',
      ],
      ['no changes', { changes: [] }, 'changes'],
      [
        'an operator channel',
        { channel: 'telephone', changes: [{ type: 'jongeren', optIn: true, labelText: 'J' }] },
        'channel',
      ],
      [
        'the same type twice',
        {
          changes: [
            { type: 'jongeren', optIn: true, labelText: 'J' },
            { type: 'jongeren', optIn: false, labelText: 'J' },
          ],
        },
        'changes[1].type',
      ],
    ])('refuses %s naming the field', async (_, body, path) => {
      await expectInvalidField(
        await preferences(tokenFor({ personId }), { method: 'POST', body }),
        path,
      )
    })

    it('refuses a change to a type that is changed only by letter or telephone', async () => {
      const response = await preferences(tokenFor({ personId }), {
        method: 'POST',
        body: { changes: [{ type: 'profileren', optIn: false, labelText: 'Profileren' }] },
      })

      await expectInvalidField(response, 'changes[0].type')
    })

    it('answers malformed JSON with a problem', async () => {
      const response = await fetch(`${server.url}/api/v1/preferences`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${tokenFor({ personId })}`,
          'content-type': 'application/json',
        },
        body: '{"changes": [',
      })

      await expectProblem(response, 400)
    })
  })

  describe('full unsubscribe by the person', () => {
    it('opts out of every type the person manages, and leaves the letter-only type alone', async () => {
      const created = await server.api('/api/v1/persons', {
        method: 'POST',
        json: { firstName: 'Uitschrijver', email: 'uitschrijver@example.org' },
      })
      const { id } = (await created.json()) as { id: number }
      await server.api(`/api/v1/persons/${id}/consent-records`, {
        method: 'POST',
        json: {
          type: 'profileren',
          optIn: true,
          channel: 'manual',
          description: 'Aanmelding',
          soft: true,
        },
      })

      const response = await fetch(`${server.url}/api/v1/preferences/full-unsubscribe`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${tokenFor({ personId: id, contactMomentId: null })}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ channel: 'preference_centre' }),
      })

      const types = await typesOf(response)
      for (const type of types.filter((type) => type.selfService)) {
        expect(type, type.key).toMatchObject({ optIn: false, soft: false })
      }
      expect(types.find((type) => type.key === 'profileren')).toMatchObject({ optIn: true })
      expect(await ledgerOf(id)).toHaveLength(1 + types.filter((type) => type.selfService).length)
    })
  })

  describe('a fresh link', () => {
    it('is mailed for an expired but genuine token', async () => {
      const expired = tokenFor({ personId, expiresAt: new Date(Date.now() - 86_400_000) })

      const response = await fetch(`${server.url}/api/v1/preferences/renewal?lang=nl`, {
        method: 'POST',
        headers: { authorization: `Bearer ${expired}` },
      })

      expect(response.status).toBe(202)
      // The mail is composed after the answer went out.
      const freshMail = async () =>
        (await server.connection.db.select().from(outboxMails)).find(
          (mail) => mail.purpose === 'fresh-preference-link',
        )
      await expect.poll(freshMail).toBeDefined()
      const fresh = await freshMail()
      expect(fresh).toMatchObject({ recipient: 'fenna.brouwersma@example.org', personId })
      const link = /\/p\/(v1\.[^?\s]+)/.exec(fresh!.text)?.[1]
      expect((await preferences(link!)).status).toBe(200)
    })

    it('is refused for a forged token', async () => {
      const forged = tokenFor({ personId }).replace(`v1.${personId}.`, `v1.${personId + 1}.`)

      const response = await fetch(`${server.url}/api/v1/preferences/renewal`, {
        method: 'POST',
        headers: { authorization: `Bearer ${forged}` },
      })

      await expectProblem(response, 401)
    })
  })

  describe('tokens', () => {
    it('refuses an expired token with a problem that says so', async () => {
      const expired = tokenFor({ personId, expiresAt: new Date(Date.now() - 1000) })

      const problem = await expectProblem(await preferences(expired), 401)
      expect(problem.type).toMatch(/expired-token$/)
    })

    it('refuses a tampered token', async () => {
      const tampered = tokenFor({ personId }).replace(`v1.${personId}.`, `v1.${personId + 1}.`)

      const problem = await expectProblem(await preferences(tampered), 401)
      expect(problem.type).toMatch(/invalid-token$/)
    })

    it('refuses a validly signed token for a person who does not exist', async () => {
      await expectProblem(await preferences(tokenFor({ personId: 999_999 })), 401)
    })

    it('refuses a request without a token', async () => {
      await expectProblem(await fetch(`${server.url}/api/v1/preferences`), 401)
    })

    it('records nothing for a refused token', async () => {
      const before = await ledgerOf(personId)
      const expired = tokenFor({ personId, expiresAt: new Date(Date.now() - 1000) })

      await preferences(expired, {
        method: 'POST',
        body: { changes: [{ type: 'jongeren', optIn: true, labelText: 'Jongeren' }] },
      })

      expect(await ledgerOf(personId)).toEqual(before)
    })
  })
})
