/**
 * Every condition of the saved-query language against a small hand-made data set whose
 * answers are known, through the preview endpoint.
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { donations } from '../../db/schema/index.ts'
import { startTestServer, type TestServer } from '../support/testServer.ts'

let server: TestServer
const people: Record<string, number> = {}
const names = ['Anna', 'Bram', 'Cato', 'Daan', 'Eva', 'Femke', 'Gijs'] as const
type Name = (typeof names)[number]

const day = 86_400_000
const daysAgo = (days: number) => new Date(Date.now() - days * day).toISOString().slice(0, 10)

async function person(name: Name, fields: Record<string, unknown>, createdDaysAgo: number) {
  const response = await server.api('/api/v1/persons', {
    method: 'POST',
    json: { firstName: name, email: `${name.toLowerCase()}@example.org`, ...fields },
  })
  expect(response.status).toBe(201)
  const { id } = (await response.json()) as { id: number }
  people[name] = id
  await server.connection.db.execute(
    sql`update persons set created_at = now() - make_interval(days => ${createdDaysAgo})
      where id = ${id}`,
  )
}

async function consent(name: Name, type: string, optIn: boolean, soft: boolean) {
  const response = await server.api(`/api/v1/persons/${people[name]}/consent-records`, {
    method: 'POST',
    json: { type, optIn, soft, channel: 'manual', description: 'testgegevens' },
  })
  expect(response.status).toBe(201)
}

async function donation(name: Name, amountCents: number, donatedDaysAgo: number) {
  await server.connection.db.insert(donations).values({
    personId: people[name]!,
    amountCents,
    donatedOn: daysAgo(donatedDaysAgo),
    method: 'ideal',
  })
}

/** The names of the data set's persons that the definition selects. */
async function selected(definition: unknown): Promise<Name[]> {
  const response = await server.api('/api/v1/queries/preview?limit=100', {
    method: 'POST',
    json: { definition },
  })
  expect(response.status).toBe(200)
  const { persons } = (await response.json()) as { persons: { id: number }[] }
  const ids = new Set(persons.map((found) => found.id))
  return names.filter((name) => ids.has(people[name]!))
}

async function previewOf(request: Promise<Response>) {
  const response = await request
  expect(response.status).toBe(200)
  const preview = (await response.json()) as { count: number; persons: { id: number }[] }
  return { count: preview.count, ids: preview.persons.map((found) => found.id) }
}

async function savedQuery(name: string, definition: unknown): Promise<number> {
  const response = await server.api('/api/v1/queries', {
    method: 'POST',
    json: { name, definition },
  })
  expect(response.status).toBe(201)
  return ((await response.json()) as { id: number }).id
}

beforeAll(async () => {
  server = await startTestServer()
  const fields = {
    Anna: { city: 'Utrecht', postalCode: '3511 AB', birthDate: '1970-05-01' },
    Bram: { city: 'utrecht', deceased: true, relationshipEndedOn: '2020-01-01' },
    Cato: { email: null, lastName: 'Zonderadres' },
    Daan: { city: 'Amsterdam', birthDate: '1990-12-31' },
    Eva: { city: 'Rotterdam' },
    Femke: { city: '' },
    Gijs: { city: 'Rotterdam', language: 'en' },
  } satisfies Record<Name, Record<string, unknown>>
  const created: Record<Name, number> = {
    Anna: 1,
    Bram: 10,
    Cato: 2,
    Daan: 30,
    Eva: 100,
    Femke: 5,
    Gijs: 400,
  }
  for (const name of names) await person(name, fields[name], created[name])

  await consent('Anna', 'servicemail', true, true)
  await consent('Anna', 'nieuwsbrief', true, false)
  await consent('Bram', 'nieuwsbrief', false, false)
  await consent('Daan', 'servicemail', true, false)
  await consent('Daan', 'servicemail', false, true)
  await consent('Eva', 'servicemail', false, true)
  await consent('Femke', 'nieuwsbrief', true, true)
  await consent('Femke', 'nieuwsbrief', false, false)

  await server.connection.db.execute(
    sql`update persons set bouncer = true, consecutive_bounces = 3 where id = ${people.Daan}`,
  )
  const anonymised = await server.api(`/api/v1/persons/${people.Eva}/anonymise`, {
    method: 'POST',
  })
  expect(anonymised.status).toBe(200)

  await donation('Anna', 2500, 30)
  await donation('Anna', 5000, 200)
  await donation('Cato', 10_000, 3 * 365)
  await donation('Gijs', 1000, 10)
})

