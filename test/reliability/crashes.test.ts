import { and, eq, inArray, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { auditLog, consentRecords, persons } from '../../db/schema/index.ts'
import { verifyLedger } from '../../db/verifyLedger.ts'
import { signPersonToken } from '../../server/tokens/personToken.ts'
import { statesDisagreeingWithLedger } from '../support/ledgerConsistency.ts'
import { type ServerProcess, startServerProcess } from '../support/serverProcess.ts'
import { createTestDatabase, onPostgres, type TestDatabase } from '../support/testDatabase.ts'

const secret = 'crash-test-secret-that-is-long-enough-0123456789'
let database: TestDatabase
const running: ServerProcess[] = []

beforeAll(async () => {
  if (onPostgres) database = await createTestDatabase()
})

afterAll(async () => {
  await Promise.all(running.map((server) => server.stop('SIGKILL')))
  await database?.dispose()
})

function start(extra: Record<string, string> = {}) {
  return startServerProcess({
    DATABASE_URL: database.url!,
    SMP_SECRET: secret,
    SMP_DEMO: '1',
    SMP_RETENTION_SCHEDULE: 'off',
    SMP_RATE_LIMIT_SCALE: '100',
    ...extra,
  }).then((server) => {
    running.push(server)
    return server
  })
}

describe.runIf(onPostgres)('a server killed with SIGKILL', () => {
  it('keeps every consent write it acknowledged', { timeout: 60_000 }, async () => {
    const server = await start()
    const [person] = await database.connection.db.select().from(persons).limit(1)
    const token = signPersonToken(
      { personId: person!.id, contactMomentId: null, expiresAt: new Date(Date.now() + 3_600_000) },
      secret,
    )
    const acknowledged: number[] = []
    let attempts = 0

    // Eight writers at a time until the server dies under them.
    const writer = async () => {
      for (;;) {
        attempts++
        try {
          const response = await fetch(`${server.url}/api/v1/preferences`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify({
              changes: [{ type: 'jongeren', optIn: attempts % 2 === 0, labelText: 'Jongeren' }],
            }),
          })
          const body = (await response.json()) as { recorded: { id: number }[] }
          acknowledged.push(...body.recorded.map((record) => record.id))
        } catch {
          return
        }
      }
    }
    const writers = Array.from({ length: 8 }, writer)
    await expect.poll(() => acknowledged.length, { timeout: 20_000 }).toBeGreaterThan(100)
    await server.stop('SIGKILL')
    await Promise.all(writers)

    await start()
    const stored = await database.connection.db
      .select({ id: consentRecords.id })
      .from(consentRecords)
      .where(inArray(consentRecords.id, acknowledged))
    expect(stored).toHaveLength(acknowledged.length)
    expect(await statesDisagreeingWithLedger(database.connection.db)).toBe(0)
    expect(await verifyLedger(database.connection.db)).toMatchObject({ intact: true })
  })

  it(
    'carries on with the retention job after being killed during it',
    { timeout: 240_000 },
    async () => {
      const { db } = database.connection
      await db.execute(sql`
      insert into persons (first_name, email, relationship_ended_on)
      select 'Verlopen' || n, 'verlopen' || n || '@example.org', date '2015-01-01'
      from generate_series(1, 600) as n`)
      const expired = eq(persons.relationshipEndedOn, '2015-01-01')
      const anonymisedCount = async () =>
        (
          await db
            .select({ count: sql<number>`count(*)::int` })
            .from(persons)
            .where(and(expired, eq(persons.anonymised, true)))
        )[0]!.count

      const first = await start({ SMP_RETENTION_SCHEDULE: '* * * * * *' })
      await expect.poll(anonymisedCount, { timeout: 60_000, interval: 20 }).toBeGreaterThan(0)
      await first.stop('SIGKILL')
      const atCrash = await anonymisedCount()

      await start({ SMP_RETENTION_SCHEDULE: '* * * * * *' })
      await expect.poll(anonymisedCount, { timeout: 150_000 }).toBe(600)

      // Killed between two batches of 500: some done, the rest carried on after the restart.
      expect(atCrash).toBeLessThan(600)
      // Each person is anonymised whole or not at all: never a name left on an anonymised row.
      const halfDone = await db
        .select({ id: persons.id })
        .from(persons)
        .where(and(expired, sql`${persons.anonymised} <> (${persons.firstName} is null)`))
      expect(halfDone).toEqual([])
      const entries = await db
        .select({ count: sql<number>`count(*)::int` })
        .from(auditLog)
        .where(eq(auditLog.action, 'person-anonymised'))
      expect(entries[0]!.count).toBe(600)
    },
  )
})
