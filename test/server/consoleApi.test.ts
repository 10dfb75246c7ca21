import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseCsv } from '../support/csvParse.ts'
import { createNamedPerson } from '../support/persons.ts'
import { expectInvalidField, expectProblem } from '../support/problems.ts'
import { startTestServer, type TestServer } from '../support/testServer.ts'

/** The ledger's clock, moved to place records on chosen days; the demo data lands before. */
let now = new Date('2026-10-01T10:00:00Z')
let server: TestServer
let ada: { id: number }
let bram: { id: number }

beforeAll(async () => {
  server = await startTestServer({ clock: () => now })
  ada = await createNamedPerson(server, 'Adaconsole')
  bram = await createNamedPerson(server, 'Bramconsole')

  await record(ada.id, '2026-11-02T10:00:00Z', { type: 'nieuwsbrief', optIn: true })
  await record(ada.id, '2026-11-10T10:00:00Z', {
    type: 'nieuwsbrief',
    optIn: false,
    channel: 'telephone',
    description: '=HYPERLINK("x") belde af, "geen post"',
  })
  await record(bram.id, '2026-11-10T11:00:00Z', { type: 'vrienden-nieuwsbrief', optIn: true })
  await record(bram.id, '2026-11-24T09:00:00Z', { type: 'servicemail', optIn: true, soft: true })
})

afterAll(async () => {
  await server?.close()
})

async function record(
  personId: number,
  at: string,
  entry: { type: string; optIn: boolean; channel?: string; description?: string; soft?: boolean },
) {
  now = new Date(at)
  const response = await server.api(`/api/v1/persons/${personId}/consent-records`, {
    method: 'POST',
    json: { channel: 'letter', description: 'Brief ontvangen', ...entry },
  })
  expect(response.status).toBe(201)
}

async function ledger(query: string) {
  const response = await server.api(`/api/v1/consent-records?${query}`)
  expect(response.status).toBe(200)
  return (await response.json()) as {
    records: { id: number; personId: number; type: string; channel: string; optIn: boolean }[]
    nextAfterId: number | null
  }
}

describe('searching persons', () => {
  it('finds a person by part of the name, by email in any case, and by id', async () => {
    const search = async (q: string) => {
      const response = await server.api(`/api/v1/persons?q=${encodeURIComponent(q)}`)
      const { persons } = (await response.json()) as { persons: { id: number }[] }
      return persons.map((person) => person.id)
    }

    expect(await search('adacons')).toEqual([ada.id])
    expect(await search('BRAMCONSOLE@EXAMPLE.ORG')).toEqual([bram.id])
    expect(await search(String(bram.id))).toContain(bram.id)
    expect(await search('%')).not.toContain(ada.id)
    expect(await search('CONSOLE adaconsole@example')).toEqual([ada.id])
    expect(await search('adaconsole bram')).toEqual([])

    const created = await server.api('/api/v1/persons', {
      method: 'POST',
      json: { firstName: 'Joris', infix: 'van', lastName: 'Zoekwijck' },
    })
    const joris = ((await created.json()) as { id: number }).id
    expect(await search('Zoekwijck Joris')).toEqual([joris])
    expect(await search('joris zoekwijck')).toEqual([joris])
  })
})

