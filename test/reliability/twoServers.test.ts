import { and, eq, inArray, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditLog, bounceEvents, consentRecords, persons } from '../../db/schema/index.ts'
import { verifyLedger } from '../../db/verifyLedger.ts'
import { createOperatorWithKey } from '../../server/operators/apiKeys.ts'
import { signPersonToken } from '../../server/tokens/personToken.ts'
import { statesDisagreeingWithLedger } from '../support/ledgerConsistency.ts'
import { type ServerProcess, startServerProcess } from '../support/serverProcess.ts'
import { createTestDatabase, onPostgres, type TestDatabase } from '../support/testDatabase.ts'

const secret = 'two-servers-share-this-secret-0123456789abcdef'
let database: TestDatabase
let servers: ServerProcess[] = []
let apiKey: string

beforeAll(async () => {
  if (!onPostgres) return
  database = await createTestDatabase()
  const env = {
    DATABASE_URL: database.url!,
    SMP_SECRET: secret,
    SMP_DEMO: '1',
    SMP_RETENTION_SCHEDULE: '* * * * * *',
    SMP_RATE_LIMIT_SCALE: '100',
  }
  // One after the other: the first loads the demo data, the second finds it there.
  servers.push(await startServerProcess(env))
  servers.push(await startServerProcess(env))
  apiKey = (
    await createOperatorWithKey(
      database.connection.db,
      { email: 'twee.servers@example.org', name: 'Test', role: 'admin' },
      'test',
    )
  ).key
}, 120_000)

afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop()))
  await database?.dispose()
})

const serverFor = (index: number) => servers[index % 2]!

async function createPersons(count: number, fields: Record<string, unknown> = {}) {
  const ids: number[] = []
  for (let index = 0; index < count; index++) {
    const response = await fetch(`${serverFor(index).url}/api/v1/persons`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        firstName: `Tweeling${index}`,
        email: `tweeling${index}@example.org`,
        ...fields,
      }),
    })
    ids.push(((await response.json()) as { id: number }).id)
  }
  return ids
}

describe.runIf(onPostgres)('two server processes on one PostgreSQL database', () => {
  it('lose no consent write and keep the state equal to the ledger', async () => {
    const people = await createPersons(10)
    const writes = Array.from({ length: 200 }, (_, index) => {
      const token = signPersonToken(
        {
          personId: people[index % 10]!,
          contactMomentId: null,
          expiresAt: new Date(Date.now() + 3_600_000),
        },
        secret,
      )
      return fetch(`${serverFor(index).url}/api/v1/preferences`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          changes: [{ type: 'nieuwsbrief', optIn: index % 3 !== 0, labelText: 'Nieuwsbrief' }],
        }),
      })
    })

    const statuses = (await Promise.all(writes)).map((response) => response.status)

    expect(statuses.filter((status) => status === 200)).toHaveLength(200)
    const stored = await database.connection.db
      .select({ count: sql<number>`count(*)::int` })
      .from(consentRecords)
      .where(inArray(consentRecords.personId, people))
    expect(stored[0]?.count).toBe(200)
    expect(await statesDisagreeingWithLedger(database.connection.db)).toBe(0)
    expect(await verifyLedger(database.connection.db)).toMatchObject({ intact: true })
  })

  it('count each bounce once when providers retry on both servers at once', async () => {
    const [person] = await createPersons(1, {
      email: 'teruggestuurd@example.org',
      firstName: 'Bounce',
    })
    const events = Array.from({ length: 30 }, (_, index) => ({
      id: `twee-${index}`,
      type: 'bounce',
      status: '4.2.2',
      email: 'teruggestuurd@example.org',
      occurredAt: new Date(Date.now() - (30 - index) * 60_000).toISOString(),
    }))

    // Every event goes to both servers, as a retrying provider might send it.
    await Promise.all(
      events.flatMap((event) =>
        [0, 1].map((index) =>
          fetch(`${serverFor(index).url}/webhooks/generic`, {
            method: 'POST',
            headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
            body: JSON.stringify({ events: [event] }),
          }),
        ),
      ),
    )

    const stored = await database.connection.db
      .select()
      .from(bounceEvents)
      .where(eq(bounceEvents.personId, person!))
    expect(stored).toHaveLength(30)
    const [after] = await database.connection.db
      .select()
      .from(persons)
      .where(eq(persons.id, person!))
    expect(after).toMatchObject({ consecutiveBounces: 30, bouncer: true })
  })

  it('run each scheduled anonymisation once', async () => {
    const expired = await createPersons(6, { relationshipEndedOn: '2015-01-01' })

    const anonymised = async () =>
      (
        await database.connection.db
          .select({ id: persons.id })
          .from(persons)
          .where(and(inArray(persons.id, expired), eq(persons.anonymised, true)))
      ).length
    await expect.poll(anonymised, { timeout: 20_000 }).toBe(6)
    const entries = await database.connection.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'person-anonymised'), inArray(auditLog.personId, expired)))
    expect(entries).toHaveLength(6)
  })
})
