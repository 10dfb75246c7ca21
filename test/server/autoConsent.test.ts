/**
 * Automatic soft opt-ins and opt-outs (SPEC §3, §8): the SPEC §8 example as two saved
 * queries on Servicemail, the job's idempotency, opt-out rules, the schedule, and "grant on
 * sign-up".
 */
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { consentRecords, outboxMails } from '../../db/schema/index.ts'
import { systemClock } from '../../server/clock.ts'
import { defaultRetentionPolicy } from '../../server/jobs/retentionPolicy.ts'
import { startScheduler } from '../../server/jobs/scheduler.ts'
import { silentLogger } from '../../server/logger.ts'
import { startTestServer, type TestServer } from '../support/testServer.ts'

let server: TestServer
const people: Record<string, number> = {}

interface LedgerEntry {
  type: string
  channel: string
  optIn: boolean
  soft: boolean
  description: string
}

interface Outcome {
  status: string
  dryRun: boolean
  rules: { type: string; optIn: boolean; queryId: number; persons: number }[]
}

async function person(name: string, createdDaysAgo: number, fields: object = {}) {
  const response = await server.api('/api/v1/persons', {
    method: 'POST',
    json: { firstName: name, email: `${name.toLowerCase()}@example.org`, ...fields },
  })
  const { id } = (await response.json()) as { id: number }
  people[name] = id
  await server.connection.db.execute(
    sql`update persons set created_at = now() - make_interval(days => ${createdDaysAgo})
      where id = ${id}`,
  )
  return id
}

async function consent(name: string, type: string, optIn: boolean, soft: boolean) {
  const response = await server.api(`/api/v1/persons/${people[name]}/consent-records`, {
    method: 'POST',
    json: { type, optIn, soft, channel: 'letter', description: 'per brief' },
  })
  expect(response.status).toBe(201)
}

async function savedQuery(name: string, definition: unknown): Promise<number> {
  const response = await server.api('/api/v1/queries', {
    method: 'POST',
    json: { name, definition },
  })
  expect(response.status).toBe(201)
  return ((await response.json()) as { id: number }).id
}

async function setType(key: string, settings: object) {
  const response = await server.api(`/api/v1/opt-in-types/${key}`, {
    method: 'PATCH',
    json: settings,
  })
  expect(response.status).toBe(200)
}

async function runJob(dryRun: boolean): Promise<Outcome> {
  const response = await server.api('/api/v1/queries/auto-consent/runs', {
    method: 'POST',
    json: { dryRun },
  })
  expect(response.status).toBe(200)
  return (await response.json()) as Outcome
}

async function ledgerOf(name: string, type: string): Promise<LedgerEntry[]> {
  const response = await server.api(`/api/v1/persons/${people[name]}/consent-records`)
  const { records } = (await response.json()) as { records: LedgerEntry[] }
  return records.filter((record) => record.type === type)
}

async function effective(name: string, type: string) {
  const response = await server.api(`/api/v1/persons/${people[name]}/consent`)
  const { consent } = (await response.json()) as { consent: { type: string }[] }
  return consent.find((entry) => entry.type === type)
}

async function recordCount(): Promise<number> {
  return (await server.connection.db.select().from(consentRecords)).length
}

beforeAll(async () => {
  server = await startTestServer()
  // The demo's people were created just now; here they are long-standing relations.
  await server.connection.db.execute(sql`update persons set created_at = now() - interval '1 year'`)
})

afterAll(() => server.close())

