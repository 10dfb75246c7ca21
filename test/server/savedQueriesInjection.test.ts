/**
 * Injection attempts against saved queries: hostile values are only ever data, and
 * hostile field names, operators, type keys and query ids are refused before any SQL.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowsOf } from '../../db/client.ts'
import { expectInvalidField, expectProblem } from '../support/problems.ts'
import { startTestServer, type TestServer } from '../support/testServer.ts'

let server: TestServer
const people: Record<string, number> = {}

const hostileNames = [
  `O'Brien"; drop table persons; --`,
  '100% zeker',
  'Zeker',
  'onder_streep',
  'Back\\slash',
  "Robert'); delete from consent_records where ('1'='1",
  '$1 || lower(email)',
]

async function personCount(): Promise<number> {
  const query = sql`select count(*)::int as count from persons`
  return rowsOf<{ count: number }>(await server.connection.db.execute(query))[0]!.count
}

async function selectedLastNames(definition: unknown): Promise<string[]> {
  const response = await server.api('/api/v1/queries/preview?limit=100', {
    method: 'POST',
    json: { definition },
  })
  expect(response.status).toBe(200)
  const { persons } = (await response.json()) as { persons: { lastName: string | null }[] }
  return persons.map((found) => found.lastName ?? '').filter((name) => hostileNames.includes(name))
}

function preview(definition: unknown) {
  return server.api('/api/v1/queries/preview', { method: 'POST', json: { definition } })
}

beforeAll(async () => {
  server = await startTestServer()
  for (const lastName of hostileNames) {
    const response = await server.api('/api/v1/persons', {
      method: 'POST',
      json: { firstName: 'Test', lastName, city: lastName },
    })
    people[lastName] = ((await response.json()) as { id: number }).id
  }
})

afterAll(() => server.close())

describe('a hostile value', () => {
  it.each(hostileNames)('is compared as plain text: %s', async (name) => {
    expect(await selectedLastNames({ field: 'lastName', equals: name })).toEqual([name])
  })

  it.each([
    ['%', ['100% zeker']],
    ['_', ['onder_streep', "Robert'); delete from consent_records where ('1'='1"]],
    ['\\', ['Back\\slash']],
    [
      "'",
      [`O'Brien"; drop table persons; --`, "Robert'); delete from consent_records where ('1'='1"],
    ],
    ['$1', ['$1 || lower(email)']],
  ])('finds only a literal %s with contains', async (text, expected) => {
    expect(await selectedLastNames({ field: 'city', contains: text })).toEqual(expected)
  })

  it('leaves the tables as they were', async () => {
    const before = await personCount()

    for (const name of hostileNames) {
      await preview({
        any: [
          { field: 'city', equals: name },
          { field: 'lastName', contains: name },
        ],
      })
    }

    expect(await personCount()).toBe(before)
    expect(await selectedLastNames({ all: [] })).toHaveLength(hostileNames.length)
  })

  it('is stored as it was given, as a query name too', async () => {
    const name = "Naam'); drop table saved_queries; --"
    const created = await server.api('/api/v1/queries', {
      method: 'POST',
      json: { name, definition: { field: 'lastName', equals: hostileNames[0] } },
    })
    const { id } = (await created.json()) as { id: number }

    const read = (await (await server.api(`/api/v1/queries/${id}`)).json()) as {
      name: string
      definition: { equals: string }
    }
    expect(read).toMatchObject({ name, definition: { equals: hostileNames[0] } })
  })
})

describe('a hostile name', () => {
  it.each([
    'city; drop table persons',
    'persons.city',
    '"city"',
    'CITY',
    'city--',
    '__proto__',
    'constructor',
    'toString',
    'hasOwnProperty',
    'iban',
    'bsn',
    '',
  ])('of a field is refused: %s', async (field) => {
    await expectInvalidField(await preview({ field, equals: 'x' }), 'definition.field')
  })

  it.each(['equals; drop table persons', '__proto__', 'constructor', 'toString'])(
    'of a test is refused: %s',
    async (test) => {
      const response = await server.api('/api/v1/queries/preview', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"definition":{"field":"city",${JSON.stringify(test)}:"x"}}`,
      })
      await expectProblem(response, 400)
    },
  )

  it.each(['__proto__', 'constructor', 'toString', 'valueOf'])(
    'of a kind of condition is refused: %s',
    async (kind) => {
      const response = await server.api('/api/v1/queries/preview', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: `{"definition":{${JSON.stringify(kind)}:{"all":[]}}}`,
      })
      await expectInvalidField(response, 'definition')
    },
  )

  it.each([
    "servicemail' or '1'='1",
    'SERVICEMAIL',
    'servicemail; drop table opt_in_types',
    '../servicemail',
  ])('of an opt-in type is refused: %s', async (key) => {
    await expectInvalidField(await preview({ optedIn: key }), 'definition.optedIn')
  })
})

describe('a hostile number or date', () => {
  it.each([
    ['a query id as text', { inQuery: '1 or 1=1' }, 'definition.inQuery'],
    ['a fractional query id', { notInQuery: 1.5 }, 'definition.notInQuery'],
    ['a negative query id', { inQuery: -1 }, 'definition.inQuery'],
    ['a query id beyond any', { inQuery: 1e300 }, 'definition.inQuery'],
    [
      'a number as text',
      { field: 'consecutiveBounces', atLeast: '0 or 1=1' },
      'definition.atLeast',
    ],
    [
      'a date with SQL',
      { field: 'birthDate', lessThan: "2000-01-01' or '1'='1" },
      'definition.lessThan',
    ],
    [
      'days as text',
      { field: 'createdAt', withinLastDays: '3; drop' },
      'definition.withinLastDays',
    ],
    [
      'a range as text',
      { donations: { sumCents: { atLeast: '1' } } },
      'definition.donations.sumCents.atLeast',
    ],
  ])('is refused: %s', async (_, definition, path) => {
    await expectInvalidField(await preview(definition), path)
  })

  it('is refused in a mailing audience as well', async () => {
    const response = await server.api(`/api/v1/mailings/1/recipients`, {
      method: 'POST',
      json: {
        criteria: { optIn: 'nieuwsbrief', mailable: true, conditions: [{ inQuery: '1; drop' }] },
      },
    })
    await expectProblem(response, 400)
  })
})
