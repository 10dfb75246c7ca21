import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mailingCounters, trackingEvents } from '../../db/schema/index.ts'
import type { Database } from '../../db/client.ts'
import { silentLogger } from '../../server/logger.ts'
import type { TrackingHit } from '../../server/tracking/recordTracking.ts'
import { createTrackingRecorder } from '../../server/tracking/trackingRecorder.ts'
import { startTestServer, type TestServer } from '../support/testServer.ts'

interface Recipient {
  personId: number
  contactMomentId: number
  openPixelUrl: string
  clickUrls: Record<string, string>
}

const link = 'https://www.groenetoekomst.example/bomen'
const browser = {
  'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126 Safari/537.36',
  'accept-language': 'nl-NL,nl;q=0.9',
}
const scanner = { 'user-agent': 'Barracuda Sentinel (EE)' }

async function person(server: TestServer, name: string, consents: [string, boolean][]) {
  const created = await server.api('/api/v1/persons', {
    method: 'POST',
    json: { firstName: name, email: `${name.toLowerCase()}@example.org` },
  })
  const { id } = (await created.json()) as { id: number }
  for (const [type, optIn] of consents) {
    const response = await server.api(`/api/v1/persons/${id}/consent-records`, {
      method: 'POST',
      json: { type, optIn, channel: 'manual', description: 'testgegevens' },
    })
    expect(response.status).toBe(201)
  }
  return id
}

async function bulletinType(server: TestServer) {
  await server.api('/api/v1/opt-in-types', {
    method: 'POST',
    json: { key: 'bulletin', labels: { nl: 'Bulletin', en: 'Bulletin' }, kind: 'hard' },
  })
}

/** A new mailing to everyone with a bulletin opt-in, sent an hour ago (so not too fast). */
async function sentMailing(server: TestServer, name: string) {
  const created = await server.api('/api/v1/mailings', {
    method: 'POST',
    json: { name, subject: name, type: 'bulletin', links: [link] },
  })
  const mailingId = ((await created.json()) as { id: number }).id
  const response = await server.api(`/api/v1/mailings/${mailingId}/recipients?format=ndjson`, {
    method: 'POST',
    json: { criteria: { optIn: 'bulletin', mailable: true } },
  })
  const recipients = (await response.text())
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Recipient)
  await server.connection.db.execute(
    sql`update contact_moments set sent_at = now() - interval '1 hour' where mailing_id = ${mailingId}`,
  )
  const of = (personId: number) => recipients.find((line) => line.personId === personId)!
  return { mailingId, of }
}

async function countersOf(server: TestServer, mailingId: number) {
  const rows = await server.connection.db
    .select()
    .from(mailingCounters)
    .where(eq(mailingCounters.mailingId, mailingId))
  const count = (kind: string, machine: boolean) =>
    rows.find((row) => row.kind === kind && row.machine === machine)?.count ?? 0
  return {
    opens: { human: count('open', false), machine: count('open', true) },
    clicks: { human: count('click', false), machine: count('click', true) },
  }
}

const total = (counters: Awaited<ReturnType<typeof countersOf>>) =>
  counters.opens.human + counters.opens.machine + counters.clicks.human + counters.clicks.machine

async function eventsOf(server: TestServer, mailingId: number) {
  return server.connection.db
    .select()
    .from(trackingEvents)
    .where(eq(trackingEvents.mailingId, mailingId))
}

/** Sends every request at once and checks each was answered as a mail client expects. */
async function hitAll(requests: { url: string; headers: Record<string, string> }[]) {
  const responses = await Promise.all(
    requests.map(({ url, headers }) => fetch(url, { headers, redirect: 'manual' })),
  )
  for (const response of responses) {
    expect([200, 302]).toContain(response.status)
    await response.arrayBuffer()
  }
}

const times = <T>(count: number, make: (n: number) => T) =>
  Array.from({ length: count }, (_, n) => make(n))