describe('the SPEC §8 example as the auto opt-in query of Servicemail', () => {
  const exampleName = 'Nieuw zonder Servicemail'
  let withRecord: number
  let newWithout: number
  const newcomers = ['Nieuw', 'Nieuwsgierig']
  const others = ['Afgemeld', 'Zacht', 'Uitgezet', 'Vergeten', 'Oud']

  beforeAll(async () => {
    await person('Nieuw', 1)
    await person('Nieuwsgierig', 2)
    await consent('Nieuwsgierig', 'nieuwsbrief', true, false)
    await person('Afgemeld', 2)
    await consent('Afgemeld', 'servicemail', false, false)
    await person('Zacht', 2)
    await consent('Zacht', 'servicemail', true, true)
    await person('Uitgezet', 1)
    await consent('Uitgezet', 'servicemail', false, true)
    await person('Vergeten', 1)
    await server.api(`/api/v1/persons/${people.Vergeten}/anonymise`, { method: 'POST' })
    await person('Oud', 10)

    withRecord = await savedQuery('Iedereen met een Servicemail-record', {
      anyRecord: 'servicemail',
    })
    newWithout = await savedQuery(exampleName, {
      all: [
        { field: 'createdAt', withinLastDays: 3 },
        { not: { optedIn: 'servicemail' } },
        { notInQuery: withRecord },
      ],
    })
    await setType('servicemail', { autoOptInQueryId: newWithout })
  })

  it('is counted, not recorded, in a dry run', async () => {
    const before = await recordCount()

    const outcome = await runJob(true)

    expect(outcome).toEqual({
      status: 'finished',
      dryRun: true,
      rules: [{ type: 'servicemail', optIn: true, queryId: newWithout, persons: 2 }],
    })
    expect(await recordCount()).toBe(before)
  })

  it('gives exactly the right people exactly one soft opt-in each in one run', async () => {
    const before = await recordCount()

    const outcome = await runJob(false)

    expect(outcome.rules).toEqual([
      { type: 'servicemail', optIn: true, queryId: newWithout, persons: 2 },
    ])
    expect(await recordCount()).toBe(before + 2)
    for (const name of newcomers) {
      expect(await ledgerOf(name, 'servicemail')).toEqual([
        expect.objectContaining({
          channel: 'automatic',
          optIn: true,
          soft: true,
          description: `Automatische opt-in via zoekvraag "${exampleName}" (#${newWithout})`,
        }),
      ])
      expect(await effective(name, 'servicemail')).toMatchObject({ optIn: true, soft: true })
    }
    for (const name of others) {
      const ledger = await ledgerOf(name, 'servicemail')
      expect(ledger.filter((record) => record.channel === 'automatic')).toEqual([])
    }
  })

  it('adds nothing when it runs again', async () => {
    const before = await recordCount()

    const outcome = await runJob(false)

    expect(outcome.rules[0]?.persons).toBe(0)
    expect(await recordCount()).toBe(before)
  })

  it('leaves a hard opt-out as it was', async () => {
    expect(await effective('Afgemeld', 'servicemail')).toMatchObject({ optIn: false, soft: false })
  })

  afterAll(() => setType('servicemail', { autoOptInQueryId: null }))
})

describe('auto opt-in and opt-out queries on one type', () => {
  let everyone: number
  let deceased: number

  beforeAll(async () => {
    const created = await server.api('/api/v1/opt-in-types', {
      method: 'POST',
      json: { key: 'ledenpost', labels: { nl: 'Ledenpost' }, kind: 'soft', channel: 'post' },
    })
    expect(created.status).toBe(201)
    await person('Overleden', 400, { deceased: true })
    await person('Lid', 400)
    await person('Bedankt', 400)
    await consent('Bedankt', 'ledenpost', false, false)

    everyone = await savedQuery('Iedereen', { all: [] })
    deceased = await savedQuery('Overledenen', { deceased: true })
    await setType('ledenpost', { autoOptInQueryId: everyone, autoOptOutQueryId: deceased })
  })

  it('records the opt-outs first, so a person in both gets the opt-out', async () => {
    const outcome = await runJob(false)

    const rules = outcome.rules.filter((rule) => rule.type === 'ledenpost')
    expect(rules.map((rule) => rule.optIn)).toEqual([false, true])
    expect(rules[0]?.persons).toBe(1)
    expect(await ledgerOf('Overleden', 'ledenpost')).toEqual([
      expect.objectContaining({
        channel: 'automatic',
        optIn: false,
        soft: true,
        description: `Automatische opt-out via zoekvraag "Overledenen" (#${deceased})`,
      }),
    ])
    expect(await effective('Lid', 'ledenpost')).toMatchObject({ optIn: true, soft: true })
  })

  it('never adds to a person with a hard record', async () => {
    expect(await ledgerOf('Bedankt', 'ledenpost')).toEqual([
      expect.objectContaining({ channel: 'letter', optIn: false, soft: false }),
    ])
  })

  it('leaves anonymised people out', async () => {
    expect(await ledgerOf('Vergeten', 'ledenpost')).toEqual([])
  })

  it('adds nothing when it runs again', async () => {
    const before = await recordCount()

    await runJob(false)

    expect(await recordCount()).toBe(before)
  })

  afterAll(() => setType('ledenpost', { autoOptInQueryId: null, autoOptOutQueryId: null }))
})

