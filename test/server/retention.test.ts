import { eq, sql } from 'drizzle-orm'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  apiKeys,
  operatorSessions,
  operators,
  outboxMails,
  persons,
  retentionRuns,
} from '../../db/schema/index.ts'
import { startTestServer, type TestServer } from '../support/testServer.ts'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})

afterAll(() => server.close())

const yearsAgo = (years: number) =>
  new Date(Date.now() - years * 365.25 * 86_400_000).toISOString().slice(0, 10)

async function personWhoseRelationshipEnded(name: string, endedOn: string, on = server) {
  const response = await on.api('/api/v1/persons', {
    method: 'POST',
    json: {
      firstName: name,
      email: `${name.toLowerCase()}@example.org`,
      relationshipEndedOn: endedOn,
    },
  })
  return ((await response.json()) as { id: number }).id
}

async function isAnonymised(id: number, on = server) {
  const [person] = await on.connection.db.select().from(persons).where(eq(persons.id, id))
  return person?.anonymised
}

function runRetention(dryRun: boolean) {
  return server.api('/api/v1/retention/runs', { method: 'POST', json: { dryRun } })
}

describe('the retention job', () => {
  let expired: number
  let recent: number

  beforeAll(async () => {
    expired = await personWhoseRelationshipEnded('Vertrokken', yearsAgo(6))
    recent = await personWhoseRelationshipEnded('Pasvertrokken', yearsAgo(1))
    await server.connection.db.insert(outboxMails).values({
      purpose: 'sign-up-confirmation',
      personId: null,
      recipient: 'oud.bericht@example.org',
      subject: 'Oud',
      text: 'oud',
      html: 'oud',
      status: 'stored',
      createdAt: new Date(yearsAgo(2)),
    })
  })

  it('only reports in a dry run', async () => {
    const response = await runRetention(true)

    const outcome = (await response.json()) as {
      status: string
      counts: Record<string, number>
      personIds: number[]
    }
    expect(outcome).toMatchObject({ status: 'finished', dryRun: true })
    expect(outcome.personIds).toContain(expired)
    expect(outcome.personIds).not.toContain(recent)
    expect(outcome.counts.outbox).toBe(1)
    expect(await isAnonymised(expired)).toBe(false)
    expect(await server.connection.db.select().from(outboxMails)).not.toHaveLength(0)
  })

  it('anonymises persons past their retention period and deletes old rows, and logs the run', async () => {
    const response = await runRetention(false)

    const outcome = (await response.json()) as { runId: number; counts: Record<string, number> }
    expect(await isAnonymised(expired)).toBe(true)
    expect(await isAnonymised(recent)).toBe(false)
    expect(outcome.counts).toMatchObject({ persons: 1, outbox: 1 })
    const log = await server.api('/api/v1/retention/runs')
    const { runs } = (await log.json()) as {
      runs: { id: number; status: string; dryRun: boolean }[]
    }
    expect(runs.slice(0, 2)).toEqual([
      expect.objectContaining({ id: outcome.runId, status: 'finished', dryRun: false }),
      expect.objectContaining({ status: 'finished', dryRun: true }),
    ])
  })

  it('deletes console sessions that ended more than a month ago', async () => {
    const db = server.connection.db
    const [operator] = await db.select().from(operators).limit(1)
    const [key] = await db.select().from(apiKeys).limit(1)
    const session = (tokenHash: string, daysAgo: number) => {
      const at = new Date(Date.now() - daysAgo * 86_400_000)
      return {
        operatorId: operator!.id,
        apiKeyId: key!.id,
        tokenHash,
        createdAt: at,
        lastSeenAt: at,
        expiresAt: at,
      }
    }
    await db
      .insert(operatorSessions)
      .values([session('old-session', 45), session('recent-session', 5)])

    expect((await runRetention(false)).status).toBe(200)

    const left = await db.select({ tokenHash: operatorSessions.tokenHash }).from(operatorSessions)
    expect(left.map((row) => row.tokenHash)).toContain('recent-session')
    expect(left.map((row) => row.tokenHash)).not.toContain('old-session')
  })

  it('finds nothing more to do when run again', async () => {
    const response = await runRetention(false)

    const outcome = (await response.json()) as { counts: Record<string, number> }
    expect(Object.values(outcome.counts).every((count) => count === 0)).toBe(true)
  })

  it('marks a run its crashed server left running as interrupted', async () => {
    const [stale] = await server.connection.db
      .insert(retentionRuns)
      .values({ startedAt: new Date(Date.now() - 2 * 3_600_000), dryRun: false, status: 'running' })
      .returning()

    await runRetention(true)

    const [after] = await server.connection.db
      .select()
      .from(retentionRuns)
      .where(eq(retentionRuns.id, stale!.id))
    expect(after?.status).toBe('interrupted')
  })

  it.runIf(Boolean(process.env.TEST_DATABASE_URL))(
    'skips while another server holds the lock',
    async () => {
      const other = postgres(server.database.url!, { max: 1 })
      try {
        await other`select pg_advisory_lock(7301002)`

        const response = await runRetention(false)

        expect(response.status).toBe(409)
        expect(await response.json()).toMatchObject({ status: 'skipped' })
      } finally {
        await other`select pg_advisory_unlock(7301002)`
        await other.end()
      }
    },
  )

  it('is refused to editors', async () => {
    const { createOperatorWithKey } = await import('../../server/operators/apiKeys.ts')
    const editor = await createOperatorWithKey(
      server.connection.db,
      { email: 'redacteur.retentie@example.org', name: 'Redacteur', role: 'editor' },
      'test',
    )

    const response = await server.api('/api/v1/retention/runs', {
      method: 'POST',
      headers: { authorization: `Bearer ${editor.key}` },
      json: { dryRun: true },
    })

    expect(response.status).toBe(403)
  })
})

describe('the retention schedule', () => {
  it('anonymises an expired person on its own', async () => {
    const scheduled = await startTestServer({ retentionSchedule: '* * * * * *' })
    try {
      const id = await personWhoseRelationshipEnded('Geplanddoor', yearsAgo(7), scheduled)

      await expect.poll(() => isAnonymised(id, scheduled), { timeout: 10_000 }).toBe(true)
      const finishedRuns = () =>
        scheduled.connection.db
          .select()
          .from(retentionRuns)
          .where(sql`${retentionRuns.status} = 'finished' and not ${retentionRuns.dryRun}`)
      await expect.poll(async () => (await finishedRuns()).length).toBeGreaterThan(0)
    } finally {
      await scheduled.close()
    }
  })
})
