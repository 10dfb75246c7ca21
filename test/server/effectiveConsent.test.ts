import { and, eq } from 'drizzle-orm'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type ConsentRecord, consentRecords, consentStates } from '../../db/schema/index.ts'
import { recordConsents } from '../../server/consent/recordConsent.ts'
import { insertOptInType } from '../../server/optInTypes/repository.ts'
import { insertPerson } from '../../server/persons/repository.ts'
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.ts'

/** SPEC §2 read literally, as the oracle: hard records, if any, else soft ones; the newest wins. */
function effectiveBySpec(records: ConsentRecord[]) {
  const hard = records.filter((record) => !record.soft)
  const candidates = hard.length > 0 ? hard : records
  const newest = candidates.reduce<ConsentRecord | null>((best, record) => {
    if (!best) return record
    const later = record.recordedAt.getTime() - best.recordedAt.getTime()
    return later > 0 || (later === 0 && record.id > best.id) ? record : best
  }, null)

  return newest && { optIn: newest.optIn, soft: newest.soft, decidingRecordId: newest.id }
}

let database: TestDatabase
let typeIds: number[]

beforeAll(async () => {
  database = await createTestDatabase()
  const { db } = database.connection
  typeIds = await Promise.all(
    ['nieuwsbrief', 'servicemail'].map(async (key) => {
      const type = await insertOptInType(db, { key, labels: { nl: key }, kind: 'hard' })
      return type.id
    }),
  )
})

afterAll(() => database.dispose())

async function ledgerAndState(personId: number, optInTypeId: number) {
  const { db } = database.connection
  const forPair = (table: typeof consentRecords | typeof consentStates) =>
    and(eq(table.personId, personId), eq(table.optInTypeId, optInTypeId))

  const records = await db.select().from(consentRecords).where(forPair(consentRecords))
  const [state] = await db
    .select({
      optIn: consentStates.optIn,
      soft: consentStates.soft,
      decidingRecordId: consentStates.decidingRecordId,
    })
    .from(consentStates)
    .where(forPair(consentStates))

  return { records, state: state ?? null }
}

const base = Date.parse('2026-06-01T09:00:00Z')

/** Records arrive with seconds 0–4 after a base time: often equal, sometimes out of order. */
const consentEvent = fc.record({
  typeIndex: fc.integer({ min: 0, max: 1 }),
  optIn: fc.boolean(),
  soft: fc.boolean(),
  second: fc.integer({ min: 0, max: 4 }),
})

describe('the effective consent state', () => {
  it('always equals the SPEC rule folded over the ledger', async () => {
    const { db } = database.connection

    await fc.assert(
      fc.asyncProperty(fc.array(consentEvent, { minLength: 1, maxLength: 12 }), async (events) => {
        const person = await insertPerson(db, { firstName: 'Eigenschap' })

        for (const event of events) {
          await recordConsents(
            db,
            [
              {
                personId: person.id,
                optInTypeId: typeIds[event.typeIndex]!,
                optIn: event.optIn,
                soft: event.soft,
                channel: event.soft ? 'automatic' : 'preference_centre',
                description: 'eigenschapstest',
              },
            ],
            () => new Date(base + event.second * 1000),
          )
        }

        for (const optInTypeId of typeIds) {
          const { records, state } = await ledgerAndState(person.id, optInTypeId)
          expect(state).toEqual(effectiveBySpec(records))
        }
      }),
      { numRuns: 60 },
    )
  })

  it('stays equal to the rule when many saves for one person race each other', async () => {
    const { db } = database.connection
    const person = await insertPerson(db, { firstName: 'Gelijktijdig' })
    const sameInstant = () => new Date(base)
    const saves = Array.from({ length: 24 }, (_, index) => ({
      personId: person.id,
      optInTypeId: typeIds[0]!,
      optIn: index % 3 !== 0,
      soft: index % 4 === 0,
      channel: 'preference_centre' as const,
      description: `gelijktijdig ${index}`,
    }))

    await Promise.all(saves.map((save) => recordConsents(db, [save], sameInstant)))

    const { records, state } = await ledgerAndState(person.id, typeIds[0]!)
    expect(records).toHaveLength(saves.length)
    expect(state).toEqual(effectiveBySpec(records))
  })

  it('lets a hard opt-out stand against a newer soft opt-in', async () => {
    const { db } = database.connection
    const person = await insertPerson(db, { firstName: 'Hard' })
    const entry = { personId: person.id, optInTypeId: typeIds[1]!, description: 'test' }

    await recordConsents(
      db,
      [{ ...entry, optIn: false, soft: false, channel: 'telephone' }],
      () => new Date(base),
    )
    await recordConsents(
      db,
      [{ ...entry, optIn: true, soft: true, channel: 'automatic' }],
      () => new Date(base + 60_000),
    )

    const { state } = await ledgerAndState(person.id, typeIds[1]!)
    expect(state).toMatchObject({ optIn: false, soft: false })
  })
})