describe('a rule whose query can no longer be compiled', () => {
  it('is reported, and the other rules still run', async () => {
    await server.api('/api/v1/opt-in-types', {
      method: 'POST',
      json: { key: 'jaarverslag', labels: { nl: 'Jaarverslag' }, kind: 'soft' },
    })
    await person('Lezer', 400, { city: 'Hoorn' })
    const broken = await savedQuery('Kapot', { optedIn: 'servicemail' })
    await setType('jaarverslag', {
      autoOptInQueryId: await savedQuery('In Hoorn', { field: 'city', equals: 'Hoorn' }),
    })
    await setType('jaarverslag', { autoOptOutQueryId: broken })
    // Written behind the application's back, as an older version might have left it.
    await server.connection.db.execute(
      sql`update saved_queries set definition = '{"optedIn": "bestaat-niet"}' where id = ${broken}`,
    )

    const outcome = await runJob(false)

    expect(outcome.rules).toContainEqual(
      expect.objectContaining({
        type: 'jaarverslag',
        optIn: false,
        queryId: broken,
        persons: 0,
        error: 'There is no opt-in type with key "bestaat-niet".',
      }),
    )
    expect(outcome.rules).toContainEqual(
      expect.objectContaining({ type: 'jaarverslag', optIn: true, persons: 1 }),
    )
    await setType('jaarverslag', { autoOptInQueryId: null, autoOptOutQueryId: null })
  })
})

describe('the schedule', () => {
  it('runs the job on SMP_AUTO_CONSENT_SCHEDULE', async () => {
    await server.api('/api/v1/opt-in-types', {
      method: 'POST',
      json: { key: 'kerstkaart', labels: { nl: 'Kerstkaart' }, kind: 'soft', channel: 'post' },
    })
    await person('Kampenaar', 400, { city: 'Kampen' })
    await setType('kerstkaart', {
      autoOptInQueryId: await savedQuery('In Kampen', { field: 'city', equals: 'Kampen' }),
    })

    const scheduler = startScheduler({
      db: server.connection.db,
      clock: systemClock,
      logger: silentLogger(),
      retentionSchedule: null,
      retentionPolicy: defaultRetentionPolicy,
      autoConsentSchedule: '* * * * * *',
    })
    try {
      await expect
        .poll(async () => (await ledgerOf('Kampenaar', 'kerstkaart')).length, { timeout: 5000 })
        .toBe(1)
    } finally {
      scheduler.stop()
    }
  })
})

describe('grant on sign-up', () => {
  const email = 'aanmelder.profiel@example.org'

  beforeAll(() => setType('profileren', { grantOnSignUp: true }))
  afterAll(() => setType('profileren', { grantOnSignUp: false }))

  async function confirmationLink(): Promise<string> {
    await expect
      .poll(async () => {
        const mails = await server.connection.db
          .select()
          .from(outboxMails)
          .where(eq(outboxMails.recipient, email))
        return mails.length
      })
      .toBe(1)
    const [mail] = await server.connection.db
      .select()
      .from(outboxMails)
      .where(eq(outboxMails.recipient, email))
    const link = mail?.text.match(new RegExp(`${server.url}/confirm/[A-Za-z0-9_-]+`))?.[0]
    if (!link) throw new Error('The confirmation mail holds no link.')
    return link
  }

  it('switches Profiling on softly when someone confirms a sign-up, once', async () => {
    const response = await fetch(`${server.url}/api/v1/sign-ups`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        site: 'pk_demo',
        email,
        types: [{ type: 'nieuwsbrief', labelText: 'Ja, de nieuwsbrief' }],
      }),
    })
    expect(response.status).toBe(202)
    const link = await confirmationLink()

    expect((await fetch(link, { method: 'POST' })).status).toBe(200)
    await fetch(link, { method: 'POST' })

    const list = await server.api(`/api/v1/persons?email=${encodeURIComponent(email)}`)
    const { persons } = (await list.json()) as { persons: { id: number }[] }
    people.Aanmelder = persons[0]!.id
    expect(await ledgerOf('Aanmelder', 'profileren')).toEqual([
      expect.objectContaining({
        channel: 'automatic',
        optIn: true,
        soft: true,
        description: 'Automatische opt-in bij het bevestigen van een aanmelding',
      }),
    ])
    expect(await ledgerOf('Aanmelder', 'nieuwsbrief')).toEqual([
      expect.objectContaining({ optIn: true, soft: false, description: 'Ja, de nieuwsbrief' }),
    ])
  })
})
