import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { outboxMails } from '../../db/schema/index.ts'
import { normaliseEmail } from '../../server/persons/emailAddress.ts'
import { startTestServer, type TestServer } from '../support/testServer.ts'

describe('normalising an email address', () => {
  it.each([
    ['  Jan.Boek@Example.ORG ', 'Jan.Boek@example.org'],
    ['jan@Bücher.Example', 'jan@xn--bcher-kva.example'],
    // "é" typed as e + combining accent becomes the one NFC character.
    ['rene\u0301@example.org', 'ren\u00e9@example.org'],
  ])('turns %j into %j', (given, expected) => {
    expect(normaliseEmail(given)).toBe(expected)
  })
})

describe('addresses across the API', () => {
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer()
  })

  afterAll(() => server.close())

  it('stores, finds and recognises an address in any of its spellings', async () => {
    const created = await server.api('/api/v1/persons', {
      method: 'POST',
      json: { firstName: 'Jan', email: ' Jan.Boek@Bücher.Example ' },
    })
    expect(await created.json()).toMatchObject({ email: 'Jan.Boek@xn--bcher-kva.example' })

    const found = await server.api(
      `/api/v1/persons?email=${encodeURIComponent('jan.boek@BÜCHER.example')}`,
    )
    expect(((await found.json()) as { persons: unknown[] }).persons).toHaveLength(1)

    await fetch(`${server.url}/api/v1/sign-ups`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        site: 'pk_demo',
        email: 'JAN.BOEK@bücher.example',
        types: [{ type: 'nieuwsbrief', labelText: 'Nieuwsbrief' }],
      }),
    })
    const purposes = async () =>
      (
        await server.connection.db
          .select()
          .from(outboxMails)
          .where(sql`lower(${outboxMails.recipient}) = 'jan.boek@xn--bcher-kva.example'`)
      ).map((mail) => mail.purpose)
    await expect.poll(purposes).toEqual(['manage-preferences'])
  })
})
