import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mailings, optInTypes } from '../../db/schema/index.ts'
import { audienceWhere } from '../../server/mailings/audienceCriteria.ts'
import { selectAudience } from '../../server/mailings/selectAudience.ts'
import { startTestServer, type TestServer } from '../support/testServer.ts'

let server: TestServer
let optedIn: number[]

beforeAll(async () => {
  server = await startTestServer()
  optedIn = []
  for (let index = 0; index < 11; index++) {
    const created = await server.api('/api/v1/persons', {
      method: 'POST',
      json: { firstName: `Batch${index}`, email: `batch${index}@example.org` },
    })
    const { id } = (await created.json()) as { id: number }
    // Every third person stays out, so batches hold gaps.
    if (index % 3 === 2) continue
    await server.api(`/api/v1/persons/${id}/consent-records`, {
      method: 'POST',
      json: { type: 'vrienden-nieuwsbrief', optIn: true, channel: 'letter', description: 'Brief' },
    })
    optedIn.push(id)
  }
})

afterAll(async () => {
  await server?.close()
})

async function selectAll(batchSize: number) {
  const db = server.database.connection.db
  const [type] = await db
    .select()
    .from(optInTypes)
    .where(eq(optInTypes.key, 'vrienden-nieuwsbrief'))
  const [mailing] = await db
    .insert(mailings)
    .values({ name: 'Batches', subject: 'Batches', optInTypeId: type!.id })
    .onConflictDoNothing()
    .returning()
  const whereAfter = (afterId: number) =>
    audienceWhere(
      { optInTypeId: type!.id, conditions: [] },
      () => 0,
      new Date(),
      undefined,
      afterId,
    )

  const select = async (id: number) => {
    const recipients = []
    const [row] = await db.select().from(mailings).where(eq(mailings.id, id))
    for await (const batch of selectAudience(db, row!, whereAfter, batchSize))
      recipients.push(...batch)
    return recipients
  }
  return { mailingId: mailing!.id, select }
}

describe('selecting an audience in batches', () => {
  it('gives every recipient once, in id order, across batch boundaries', async () => {
    const { mailingId, select } = await selectAll(3)

    const recipients = await select(mailingId)

    const ids = recipients.map((recipient) => recipient.personId)
    expect(ids.filter((id) => optedIn.includes(id))).toEqual(optedIn)
    expect(new Set(ids).size).toBe(ids.length)
    expect(ids).toEqual([...ids].sort((a, b) => a - b))
  })

  it('returns the same contact moments when selected again', async () => {
    const { mailingId, select } = await selectAll(4)

    const first = await select(mailingId)
    const second = await select(mailingId)

    expect(first.every((recipient) => recipient.contactMomentId > 0)).toBe(true)
    expect(second).toEqual(first)
  })
})
