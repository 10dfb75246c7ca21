import { sql } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { rowsOf } from '../../db/client.ts'
import { anonymiseLedgerDescriptions } from '../../db/ledgerAnonymisation.ts'
import { verifyLedger } from '../../db/verifyLedger.ts'
import { systemClock } from '../../server/clock.ts'
import { recordConsents } from '../../server/consent/recordConsent.ts'
import { insertOptInType } from '../../server/optInTypes/repository.ts'
import { insertPerson } from '../../server/persons/repository.ts'
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.ts'

let database: TestDatabase
let personId: number
let recordIds: number[]

beforeEach(async () => {
  database = await createTestDatabase()
  const { db } = database.connection
  const type = await insertOptInType(db, {
    key: 'nieuwsbrief',
    labels: { nl: 'Nieuwsbrief' },
    kind: 'hard',
  })
  const people = await Promise.all(
    ['Keten', 'Schakel'].map((firstName) => insertPerson(db, { firstName })),
  )
  personId = people[0]!.id

  const entry = (person: number, index: number) => ({
    personId: person,
    optInTypeId: type.id,
    optIn: index % 2 === 0,
    soft: false,
    channel: 'telephone' as const,
    description: `Belde, keer ${index}`,
  })
  // Concurrent saves for one person, as two browser tabs would make them.
  const saved = await Promise.all(
    [0, 1, 2, 3, 4, 5].map((index) =>
      recordConsents(db, [entry(people[index % 2]!.id, index)], systemClock),
    ),
  )
  recordIds = saved
    .flat()
    .filter((record) => record.personId === personId)
    .map((record) => record.id)
    .sort((a, b) => a - b)
})

afterEach(() => database.dispose())

/** What someone with direct database access could do, bypassing the append-only trigger. */
async function behindTheApplicationsBack(statement: ReturnType<typeof sql>) {
  const { db } = database.connection
  await db.execute(sql`alter table consent_records disable trigger consent_records_append_only`)
  await db.execute(statement)
  await db.execute(sql`alter table consent_records enable trigger consent_records_append_only`)
}

describe('the ledger hash chain', () => {
  it('verifies intact after concurrent writes', async () => {
    expect(await verifyLedger(database.connection.db)).toEqual({ intact: true, records: 6 })
  })

  it('stays intact when anonymisation replaces descriptions', async () => {
    await database.connection.db.transaction((tx) => anonymiseLedgerDescriptions(tx, personId))

    expect(await verifyLedger(database.connection.db)).toMatchObject({ intact: true })
  })

  it('names a record whose consent was changed', async () => {
    const changed = recordIds[1]!

    await behindTheApplicationsBack(
      sql`update consent_records set opt_in = not opt_in where id = ${changed}`,
    )

    expect(await verifyLedger(database.connection.db)).toMatchObject({
      intact: false,
      firstBrokenRecordId: changed,
      reason: 'its hash does not match its contents',
    })
  })

  it('names a record whose description was rewritten', async () => {
    const changed = recordIds[0]!

    await behindTheApplicationsBack(
      sql`update consent_records set description = 'Wil alles ontvangen' where id = ${changed}`,
    )

    expect(await verifyLedger(database.connection.db)).toMatchObject({
      intact: false,
      firstBrokenRecordId: changed,
    })
  })

  it('notices a record that was removed from the middle', async () => {
    // A record that another one follows: removing the last one of a chain leaves no trace.
    const [middle] = rowsOf<{ id: number | string }>(
      await database.connection.db.execute(sql`
        select r.id from consent_records r
        where r.person_id = ${personId}
          and exists (select 1 from consent_records n where n.previous_hash = r.hash)
          and r.previous_hash is not null
        limit 1`),
    )
    const removed = Number(middle!.id)
    await database.connection.db.execute(sql`delete from consent_states`)

    await behindTheApplicationsBack(sql`delete from consent_records where id = ${removed}`)

    // Reported at the record before the gap or at the one after it, whichever id is lower.
    expect(await verifyLedger(database.connection.db)).toMatchObject({
      intact: false,
      reason: expect.stringMatching(/record before it is missing|newest records after it/),
    })
  })

  it('notices that the newest record was removed', async () => {
    const [newest] = rowsOf<{ id: number | string }>(
      await database.connection.db.execute(sql`
        select r.id from consent_records r
        join consent_chain_heads h on h.person_id = r.person_id and h.hash = r.hash
        where r.person_id = ${personId}`),
    )
    await database.connection.db.execute(sql`delete from consent_states`)

    await behindTheApplicationsBack(
      sql`delete from consent_records where id = ${Number(newest!.id)}`,
    )

    expect(await verifyLedger(database.connection.db)).toMatchObject({
      intact: false,
      reason: 'the newest records after it were removed',
    })
  })
})