describe('opens and clicks written in batches', () => {
  let server: TestServer
  const people: Record<string, number> = {}

  beforeAll(async () => {
    server = await startTestServer()
    await bulletinType(server)
    people.Isa = await person(server, 'Isa', [
      ['bulletin', true],
      ['profileren', true],
    ])
    people.Femke = await person(server, 'Femke', [['bulletin', true]])
    people.Joost = await person(server, 'Joost', [
      ['bulletin', true],
      ['profileren', true],
      ['profileren', false],
    ])
    people.Kees = await person(server, 'Kees', [
      ['bulletin', true],
      ['profileren', true],
    ])
  })

  afterAll(() => server.close())

  it('counts every one of many concurrent hits exactly once', async () => {
    const { mailingId, of } = await sentMailing(server, 'Bulletin april')
    const recipients = [people.Isa!, people.Femke!, people.Joost!].map(of)
    const pick = (n: number) => recipients[n % recipients.length]!

    await hitAll([
      ...times(300, (n) => ({ url: pick(n).openPixelUrl, headers: browser })),
      ...times(120, (n) => ({ url: pick(n).openPixelUrl, headers: scanner })),
      ...times(150, (n) => ({ url: pick(n).clickUrls[link]!, headers: browser })),
      ...times(30, (n) => ({ url: pick(n).clickUrls[link]!, headers: scanner })),
    ])

    await expect.poll(async () => total(await countersOf(server, mailingId))).toBe(600)
    expect(await countersOf(server, mailingId)).toEqual({
      opens: { human: 300, machine: 120 },
      clicks: { human: 150, machine: 30 },
    })
    // Only Isa profiles: her third of every kind of hit is kept as an event.
    const events = await eventsOf(server, mailingId)
    expect(events).toHaveLength(200)
    expect(events.filter((event) => event.machine)).toHaveLength(50)
  })

  it('keeps events only for people with an effective profiling opt-in, within one batch', async () => {
    const { mailingId, of } = await sentMailing(server, 'Bulletin mei')
    // Kees opted in to profiling but has since been anonymised.
    await server.connection.db.execute(
      sql`update persons set anonymised = true where id = ${people.Kees!}`,
    )
    const everyone = [people.Isa!, people.Femke!, people.Joost!, people.Kees!].map(of)

    await hitAll(
      everyone.flatMap((recipient) => [
        { url: recipient.openPixelUrl, headers: browser },
        { url: recipient.clickUrls[link]!, headers: browser },
        { url: recipient.openPixelUrl, headers: scanner },
      ]),
    )

    await expect.poll(async () => total(await countersOf(server, mailingId))).toBe(12)
    const events = await eventsOf(server, mailingId)
    expect(new Set(events.map((event) => event.personId))).toEqual(new Set([people.Isa]))
    expect(events).toHaveLength(3)
    expect(events.find((event) => event.kind === 'click')).toMatchObject({
      url: link,
      machine: false,
      ipAddress: '127.0.0.1',
      userAgent: browser['user-agent'],
    })
    expect(events.find((event) => event.machine)).toMatchObject({
      kind: 'open',
      machineReason: 'scanner user agent',
    })
  })

  it('records nothing for a forged token, while answering it as before', async () => {
    const { mailingId, of } = await sentMailing(server, 'Bulletin juni')
    const isa = of(people.Isa!)
    const forged = isa.openPixelUrl.replace(/\.([^.]+)$/, '.AAAAAAAAAAAAAAAAAAAAAA')

    await hitAll([
      { url: forged, headers: browser },
      { url: isa.openPixelUrl, headers: browser },
    ])

    await expect.poll(async () => total(await countersOf(server, mailingId))).toBe(1)
    expect(await eventsOf(server, mailingId)).toHaveLength(1)
  })
})

describe('a batch the database fails', () => {
  let server: TestServer

  beforeAll(async () => {
    server = await startTestServer()
    await bulletinType(server)
  })

  afterAll(() => server.close())

  it('is retried, together with the hits that came meanwhile', async () => {
    const isa = await person(server, 'Isa', [['bulletin', true]])
    const { mailingId, of } = await sentMailing(server, 'Bulletin oktober')
    let failuresLeft = 2
    // The database drops its first two transactions, as a lost connection would.
    const flaky = new Proxy(server.connection.db, {
      get(target, key, receiver) {
        if (key !== 'transaction' || failuresLeft === 0) return Reflect.get(target, key, receiver)
        return async () => {
          failuresLeft -= 1
          throw new Error('connection lost')
        }
      },
    }) as Database
    const recorder = createTrackingRecorder(
      { db: flaky, logger: silentLogger() },
      { flushEveryMs: 10 },
    )
    const hit = (): TrackingHit => ({
      kind: 'open',
      contactMomentId: of(isa).contactMomentId,
      url: null,
      userAgent: browser['user-agent'],
      acceptLanguage: browser['accept-language'],
      ipAddress: '127.0.0.1',
      occurredAt: new Date(),
    })

    for (const one of times(10, hit)) recorder.record(one)
    await expect.poll(() => failuresLeft).toBe(0)
    for (const one of times(10, hit)) recorder.record(one)
    await recorder.close()

    expect((await countersOf(server, mailingId)).opens).toEqual({ human: 20, machine: 0 })
  })
})

describe('stopping the server', () => {
  it('writes every hit it acknowledged before the database closes', async () => {
    const server = await startTestServer()
    await bulletinType(server)
    const isa = await person(server, 'Isa', [
      ['bulletin', true],
      ['profileren', true],
    ])
    const { mailingId, of } = await sentMailing(server, 'Bulletin juli')
    // The test database goes away with the server: look at it just before it does.
    let afterClose: { counters: Awaited<ReturnType<typeof countersOf>>; events: number } | null =
      null
    const dispose = server.database.dispose
    server.database.dispose = async () => {
      afterClose = {
        counters: await countersOf(server, mailingId),
        events: (await eventsOf(server, mailingId)).length,
      }
      await dispose()
    }

    await hitAll([
      ...times(700, () => ({ url: of(isa).openPixelUrl, headers: browser })),
      ...times(50, () => ({ url: of(isa).clickUrls[link]!, headers: browser })),
    ])
    await server.close()

    expect(afterClose).toEqual({
      counters: { opens: { human: 700, machine: 0 }, clicks: { human: 50, machine: 0 } },
      events: 750,
    })
  })
})

describe('a hit whose contact moment is gone', () => {
  it('is not counted, and the rest of its batch is', async () => {
    const server = await startTestServer()
    try {
      await bulletinType(server)
      const isa = await person(server, 'Isa', [['bulletin', true]])
      const { mailingId, of } = await sentMailing(server, 'Bulletin augustus')
      const other = await sentMailing(server, 'Bulletin september')
      await server.connection.db.execute(
        sql`delete from contact_moments where mailing_id = ${other.mailingId}`,
      )

      await hitAll([
        { url: other.of(isa).openPixelUrl, headers: browser },
        ...times(5, () => ({ url: of(isa).openPixelUrl, headers: browser })),
      ])

      await expect.poll(async () => total(await countersOf(server, mailingId))).toBe(5)
      const [otherCounter] = await server.connection.db
        .select()
        .from(mailingCounters)
        .where(eq(mailingCounters.mailingId, other.mailingId))
      expect(otherCounter).toBeUndefined()
    } finally {
      await server.close()
    }
  })
})
