/**
 * The automatic-consent job while people change their preferences in the widget: whatever
 * the interleaving, nobody gets two automatic records, everyone the widget left alone gets
 * one, the person's own choice decides, and the ledger's hash chain holds.
 */
import { and, asc, eq, inArray } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { consentRecords, consentStates, optInTypes } from '../../db/schema/index.ts'
import { verifyLedger } from '../../db/verifyLedger.ts'
import { systemClock } from '../../server/clock.ts'
import { runAutoConsent } from '../../server/queries/autoConsentJob.ts'
import { signPersonToken } from '../../server/tokens/personToken.ts'
import { startTestServer, testSecret, type TestServer } from '../support/testServer.ts'

let server: TestServer
let serviceMailId: number
const rounds = 3
const personsPerRound = 24

beforeAll(async () => {
  server = await startTestServer()
  const [type] = await server.connection.db
    .select()
    .from(optInTypes)
    .where(eq(optInTypes.key, 'servicemail'))
  serviceMailId = type!.id

  const query = await server.api('/api/v1/queries', {
    method: 'POST',
    json: {
      name: 'Zwolle zonder Servicemail',
      definition: { all: [{ field: 'city', equals: 'Zwolle' }, { noRecord: 'servicemail' }] },
    },
  })
  const { id } = (await query.json()) as { id: number }
  await server.api('/api/v1/opt-in-types/servicemail', {
    method: 'PATCH',
    json: { autoOptInQueryId: id },
  })
})

afterAll(() => server.close())

async function newPersons(round: number): Promise<number[]> {
  const ids: number[] = []
  for (let index = 0; index < personsPerRound; index += 1) {
    const response = await server.api('/api/v1/persons', {
      method: 'POST',
      json: { firstName: `Zwollenaar ${round}.${index}`, city: 'Zwolle' },
    })
    ids.push(((await response.json()) as { id: number }).id)
  }
  return ids
}

/** What the person does in the widget: opt out of Servicemail, and some opt back in. */
async function widgetChanges(personId: number, optIns: boolean[]) {
  const token = signPersonToken(
    { personId, contactMomentId: null, expiresAt: new Date(Date.now() + 86_400_000) },
    testSecret,
  )
  for (const optIn of optIns) {
    const response = await fetch(`${server.url}/api/v1/preferences`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        changes: [{ type: 'servicemail', optIn, labelText: 'Servicemail' }],
      }),
    })
    expect(response.status).toBe(200)
  }
}

function jobOverHttp() {
  return server.api('/api/v1/queries/auto-consent/runs', {
    method: 'POST',
    json: { dryRun: false },
  })
}

async function ledgersOf(ids: number[]) {
  const records = await server.connection.db
    .select()
    .from(consentRecords)
    .where(
      and(inArray(consentRecords.personId, ids), eq(consentRecords.optInTypeId, serviceMailId)),
    )
    .orderBy(asc(consentRecords.id))
  const states = await server.connection.db
    .select()
    .from(consentStates)
    .where(and(inArray(consentStates.personId, ids), eq(consentStates.optInTypeId, serviceMailId)))
  return ids.map((id) => ({
    records: records.filter((record) => record.personId === id),
    state: states.find((state) => state.personId === id),
  }))
}

describe('the automatic-consent job while the widget writes', () => {
  it.each(Array.from({ length: rounds }, (_, round) => round))(
    'keeps every person’s ledger right (round %i)',
    async (round) => {
      const ids = await newPersons(round)
      const choices = ids.map((_, index) =>
        index % 3 === 0 ? [false] : index % 3 === 1 ? [false, true] : [],
      )

      const jobs = await Promise.all([
        runAutoConsent(server.connection.db, { clock: systemClock, dryRun: false, batchSize: 3 }),
        jobOverHttp(),
        ...ids.map((id, index) => widgetChanges(id, choices[index]!)),
      ])
      expect([200, 409]).toContain((jobs[1] as Response).status)
      // Persons skipped while their ledger was being written are taken by the next run.
      await runAutoConsent(server.connection.db, { clock: systemClock, dryRun: false })

      for (const [index, { records, state }] of (await ledgersOf(ids)).entries()) {
        const automatic = records.filter((record) => record.channel === 'automatic')
        const own = records.filter((record) => record.channel !== 'automatic')
        const wanted = choices[index]!

        expect(own.map((record) => record.optIn)).toEqual(wanted)
        if (wanted.length === 0) {
          expect(automatic).toHaveLength(1)
          expect(state).toMatchObject({ optIn: true, soft: true })
        } else {
          expect(automatic.length).toBeLessThanOrEqual(1)
          expect(state).toMatchObject({ optIn: wanted.at(-1), soft: false })
          expect(state?.decidingRecordId).toBe(own.at(-1)!.id)
        }
      }
    },
  )

  it('adds nothing when it runs once more', async () => {
    const outcome = await runAutoConsent(server.connection.db, {
      clock: systemClock,
      dryRun: false,
    })

    expect(outcome.rules.map((rule) => rule.persons)).toEqual([0])
  })

  it('leaves the ledger’s hash chain intact', async () => {
    expect(await verifyLedger(server.connection.db)).toMatchObject({ intact: true })
  })
})
