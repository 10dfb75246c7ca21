import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { anonymisedDescription, anonymiseLedgerDescriptions } from '../../db/ledgerAnonymisation.ts'
import { consentRecords, persons } from '../../db/schema/index.ts'
import { systemClock } from '../../server/clock.ts'
import { recordConsents } from '../../server/consent/recordConsent.ts'
import { insertOptInType } from '../../server/optInTypes/repository.ts'
import { insertPerson } from '../../server/persons/repository.ts'
import { createTestDatabase, type TestDatabase } from '../support/testDatabase.ts'

let database: TestDatabase
let recordId: number

beforeAll(async () => {
  database = await createTestDatabase()
  const { db } = database.connection
  const person = await insertPerson(db, { firstName: 'Tess', email: 'tess@example.org' })
  const type = await insertOptInType(db, {
    key: 'nieuwsbrief',
    labels: { nl: 'Nieuwsbrief' },
    kind: 'hard',
  })
  const [record] = await recordConsents(
    db,
    [
      {
        personId: person.id,
        optInTypeId: type.id,
        optIn: true,
        channel: 'telephone',
        description: 'Belde op 3 december, wil de nieuwsbrief',
        soft: false,
      },
    ],
    systemClock,
  )
  recordId = record!.id
})

afterAll(() => database.dispose())

/** Asserts that the ledger's own trigger refused the statement, not some other check. */
async function expectRefusedByLedger(statement: Promise<unknown>) {
  const error = await statement.then(
    () => expect.fail('the statement was allowed'),
    (failure: unknown) => failure as Error & { cause?: Error },
  )
  expect(`${error.message} ${error.cause?.message ?? ''}`).toMatch(/append-only/)
}

async function storedRecord() {
  const [row] = await database.connection.db
    .select()
    .from(consentRecords)
    .where(eq(consentRecords.id, recordId))
  return row
}

describe('the consent ledger', () => {
  it('refuses to update a record', async () => {
    const { db } = database.connection

    await expectRefusedByLedger(
      db.update(consentRecords).set({ optIn: false }).where(eq(consentRecords.id, recordId)),
    )
    expect((await storedRecord())?.optIn).toBe(true)
  })

  it('refuses to delete a record', async () => {
    const { db } = database.connection

    await expectRefusedByLedger(db.delete(consentRecords).where(eq(consentRecords.id, recordId)))
    expect(await storedRecord()).toBeDefined()
  })

  it('refuses to be truncated', async () => {
    await expectRefusedByLedger(
      database.connection.db.execute(sql`truncate consent_records cascade`),
    )
    expect(await storedRecord()).toBeDefined()
  })

  it('refuses to lose its records when their person is deleted', async () => {
    const record = await storedRecord()

    await expect(
      database.connection.db.delete(persons).where(eq(persons.id, record!.personId)),
    ).rejects.toThrow()
  })

  describe('during anonymisation', () => {
    const anonymising = sql`select set_config('smp.ledger_anonymisation', 'on', true)`

    it('refuses a description other than the anonymised marker', async () => {
      const rewrite = database.connection.db.transaction(async (tx) => {
        await tx.execute(anonymising)
        await tx
          .update(consentRecords)
          .set({ description: 'Ik wil GEEN nieuwsbrief' })
          .where(eq(consentRecords.id, recordId))
      })

      await expectRefusedByLedger(rewrite)
      expect((await storedRecord())?.description).toBe('Belde op 3 december, wil de nieuwsbrief')
    })

    it('lets the description be replaced by the anonymised marker', async () => {
      const record = await storedRecord()

      const changed = await database.connection.db.transaction((tx) =>
        anonymiseLedgerDescriptions(tx, record!.personId),
      )

      expect(changed).toBe(1)
      expect(await storedRecord()).toEqual({ ...record, description: anonymisedDescription })
    })

    it('still refuses to change whether consent was given', async () => {
      const change = database.connection.db.transaction(async (tx) => {
        await tx.execute(anonymising)
        await tx.update(consentRecords).set({ optIn: false }).where(eq(consentRecords.id, recordId))
      })

      await expectRefusedByLedger(change)
      expect((await storedRecord())?.optIn).toBe(true)
    })

    it('still refuses to delete a record', async () => {
      const removal = database.connection.db.transaction(async (tx) => {
        await tx.execute(anonymising)
        await tx.delete(consentRecords).where(eq(consentRecords.id, recordId))
      })

      await expectRefusedByLedger(removal)
      expect(await storedRecord()).toBeDefined()
    })

    it('ends with the transaction that allowed it', async () => {
      const { db } = database.connection

      await expectRefusedByLedger(
        db
          .update(consentRecords)
          .set({ description: anonymisedDescription })
          .where(eq(consentRecords.id, recordId)),
      )
    })
  })
})
