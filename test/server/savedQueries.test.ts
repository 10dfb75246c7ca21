/**
 * The operator API for saved queries: create, change, list, delete, preview and explain,
 * who may do what, cycles, and saved queries in mailing audiences and on opt-in types.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowsOf } from '../../db/client.ts'
import { createOperatorWithKey } from '../../server/operators/apiKeys.ts'
import { expectInvalidField, expectProblem } from '../support/problems.ts'
import { startTestServer, type TestServer } from '../support/testServer.ts'

let server: TestServer
let viewerKey: string
let editorKey: string

interface SavedQueryView {
  id: number
  name: string
  description: string
  definition: unknown
  usedBy: { types: string[]; queries: { id: number; name: string }[] }
}

const as = (key: string) => ({ authorization: `Bearer ${key}` })

beforeAll(async () => {
  server = await startTestServer()
  const { db } = server.connection
  const operator = (role: 'viewer' | 'editor') =>
    createOperatorWithKey(db, { email: `${role}@example.org`, name: role, role }, 'test')
  viewerKey = (await operator('viewer')).key
  editorKey = (await operator('editor')).key
})

afterAll(() => server.close())

function create(body: unknown, headers: Record<string, string> = {}) {
  return server.api('/api/v1/queries', { method: 'POST', json: body, headers })
}

async function created(name: string, definition: unknown): Promise<SavedQueryView> {
  const response = await create({ name, definition })
  expect(response.status).toBe(201)
  return (await response.json()) as SavedQueryView
}

function change(id: number, body: unknown) {
  return server.api(`/api/v1/queries/${id}`, { method: 'PATCH', json: body })
}

function remove(id: number) {
  return server.api(`/api/v1/queries/${id}`, { method: 'DELETE' })
}

async function read(id: number): Promise<SavedQueryView> {
  const response = await server.api(`/api/v1/queries/${id}`)
  expect(response.status).toBe(200)
  return (await response.json()) as SavedQueryView
}

function setType(key: string, body: unknown) {
  return server.api(`/api/v1/opt-in-types/${key}`, { method: 'PATCH', json: body })
}

describe('a saved query', () => {
  it('is created, read back and listed', async () => {
    const response = await create({
      name: 'Nieuwe relaties',
      description: 'Aangemaakt in de laatste week',
      definition: { field: 'createdAt', withinLastDays: 7 },
    })

    expect(response.status).toBe(201)
    const query = (await response.json()) as SavedQueryView
    expect(response.headers.get('location')).toBe(`/api/v1/queries/${query.id}`)
    expect(await read(query.id)).toMatchObject({
      name: 'Nieuwe relaties',
      description: 'Aangemaakt in de laatste week',
      definition: { field: 'createdAt', withinLastDays: 7 },
      usedBy: { types: [], queries: [] },
    })
    const list = (await (await server.api('/api/v1/queries')).json()) as {
      queries: SavedQueryView[]
    }
    expect(list.queries.map((listed) => listed.name)).toContain('Nieuwe relaties')
  })

  it('is changed', async () => {
    const query = await created('Te wijzigen', { deceased: false })

    const response = await change(query.id, { name: 'Gewijzigd', definition: { deceased: true } })

    expect(response.status).toBe(200)
    expect(await read(query.id)).toMatchObject({
      name: 'Gewijzigd',
      definition: { deceased: true },
    })
  })

  it('refuses a change without fields', async () => {
    const query = await created('Ongewijzigd', { deceased: false })

    await expectInvalidField(await change(query.id, {}), '(root)')
  })

  it('refuses a second query with the same name', async () => {
    await created('Dubbel', { bouncer: true })

    await expectProblem(await create({ name: 'Dubbel', definition: { bouncer: false } }), 409)
  })

  it.each([
    ['an unknown field', { field: 'shoeSize', equals: '42' }, 'definition.field'],
    [
      'a test that does not fit the field',
      { field: 'birthDate', contains: '19' },
      'definition.contains',
    ],
    [
      'a value of the wrong kind',
      { field: 'consecutiveBounces', atLeast: 'drie' },
      'definition.atLeast',
    ],
    ['two kinds in one condition', { mailable: true, deceased: false }, 'definition'],
    [
      'an unknown kind in a group',
      { all: [{ mailable: true }, { shoeSize: 42 }] },
      'definition.all[1]',
    ],
    ['an unknown opt-in type', { any: [{ optedIn: 'onbekend' }] }, 'definition.any[0].optedIn'],
    ['an unknown saved query', { not: { inQuery: 999_999 } }, 'definition.not.inQuery'],
    [
      'a period given twice',
      { donations: { count: { atLeast: 1 }, withinLastDays: 5, from: '2025-01-01' } },
      'definition.donations',
    ],
    ['an empty any', { any: [] }, 'definition.any'],
  ])('refuses %s, naming where it is', async (_, definition, path) => {
    await expectInvalidField(await create({ name: `Fout ${path}`, definition }), path)
  })

  it('refuses definitions nested too deeply, however deep', async () => {
    const levels = 20_000
    const definition = `${'{"not":'.repeat(levels)}{"mailable":true}${'}'.repeat(levels)}`

    const response = await server.api('/api/v1/queries', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"name":"Diep","definition":${definition}}`,
    })

    await expectInvalidField(response, 'definition')
  })
})

describe('sub-queries', () => {
  it('refuses a query that names itself', async () => {
    const query = await created('Zichzelf', { mailable: true })

    const problem = await expectInvalidField(
      await change(query.id, { definition: { any: [{ mailable: false }, { inQuery: query.id }] } }),
      'definition.any[1].inQuery',
    )
    expect(problem.detail).toContain('would contain itself')
  })

  it('refuses a cycle through other queries, and names it', async () => {
    const first = await created('Eerste', { deceased: false })
    const second = await created('Tweede', { inQuery: first.id })
    const third = await created('Derde', { all: [{ mailable: true }, { notInQuery: second.id }] })

    const problem = await expectInvalidField(
      await change(first.id, { definition: { not: { inQuery: third.id } } }),
      'definition.not.inQuery',
    )

    const cycle = [first, third, second, first].map((query) => `#${query.id}`).join(' → ')
    expect(problem.errors?.[0]?.message).toBe(
      `Saved query #${first.id} would contain itself: ${cycle}.`,
    )
    expect((await read(first.id)).definition).toEqual({ deceased: false })
  })

  it('shows who uses a query', async () => {
    const used = await created('Gebruikt', { bouncer: false })
    const user = await created('Gebruiker', { inQuery: used.id })

    expect((await read(used.id)).usedBy.queries).toEqual([{ id: user.id, name: 'Gebruiker' }])
  })
})

describe('deleting a saved query', () => {
  it('removes an unused one', async () => {
    const query = await created('Weg ermee', { mailable: true })

    expect((await remove(query.id)).status).toBe(204)
    await expectProblem(await server.api(`/api/v1/queries/${query.id}`), 404)
  })

  it('is refused while another query uses it, naming that query', async () => {
    const used = await created('Onmisbaar', { deceased: true })
    const user = await created('Steunt erop', { notInQuery: used.id })

    const problem = await expectProblem(await remove(used.id), 409)

    expect(problem.detail).toContain(`saved query "Steunt erop" (#${user.id})`)
    expect((await change(user.id, { definition: { deceased: false } })).status).toBe(200)
    expect((await remove(used.id)).status).toBe(204)
  })

  it('is refused while an opt-in type uses it', async () => {
    const query = await created('Voor servicemail', { mailable: true })
    expect((await setType('servicemail', { autoOptOutQueryId: query.id })).status).toBe(200)

    const problem = await expectProblem(await remove(query.id), 409)

    expect(problem.detail).toContain('opt-in type "servicemail"')
    expect((await read(query.id)).usedBy.types).toEqual(['servicemail'])
    expect((await setType('servicemail', { autoOptOutQueryId: null })).status).toBe(200)
  })
})

describe('automatic consent settings of an opt-in type', () => {
  let query: SavedQueryView

  beforeAll(async () => {
    query = await created('Instellingen', { deceased: false })
  })

  it('are shown with the type', async () => {
    const response = await setType('profileren', {
      autoOptInQueryId: query.id,
      grantOnSignUp: true,
    })

    expect(await response.json()).toMatchObject({
      autoOptInQueryId: query.id,
      autoOptOutQueryId: null,
      grantOnSignUp: true,
    })
    await setType('profileren', { autoOptInQueryId: null, grantOnSignUp: false })
  })

  it.each([
    ['an auto opt-in query on a hard type', 'nieuwsbrief', 'autoOptInQueryId', () => query.id],
    ['grant on sign-up on a hard type', 'nieuwsbrief', 'grantOnSignUp', () => true],
    ['a query that does not exist', 'servicemail', 'autoOptInQueryId', () => 987_654],
  ])('refuse %s', async (_, key, field, value) => {
    await expectInvalidField(await setType(key, { [field]: value() }), field)
  })

  it('keep a type with them from becoming hard', async () => {
    await setType('servicemail', { autoOptOutQueryId: query.id })

    await expectInvalidField(await setType('servicemail', { kind: 'hard' }), 'autoOptOutQueryId')
    await setType('servicemail', { autoOptOutQueryId: null })
  })
})

describe('preview', () => {
  interface Preview {
    count: number
    persons: { id: number; email: string | null; mailable: boolean }[]
    nextAfterId: number | null
  }

  it('counts and pages through the persons of a query in id order', async () => {
    const query = await created('Iedereen', { all: [] })
    const [total] = rowsOf<{ count: number }>(
      await server.connection.db.execute(sql`select count(*)::int as count from persons`),
    )

    const page = (await (
      await server.api(`/api/v1/queries/${query.id}/preview?limit=2`)
    ).json()) as Preview
    const next = (await (
      await server.api(`/api/v1/queries/${query.id}/preview?limit=2&afterId=${page.nextAfterId}`)
    ).json()) as Preview

    expect(page.count).toBe(total?.count)
    expect(page.persons).toHaveLength(2)
    expect(page.persons[0]).toEqual(
      expect.objectContaining({ id: expect.any(Number), mailable: expect.any(Boolean) }),
    )
    expect(page.persons[0]).not.toHaveProperty('iban')
    expect(next.persons[0]!.id).toBeGreaterThan(page.persons[1]!.id)
  })

  it('answers 404 for a query that does not exist', async () => {
    await expectProblem(await server.api('/api/v1/queries/424242/preview'), 404)
  })
})

describe('who may do what', () => {
  let query: SavedQueryView

  beforeAll(async () => {
    query = await created('Rechten', { field: 'city', equals: "Groningen' or 1=1 --" })
  })

  it('lets a viewer list and preview, but not create', async () => {
    const preview = `/api/v1/queries/${query.id}/preview`

    expect((await server.api('/api/v1/queries', { headers: as(viewerKey) })).status).toBe(200)
    expect((await server.api(preview, { headers: as(viewerKey) })).status).toBe(200)
    await expectProblem(await create({ name: 'Kijker', definition: {} }, as(viewerKey)), 403)
  })

  it('lets an editor create, but not see the SQL', async () => {
    const response = await create({ name: 'Redacteur', definition: { all: [] } }, as(editorKey))

    expect(response.status).toBe(201)
    await expectProblem(
      await server.api(`/api/v1/queries/${query.id}/explain`, { headers: as(editorKey) }),
      403,
    )
  })

  it('shows an administrator the SQL, with every value as a parameter, and its plan', async () => {
    const response = await server.api(`/api/v1/queries/${query.id}/explain`)

    const explained = (await response.json()) as { sql: string; params: unknown[]; plan: string[] }
    expect(explained.sql).toContain('lower("persons"."city") = lower($1)')
    expect(explained.sql).not.toContain('Groningen')
    expect(explained.params).toEqual(["Groningen' or 1=1 --"])
    expect(explained.plan.join('\n')).toMatch(/Scan/)
  })

  it('refuses requests without an API key', async () => {
    await expectProblem(await fetch(`${server.url}/api/v1/queries`), 401)
  })
})

describe('a saved query in a mailing audience', () => {
  let mailingId: number
  let inDelft: number
  const people: number[] = []

  beforeAll(async () => {
    for (const city of ['Delft', 'Delft', 'Leiden']) {
      const response = await server.api('/api/v1/persons', {
        method: 'POST',
        json: { firstName: city, email: `${city.toLowerCase()}${people.length}@example.org`, city },
      })
      const { id } = (await response.json()) as { id: number }
      people.push(id)
      await server.api(`/api/v1/persons/${id}/consent-records`, {
        method: 'POST',
        json: { type: 'vrienden-nieuwsbrief', optIn: true, channel: 'manual', description: 'test' },
      })
    }
    inDelft = (await created('In Delft', { field: 'city', equals: 'Delft' })).id
    const mailing = await server.api('/api/v1/mailings', {
      method: 'POST',
      json: { name: 'Vrienden', subject: 'Vrienden', type: 'vrienden-nieuwsbrief' },
    })
    mailingId = ((await mailing.json()) as { id: number }).id
  })

  function audience(conditions: unknown[]) {
    return server.api(`/api/v1/mailings/${mailingId}/recipients`, {
      method: 'POST',
      json: { criteria: { optIn: 'vrienden-nieuwsbrief', mailable: true, conditions } },
    })
  }

  async function recipientIds(conditions: unknown[]) {
    const response = await audience(conditions)
    expect(response.status).toBe(200)
    const lines = (await response.text()).trim().split('\n').filter(Boolean)
    return lines.map((line) => (JSON.parse(line) as { personId: number }).personId)
  }

  it('narrows the audience to the query', async () => {
    expect(await recipientIds([{ inQuery: inDelft }])).toEqual([people[0], people[1]])
  })

  it('leaves the query out', async () => {
    expect(await recipientIds([{ notInQuery: inDelft }])).toEqual([people[2]])
  })

  it('is refused when the query does not exist', async () => {
    await expectInvalidField(
      await audience([{ createdWithinDays: 30 }, { inQuery: 777_777 }]),
      'criteria.conditions[1]',
    )
  })
})