describe('the consent ledger for operators', () => {
  it('filters by person-independent criteria and combines them', async () => {
    const byChannel = await ledger('channel=telephone')
    const outsInNovember = await ledger('optIn=false&from=2026-11-01&to=2026-11-30')
    const softOnes = await ledger('soft=true&type=servicemail&from=2026-11-20')
    const oneDay = await ledger('from=2026-11-10&to=2026-11-10')

    expect(byChannel.records.map((entry) => entry.personId)).toEqual([ada.id])
    expect(outsInNovember.records).toHaveLength(1)
    expect(outsInNovember.records[0]).toMatchObject({ personId: ada.id, type: 'nieuwsbrief' })
    expect(softOnes.records.map((entry) => entry.personId)).toEqual([bram.id])
    expect(oneDay.records.map((entry) => entry.personId).sort()).toEqual([ada.id, bram.id].sort())
  })

  it('pages newest first without skipping or repeating a record', async () => {
    const all = await ledger('from=2026-11-01&to=2026-11-30&limit=500')
    const first = await ledger('from=2026-11-01&to=2026-11-30&limit=2')
    const second = await ledger(
      `from=2026-11-01&to=2026-11-30&limit=2&afterId=${first.nextAfterId}`,
    )

    const ids = all.records.map((entry) => entry.id)
    expect(ids).toEqual([...ids].sort((a, b) => b - a))
    expect([...first.records, ...second.records].map((entry) => entry.id)).toEqual(ids.slice(0, 4))
  })

  it('refuses a period that ends before it starts and an unknown channel', async () => {
    const backwards = await server.api('/api/v1/consent-records?from=2026-12-01&to=2026-11-01')
    const channel = await server.api('/api/v1/consent-records?channel=pigeon')

    const problem = await expectProblem(backwards, 400)
    expect(problem.errors?.[0]?.message).toBe('"from" must not be after "to".')
    await expectInvalidField(channel, 'channel')
  })

  it('refuses days PostgreSQL could not count from, instead of failing', async () => {
    for (const path of [
      '/api/v1/consent-records?to=9999-12-31',
      '/api/v1/consent-records.csv?to=9999-12-31',
      '/api/v1/stats/consent-over-time?to=0001-01-01',
    ]) {
      await expectProblem(await server.api(path), 400)
    }
  })

  it('exports the filtered ledger as CSV with formulas defused', async () => {
    const response = await server.api('/api/v1/consent-records.csv?channel=telephone')

    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(response.headers.get('content-disposition')).toContain('consent-records.csv')
    const [header, ...rows] = parseCsv(await response.text())
    expect(header).toEqual([
      'id',
      'recorded_at',
      'person_id',
      'type',
      'channel',
      'opt_in',
      'soft',
      'description',
      'contact_moment_id',
    ])
    expect(rows).toEqual([
      [
        expect.any(String),
        '2026-11-10T10:00:00.000Z',
        String(ada.id),
        'nieuwsbrief',
        'telephone',
        'false',
        'false',
        `'=HYPERLINK("x") belde af, "geen post"`,
        '',
      ],
    ])
  })
})

describe('invalid fields', () => {
  it('carry a code and a limit, so a client can word them in its own language', async () => {
    const send = async (json: Record<string, unknown>) => {
      const response = await server.api(`/api/v1/persons/${ada.id}/consent-records`, {
        method: 'POST',
        json: { type: 'nieuwsbrief', optIn: true, channel: 'letter', ...json },
      })
      return (await expectProblem(response, 400)).errors
    }

    expect(await send({ description: '   ' })).toEqual([
      expect.objectContaining({ path: 'description', code: 'required' }),
    ])
    expect(await send({ description: 'x'.repeat(1001) })).toEqual([
      expect.objectContaining({ path: 'description', code: 'too-long', limit: 1000 }),
    ])
    expect(await send({ description: 'Brief', colour: 'blue' })).toEqual([
      expect.objectContaining({ path: 'colour', code: 'unknown-field' }),
    ])
  })
})

describe('figures for charts', () => {
  it('counts opt-ins and opt-outs per type per week, with empty weeks as zero', async () => {
    const response = await server.api(
      '/api/v1/stats/consent-over-time?from=2026-11-02&to=2026-11-29&interval=week',
    )
    const body = (await response.json()) as {
      periods: string[]
      series: { type: string; optIns: number[]; optOuts: number[] }[]
    }
    const series = (type: string) => body.series.find((entry) => entry.type === type)!

    expect(body.periods).toEqual(['2026-11-02', '2026-11-09', '2026-11-16', '2026-11-23'])
    expect(series('nieuwsbrief')).toMatchObject({ optIns: [1, 0, 0, 0], optOuts: [0, 1, 0, 0] })
    expect(series('vrienden-nieuwsbrief').optIns).toEqual([0, 1, 0, 0])
    expect(series('servicemail').optIns[3]).toBeGreaterThanOrEqual(1)
  })

  it('refuses a chart of more points than it can draw', async () => {
    const response = await server.api(
      '/api/v1/stats/consent-over-time?from=2000-01-01&to=2026-01-01&interval=day',
    )

    expect(response.status).toBe(400)
  })

  it('counts current consent per type from the effective state', async () => {
    const response = await server.api('/api/v1/stats/current-consent')
    const { types } = (await response.json()) as {
      types: { type: string; optedIn: number; optedOut: number }[]
    }
    const friends = types.find((entry) => entry.type === 'vrienden-nieuwsbrief')!
    const newsletter = types.find((entry) => entry.type === 'nieuwsbrief')!

    expect(friends.optedIn).toBeGreaterThanOrEqual(1)
    expect(newsletter.optedOut).toBeGreaterThanOrEqual(1)
  })

  it('lists bounces per mailing', async () => {
    const response = await server.api('/api/v1/stats/bounces-per-mailing')
    const { mailings } = (await response.json()) as {
      mailings: { id: number; sent: number; hardBounces: number; softBounces: number }[]
    }

    expect(mailings.length).toBeGreaterThanOrEqual(1)
    expect(mailings[0]).toMatchObject({
      sent: expect.any(Number),
      hardBounces: 0,
      softBounces: 0,
      complaints: 0,
    })
  })
})
