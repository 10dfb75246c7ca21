import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { contactMoments, trackingEvents } from '../../db/schema/index.ts'
import { signLinkToken } from '../../server/tokens/linkToken.ts'
import { expectInvalidField } from '../support/problems.ts'
import { startTestServer, testSecret, type TestServer } from '../support/testServer.ts'

interface RecipientLine {
  personId: number
  email: string
  contactMomentId: number
  preferenceUrl: string
  unsubscribeUrl: string
  openPixelUrl: string
  clickUrls: Record<string, string>
  headers: Record<string, string>
}

let server: TestServer
let mailingId: number
const people: Record<string, number> = {}
const browser = {
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126 Safari/537.36',
  'accept-language': 'nl-NL,nl;q=0.9',
}

async function person(name: string, fields: Record<string, unknown> = {}) {
  const response = await server.api('/api/v1/persons', {
    method: 'POST',
    json: { firstName: name, email: `${name.toLowerCase()}@example.org`, ...fields },
  })
  const { id } = (await response.json()) as { id: number }
  people[name] = id
  return id
}

async function consent(id: number, type: string, optIn: boolean, soft = false) {
  const response = await server.api(`/api/v1/persons/${id}/consent-records`, {
    method: 'POST',
    json: { type, optIn, soft, channel: 'manual', description: 'testgegevens' },
  })
  expect(response.status).toBe(201)
}

async function selectRecipients(criteria: unknown, format = 'ndjson') {
  return server.api(`/api/v1/mailings/${mailingId}/recipients?format=${format}`, {
    method: 'POST',
    json: { criteria },
  })
}

async function recipients(): Promise<RecipientLine[]> {
  const response = await selectRecipients({ optIn: 'bulletin', mailable: true })
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toMatch(/application\/x-ndjson/)
  const text = await response.text()
  return text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as RecipientLine)
}

/** The audience as first selected, before anyone unsubscribed. */
let firstAudience: RecipientLine[] = []

const recipientOf = async (name: string) => {
  const found = firstAudience.find((line) => line.personId === people[name])
  if (!found) throw new Error(`${name} is not in the audience`)
  return found
}

async function ledgerOf(id: number) {
  const response = await server.api(`/api/v1/persons/${id}/consent-records`)
  return ((await response.json()) as { records: Record<string, unknown>[] }).records
}

function oneClick(url: string, body: BodyInit, headers: Record<string, string> = {}) {
  return fetch(url, { method: 'POST', body, headers, redirect: 'manual' })
}

const totalOpens = (counts: { opens: { human: number; machine: number } }) =>
  counts.opens.human + counts.opens.machine

async function report() {
  const response = await server.api(`/api/v1/mailings/${mailingId}/report`)
  return (await response.json()) as {
    sent: number
    opens: { human: number; machine: number }
    clicks: { human: number; machine: number }
    unsubscribes: { total: number; byChannel: Record<string, number> }
    bounces: { hard: number; soft: number }
    complaints: number
  }
}

beforeAll(async () => {
  server = await startTestServer()
  await server.api('/api/v1/opt-in-types', {
    method: 'POST',
    json: { key: 'bulletin', labels: { nl: 'Bulletin', en: 'Bulletin' }, kind: 'hard' },
  })

  await consent(await person('Aafke'), 'bulletin', true)
  await consent(await person('Bram', { deceased: true }), 'bulletin', true)
  await consent(await person('Cato'), 'bulletin', true)
  await server.connection.db.execute(
    sql`update persons set bouncer = true where id = ${people.Cato}`,
  )
  await consent(await person('Daan'), 'bulletin', true)
  await server.connection.db.execute(
    sql`update persons set email_validity = 'invalid' where id = ${people.Daan}`,
  )
  await consent(await person('Eva', { email: null, lastName: 'Zonderadres' }), 'bulletin', true)
  const femke = await person('Femke')
  await consent(femke, 'bulletin', true)
  await consent(femke, 'bulletin', false, true)
  const gijs = await person('Gijs')
  await consent(gijs, 'bulletin', true, true)
  await consent(gijs, 'bulletin', false)
  await consent(await person('Hanna'), 'nieuwsbrief', true)
  const isa = await person('Isa')
  await consent(isa, 'bulletin', true)
  await consent(isa, 'profileren', true, true)

  const created = await server.api('/api/v1/mailings', {
    method: 'POST',
    json: {
      name: 'Bulletin maart',
      subject: 'Het bulletin van maart',
      type: 'bulletin',
      links: ['https://www.groenetoekomst.example/bomen'],
    },
  })
  mailingId = ((await created.json()) as { id: number }).id
  firstAudience = await recipients()
  // Opens within seconds of sending count as machine opens; these mails went out an hour ago.
  await server.connection.db.execute(
    sql`update contact_moments set sent_at = now() - interval '1 hour' where mailing_id = ${mailingId}`,
  )
})

afterAll(() => server.close())