afterAll(() => server.close())

type Case = [string, unknown, Name[]]

describe('a condition on a person field', () => {
  it.each<Case>([
    ['equals, whatever the case', { field: 'city', equals: 'UTRECHT' }, ['Anna', 'Bram']],
    ['contains', { field: 'city', contains: 'dam' }, ['Daan', 'Gijs']],
    ['empty: null or no text', { field: 'city', empty: true }, ['Cato', 'Eva', 'Femke']],
    ['not empty', { field: 'city', empty: false }, ['Anna', 'Bram', 'Daan', 'Gijs']],
    ['a text comparison', { field: 'postalCode', atLeast: '3000' }, ['Anna']],
    ['less than a date', { field: 'birthDate', lessThan: '1980-01-01' }, ['Anna']],
    ['at least a date', { field: 'birthDate', atLeast: '1980-01-01' }, ['Daan']],
    ['equals a date', { field: 'birthDate', equals: '1990-12-31' }, ['Daan']],
    ['at most a date', { field: 'birthDate', atMost: '1990-12-30' }, ['Anna']],
    ['greater than a date', { field: 'birthDate', greaterThan: '1970-05-01' }, ['Daan']],
    ['a date that is set', { field: 'relationshipEndedOn', empty: false }, ['Bram']],
    ['a number', { field: 'consecutiveBounces', atLeast: 1 }, ['Daan']],
    ['language', { field: 'language', equals: 'en' }, ['Gijs']],
    ['created in the last 3 days', { field: 'createdAt', withinLastDays: 3 }, ['Anna', 'Cato']],
    [
      'created more than 20 days ago',
      { field: 'createdAt', moreThanDaysAgo: 20 },
      ['Daan', 'Eva', 'Gijs'],
    ],
    ['created on a day', { field: 'createdAt', equals: daysAgo(1) }, ['Anna']],
    ['created before a day', { field: 'createdAt', lessThan: daysAgo(99) }, ['Eva', 'Gijs']],
    ['created after a day', { field: 'createdAt', greaterThan: daysAgo(3) }, ['Anna', 'Cato']],
    ['anonymised on a day', { field: 'anonymisedAt', atLeast: daysAgo(1) }, ['Eva']],
  ])('selects by %s', async (_, definition, expected) => {
    expect(await selected(definition)).toEqual(expected)
  })

  it('selects by id', async () => {
    expect(await selected({ field: 'id', equals: people.Cato })).toEqual(['Cato'])
  })
})

describe('a condition on effective consent', () => {
  it.each<Case>([
    ['opted in, soft or hard', { optedIn: 'servicemail' }, ['Anna', 'Daan']],
    ['opted out', { optedOut: 'servicemail' }, ['Eva']],
    ['any record', { anyRecord: 'servicemail' }, ['Anna', 'Daan', 'Eva']],
    ['no record', { noRecord: 'servicemail' }, ['Bram', 'Cato', 'Femke', 'Gijs']],
    ['opted in, hard beating an older soft', { optedIn: 'nieuwsbrief' }, ['Anna']],
    ['opted out, hard beating a soft', { optedOut: 'nieuwsbrief' }, ['Bram', 'Femke']],
  ])('selects by %s', async (_, definition, expected) => {
    expect(await selected(definition)).toEqual(expected)
  })
})

describe('a condition on a flag', () => {
  it.each<Case>([
    ['mailable', { mailable: true }, ['Anna', 'Femke', 'Gijs']],
    ['not mailable', { mailable: false }, ['Bram', 'Cato', 'Daan', 'Eva']],
    ['deceased', { deceased: true }, ['Bram']],
    ['bouncer', { bouncer: true }, ['Daan']],
    ['anonymised', { anonymised: true }, ['Eva']],
    ['not anonymised', { anonymised: false }, ['Anna', 'Bram', 'Cato', 'Daan', 'Femke', 'Gijs']],
  ])('selects by %s', async (_, definition, expected) => {
    expect(await selected(definition)).toEqual(expected)
  })
})

