import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { consentRecords, optInTypes } from '../../db/schema/index.ts'
import { appendConsentRecords } from '../../server/consent/recordConsent.ts'
import { lockPersonLedgers } from '../../server/queries/personLedgerLock.ts'
import { onPostgres } from '../support/testDatabase.ts'
import { startTestServer, type TestServer } from '../support/testServer.ts'

let server: TestServer

beforeAll(async () => {
  if (onPostgres) server = await startTestServer()
})

afterAll(async () => {
  await server?.close()
})

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

// PGlite has one connection, so a second writer cannot wait beside the first there.
describe.skipIf(!onPostgres)('the ledger clock under concurrent writers', () => {
  it("stamps a write that waited for another writer's lock after that writer's record", async () => {
    const db = server.database.connection.db
    const personId = server.demo!.personId
    const [servicemail] = await db
      .select()
      .from(optInTypes)
      .where(eq(optInTypes.key, 'servicemail'))
    let batchRecordId = 0
    let operatorWrite: Promise<Response> | undefined

    await db.transaction(async (tx) => {
      await lockPersonLedgers(tx, [personId])
      operatorWrite = server.api(`/api/v1/persons/${personId}/consent-records`, {
        method: 'POST',
        json: { type: 'servicemail', optIn: false, channel: 'telephone', description: 'Gebeld' },
      })
      await pause(400)
      const [record] = await appendConsentRecords(
        tx,
        [
          {
            personId,
            optInTypeId: servicemail!.id,
            optIn: true,
            channel: 'automatic',
            description: 'Automatisch',
            soft: true,
          },
        ],
        () => new Date(),
      )
      batchRecordId = record!.id
    })
    const { record } = (await (await operatorWrite!).json()) as { record: { id: number } }

    const stamped = async (id: number) =>
      (await db.select().from(consentRecords).where(eq(consentRecords.id, id)))[0]!.recordedAt
    expect((await stamped(record.id)).getTime()).toBeGreaterThan(
      (await stamped(batchRecordId)).getTime(),
    )
  })
})