describe('a mailing audience', () => {
  it('holds exactly the mailable people with an effective opt-in for its type', async () => {
    const audience = await recipients()

    expect(audience.map((line) => line.personId).sort()).toEqual(
      [people.Aafke, people.Femke, people.Isa].sort(),
    )
  })

  it('gives each recipient one contact moment, the same when selected again', async () => {
    const first = await recipients()
    const second = await recipients()

    expect(second.map((line) => line.contactMomentId)).toEqual(
      first.map((line) => line.contactMomentId),
    )
    const moments = await server.connection.db
      .select()
      .from(contactMoments)
      .where(eq(contactMoments.mailingId, mailingId))
    expect(moments).toHaveLength(3)
  })

  it('gives the RFC 2369 and RFC 8058 headers for each recipient', async () => {
    const aafke = await recipientOf('Aafke')

    expect(aafke.headers).toEqual({
      'List-Unsubscribe': `<${aafke.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'Message-ID': `<cm.${aafke.contactMomentId}@127.0.0.1>`,
      'X-SMP-Contact-Moment': String(aafke.contactMomentId),
    })
    expect(aafke.unsubscribeUrl.length).toBeLessThan(80)
    expect(aafke.email).toBe('aafke@example.org')
  })

  it('streams CSV with a header row', async () => {
    const response = await selectRecipients({ optIn: 'bulletin', mailable: true }, 'csv')

    const [header, ...rows] = (await response.text()).trim().split('\r\n')
    expect(header).toMatch(/^email,person_id,contact_moment_id,/)
    expect(rows).toHaveLength(3)
  })

  it('leaves out a person once marked deceased', async () => {
    const jelle = await person('Jelle')
    await consent(jelle, 'bulletin', true)
    expect((await recipients()).map((line) => line.personId)).toContain(jelle)

    await server.api(`/api/v1/persons/${jelle}`, { method: 'PATCH', json: { deceased: true } })

    expect((await recipients()).map((line) => line.personId)).not.toContain(jelle)
  })

  it.each([
    ['without mailable', { optIn: 'bulletin' }, 'criteria.mailable'],
    ['with mailable false', { optIn: 'bulletin', mailable: false }, 'criteria.mailable'],
    ['without the type criterion', { mailable: true }, 'criteria.optIn'],
    ['for another type', { optIn: 'nieuwsbrief', mailable: true }, 'criteria.optIn'],
    [
      'with an unknown type in a condition',
      { optIn: 'bulletin', mailable: true, conditions: [{ alsoOptedIn: 'onbekend' }] },
      'criteria.conditions',
    ],
  ])('is refused %s', async (_, criteria, path) => {
    await expectInvalidField(await selectRecipients(criteria), path)
  })

  it('narrows by further conditions', async () => {
    const response = await selectRecipients({
      optIn: 'bulletin',
      mailable: true,
      conditions: [{ alsoOptedIn: 'profileren' }],
    })

    const lines = (await response.text()).trim().split('\n')
    expect(lines.map((line) => (JSON.parse(line) as RecipientLine).personId)).toEqual([people.Isa])
  })
})

describe('one-click unsubscribe', () => {
  it('records one opt-out with the contact moment for the RFC 8058 form post, without a redirect', async () => {
    const aafke = await recipientOf('Aafke')

    const response = await oneClick(
      aafke.unsubscribeUrl,
      new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }),
    )
    const repeat = await oneClick(
      aafke.unsubscribeUrl,
      new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }),
    )

    expect(response.status).toBe(200)
    expect(response.headers.get('location')).toBeNull()
    expect(repeat.status).toBe(200)
    const optOuts = (await ledgerOf(people.Aafke!)).filter(
      (record) => record.channel === 'one_click_unsubscribe',
    )
    expect(optOuts).toEqual([
      expect.objectContaining({
        type: 'bulletin',
        optIn: false,
        soft: false,
        contactMomentId: aafke.contactMomentId,
      }),
    ])
  })

  it('accepts the multipart form some providers send, once even when posted twice at once', async () => {
    const femke = await recipientOf('Femke')
    const form = () => {
      const data = new FormData()
      data.set('List-Unsubscribe', 'One-Click')
      return data
    }

    const responses = await Promise.all([
      oneClick(femke.unsubscribeUrl, form()),
      oneClick(femke.unsubscribeUrl, form()),
    ])

    expect(responses.map((response) => response.status)).toEqual([200, 200])
    const optOuts = (await ledgerOf(people.Femke!)).filter(
      (record) => record.channel === 'one_click_unsubscribe',
    )
    expect(optOuts).toHaveLength(1)
  })

  it('changes nothing on a GET, which shows a confirm button and the preference centre', async () => {
    const isa = await recipientOf('Isa')
    const before = await ledgerOf(people.Isa!)

    const page = await fetch(isa.unsubscribeUrl, { headers: { 'user-agent': 'LinkScanner/1.0' } })

    const body = await page.text()
    expect(page.status).toBe(200)
    expect(body).toContain('name="List-Unsubscribe" value="One-Click"')
    expect(body).toContain('<smp-preferences')
    expect(await ledgerOf(people.Isa!)).toEqual(before)
  })

  it('refuses a post without List-Unsubscribe=One-Click', async () => {
    const isa = await recipientOf('Isa')

    const response = await oneClick(isa.unsubscribeUrl, new URLSearchParams({ other: 'value' }))

    expect(response.status).toBe(400)
  })

  it('refuses a tampered token and an expired one, recording nothing', async () => {
    const isa = await recipientOf('Isa')
    const before = await ledgerOf(people.Isa!)
    const expired = signLinkToken(
      'unsubscribe',
      { contactMomentId: isa.contactMomentId, expiresAt: new Date(Date.now() - 1000) },
      testSecret,
    )
    const tampered = isa.unsubscribeUrl.replace(
      /\/u\/[0-9a-z]+\./,
      `/u/${people.Aafke!.toString(36)}.`,
    )
    const body = () => new URLSearchParams({ 'List-Unsubscribe': 'One-Click' })

    expect((await oneClick(tampered, body())).status).toBe(404)
    expect((await oneClick(`${server.url}/u/${expired}`, body())).status).toBe(410)
    expect(await ledgerOf(people.Isa!)).toEqual(before)
  })
})

describe('opens and clicks', () => {
  it('answers the open pixel with a 1×1 GIF, whatever the token', async () => {
    const isa = await recipientOf('Isa')

    for (const url of [isa.openPixelUrl, `${server.url}/t/o/nonsense`]) {
      const response = await fetch(url)
      const image = Buffer.from(await response.arrayBuffer())
      expect(response.headers.get('content-type')).toBe('image/gif')
      expect(image.subarray(0, 6).toString()).toBe('GIF89a')
      expect(image.readUInt16LE(6)).toBe(1)
      expect(image.readUInt16LE(8)).toBe(1)
    }
  })

  it('keeps a per-person event only for someone who opted in to profiling', async () => {
    const isa = await recipientOf('Isa')
    const femke = await recipientOf('Femke')

    await fetch(isa.openPixelUrl, { headers: browser })
    await fetch(femke.openPixelUrl, { headers: browser })

    await expect.poll(async () => (await report()).opens.human).toBeGreaterThanOrEqual(2)
    const events = await server.connection.db
      .select()
      .from(trackingEvents)
      .orderBy(trackingEvents.id)
    expect(new Set(events.map((event) => event.personId))).toEqual(new Set([people.Isa]))
    expect(events.find((event) => !event.machine)).toMatchObject({
      kind: 'open',
      ipAddress: '127.0.0.1',
      userAgent: browser['user-agent'],
    })
  })

  it('marks scanner opens as machine and reports them apart', async () => {
    const femke = await recipientOf('Femke')
    // Earlier opens are written after their answer; wait until all three are in.
    await expect.poll(async () => totalOpens(await report())).toBe(3)
    const before = await report()

    await fetch(femke.openPixelUrl, { headers: { 'user-agent': 'Barracuda Sentinel (EE)' } })
    await fetch(femke.openPixelUrl, { headers: {} })

    await expect.poll(async () => (await report()).opens.machine).toBe(before.opens.machine + 2)
    expect((await report()).opens.human).toBe(before.opens.human)
  })

  it('redirects a click to the URL signed for the contact moment and counts it', async () => {
    const isa = await recipientOf('Isa')
    const tracked = isa.clickUrls['https://www.groenetoekomst.example/bomen']!

    const response = await fetch(tracked, { redirect: 'manual', headers: browser })

    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('https://www.groenetoekomst.example/bomen')
    await expect.poll(async () => (await report()).clicks.human).toBe(1)
  })

  it('refuses to redirect anywhere else, so it is no open redirect', async () => {
    const isa = await recipientOf('Isa')
    const tracked = isa.clickUrls['https://www.groenetoekomst.example/bomen']!
    const elsewhere = tracked.replace(
      /\?u=.*$/,
      `?u=${encodeURIComponent('https://kwaadwillend.example/')}`,
    )

    const response = await fetch(elsewhere, { redirect: 'manual' })

    expect(response.status).toBe(404)
    expect(response.headers.get('location')).toBeNull()
  })
})

describe('the mailing report', () => {
  it('counts sent, opens, clicks and unsubscribes', async () => {
    const result = await report()

    expect(result.sent).toBe(4)
    expect(result.unsubscribes).toEqual({
      total: 2,
      byChannel: { one_click_unsubscribe: 2 },
    })
    expect(result.clicks).toEqual({ human: 1, machine: 0 })
  })

  it('counts the bounces and complaints of its contact moments', async () => {
    const isa = await recipientOf('Isa')
    const aafke = await recipientOf('Aafke')
    const at = new Date().toISOString()

    await server.api('/webhooks/generic', {
      method: 'POST',
      json: {
        events: [
          {
            id: 'r-1',
            type: 'bounce',
            status: '5.1.1',
            contactMomentId: isa.contactMomentId,
            occurredAt: at,
          },
          {
            id: 'r-2',
            type: 'bounce',
            status: '4.2.2',
            contactMomentId: aafke.contactMomentId,
            occurredAt: at,
          },
          { id: 'r-3', type: 'complaint', contactMomentId: aafke.contactMomentId, occurredAt: at },
        ],
      },
    })

    expect(await report()).toMatchObject({ bounces: { hard: 1, soft: 1 }, complaints: 1 })
  })
})
