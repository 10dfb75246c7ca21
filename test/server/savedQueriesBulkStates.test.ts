/**
 * The bulk path of bench/generate.ts derives `consent_states` from the ledger in one SQL
 * statement; it must agree with the states the server keeps record by record (SPEC §2).
 */
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { rowsOf } from '../../db/client.ts'
import { derivedConsentStates } from '../../bench/bulkConsentStates.ts'
import { startTestServer, type TestServer } from '../support/testServer.ts'

let server: TestServer
/** Every record at the same instant, so ties are broken by id, as the rule says. */
const sameInstant = new Date('2026-11-30T09:00:00Z')

interface StateRow {
  person_id: string | number
  opt_in_type_id: string | number
  opt_in: boolean
  soft: boolean
  deciding_record_id: string | number
}

const histories: [string, boolean, boolean][][] = [
  [['servicemail', true, true]],
  [
    ['servicemail', true, false],
    ['servicemail', false, true],
  ],
  [
    ['servicemail', false, true],
    ['servicemail', true, true],
  ],
  [
    ['nieuwsbrief', true, true],
    ['nieuwsbrief', false, false],
    ['nieuwsbrief', true, true],
  ],
  [
    ['nieuwsbrief', false, false],
    ['nieuwsbrief', true, false],
    ['profileren', true, true],
  ],
]

beforeAll(async () => {
  server = await startTestServer({ clock: () => sameInstant })
  for (const [index, history] of histories.entries()) {
    const response = await server.api('/api/v1/persons', {
      method: 'POST',
      json: { firstName: `Geschiedenis ${index}` },
    })
    const { id } = (await response.json()) as { id: number }
    for (const [type, optIn, soft] of history) {
      await server.api(`/api/v1/persons/${id}/consent-records`, {
        method: 'POST',
        json: { type, optIn, soft, channel: 'manual', description: 'test' },
      })
    }
  }
})

afterAll(() => server.close())

function normalised(rows: StateRow[]) {
  return rows
    .map((row) => {
      const decision = `${row.opt_in} ${row.soft} #${row.deciding_record_id}`
      return `${row.person_id}/${row.opt_in_type_id}: ${decision}`
    })
    .sort()
}

describe('consent states derived in bulk', () => {
  it('equal the states kept record by record', async () => {
    const { db } = server.connection
    const kept = rowsOf<StateRow>(
      await db.execute(sql`select person_id, opt_in_type_id, opt_in, soft, deciding_record_id
        from consent_states`),
    )
    const derived = rowsOf<StateRow>(await db.execute(derivedConsentStates))

    expect(normalised(derived)).toEqual(normalised(kept))
    expect(kept.length).toBeGreaterThanOrEqual(histories.length + 1)
  })
})