describe('a condition on donations', () => {
  it.each<Case>([
    ['at least one, ever', { donations: { count: { atLeast: 1 } } }, ['Anna', 'Cato', 'Gijs']],
    ['at least two', { donations: { count: { atLeast: 2 } } }, ['Anna']],
    [
      'none, counting people without donations as 0',
      { donations: { count: { atMost: 0 } } },
      ['Bram', 'Daan', 'Eva', 'Femke'],
    ],
    [
      'at least one in the last year',
      { donations: { count: { atLeast: 1 }, withinLastDays: 365 } },
      ['Anna', 'Gijs'],
    ],
    [
      'a sum in the last year',
      { donations: { sumCents: { atLeast: 5000 }, withinLastDays: 365 } },
      ['Anna'],
    ],
    ['a sum, ever', { donations: { sumCents: { atLeast: 5000 } } }, ['Anna', 'Cato']],
    [
      'a sum between bounds',
      { donations: { sumCents: { atLeast: 1000, atMost: 2000 } } },
      ['Gijs'],
    ],
    [
      'a count between two dates',
      { donations: { count: { atLeast: 2 }, from: daysAgo(250), to: daysAgo(20) } },
      ['Anna'],
    ],
  ])('selects by %s', async (_, definition, expected) => {
    expect(await selected(definition)).toEqual(expected)
  })
})

describe('a group', () => {
  it.each<Case>([
    ['all', { all: [{ field: 'city', equals: 'utrecht' }, { deceased: false }] }, ['Anna']],
    ['any', { any: [{ bouncer: true }, { deceased: true }] }, ['Bram', 'Daan']],
    [
      'not, which includes persons without a value',
      { not: { field: 'city', equals: 'Utrecht' } },
      ['Cato', 'Daan', 'Eva', 'Femke', 'Gijs'],
    ],
    ['all of nothing: everyone', { all: [] }, [...names]],
    [
      'nested groups',
      {
        any: [
          { all: [{ mailable: true }, { not: { optedIn: 'nieuwsbrief' } }] },
          { deceased: true },
        ],
      },
      ['Bram', 'Femke', 'Gijs'],
    ],
  ])('selects by %s', async (_, definition, expected) => {
    expect(await selected(definition)).toEqual(expected)
  })
})

describe('a sub-query', () => {
  let inUtrecht: number
  let mailableInUtrecht: number

  beforeAll(async () => {
    inUtrecht = await savedQuery('In Utrecht', { field: 'city', equals: 'Utrecht' })
    mailableInUtrecht = await savedQuery('Mailbaar in Utrecht', {
      all: [{ inQuery: inUtrecht }, { mailable: true }],
    })
  })

  it('selects everyone in the named query', async () => {
    expect(await selected({ inQuery: inUtrecht })).toEqual(['Anna', 'Bram'])
  })

  it('selects everyone not in it, persons without a city included', async () => {
    expect(await selected({ notInQuery: inUtrecht })).toEqual([
      'Cato',
      'Daan',
      'Eva',
      'Femke',
      'Gijs',
    ])
  })

  it('compiles sub-queries of sub-queries', async () => {
    expect(await selected({ inQuery: mailableInUtrecht })).toEqual(['Anna'])
    expect(
      await selected({ all: [{ notInQuery: mailableInUtrecht }, { deceased: false }] }),
    ).toEqual(['Cato', 'Daan', 'Eva', 'Femke', 'Gijs'])
  })

  it('answers the same for a saved query as for its definition', async () => {
    const saved = await previewOf(server.api(`/api/v1/queries/${inUtrecht}/preview`))
    const unsaved = await previewOf(
      server.api('/api/v1/queries/preview', {
        method: 'POST',
        json: { definition: { field: 'city', equals: 'Utrecht' } },
      }),
    )

    expect(saved).toEqual(unsaved)
    expect(saved.ids).toEqual(expect.arrayContaining([people.Anna, people.Bram]))
  })
})
