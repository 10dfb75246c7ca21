import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectProblem } from '../support/problems.ts'
import { bounceStateOf, createNamedPerson } from '../support/persons.ts'
import { startTestServer, type TestServer } from '../support/testServer.ts'

let server: TestServer
let eventNumber = 0

beforeAll(async () => {
  server = await startTestServer()
})

afterAll(() => server.close())

const newPerson = (name: string) => createNamedPerson(server, name)
const personState = (id: number) => bounceStateOf(server, id)

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString()

interface GenericEvent {
  id?: string
  type: 'bounce' | 'delivery' | 'complaint' | 'auto-reply'
  email?: string
  bounceType?: 'hard' | 'soft'
  status?: string
  contactMomentId?: number
  messageId?: string
  occurredAt?: string
}

function postEvents(events: GenericEvent[]) {
  return server.api('/webhooks/generic', {
    method: 'POST',
    json: {
      events: events.map((event) => ({
        id: event.id ?? `evt-${++eventNumber}`,
        occurredAt: event.occurredAt ?? minutesAgo(0),
        ...event,
      })),
    },
  })
}

const bounce = (email: string, minutes: number, extra: Partial<GenericEvent> = {}) => ({
  type: 'bounce' as const,
  email,
  status: '5.1.1',
  occurredAt: minutesAgo(minutes),
  ...extra,
})

describe('bounce rules', () => {
  it('makes a person a bouncer, not mailable, at the third bounce in a row', async () => {
    const person = await newPerson('Drie')

    await postEvents([bounce(person.email, 30), bounce(person.email, 20)])
    expect(await personState(person.id)).toMatchObject({ consecutiveBounces: 2, bouncer: false })
    const response = await postEvents([bounce(person.email.toUpperCase(), 10, { status: '4.2.2' })])

    expect(await response.json()).toMatchObject({ received: 1, newBouncers: 1 })
    expect(await personState(person.id)).toMatchObject({
      consecutiveBounces: 3,
      bouncer: true,
      mailable: false,
    })
    const audit = await server.api(`/api/v1/persons/${person.id}/audit`)
    const { entries } = (await audit.json()) as { entries: { action: string }[] }
    expect(entries.map((entry) => entry.action)).toContain('bouncer-set')
  })

  it('lets a delivery in between start the count over', async () => {
    const person = await newPerson('Tussendoor')

    await postEvents([
      bounce(person.email, 40),
      bounce(person.email, 30),
      { type: 'delivery', email: person.email, occurredAt: minutesAgo(20) },
      bounce(person.email, 10),
    ])

    expect(await personState(person.id)).toMatchObject({ consecutiveBounces: 1, bouncer: false })
  })

  it('orders by when events happened, not by when they arrived', async () => {
    const person = await newPerson('Laat')

    await postEvents([bounce(person.email, 10)])
    await postEvents([{ type: 'delivery', email: person.email, occurredAt: minutesAgo(5) }])
    await postEvents([bounce(person.email, 30), bounce(person.email, 20)])

    expect(await personState(person.id)).toMatchObject({ consecutiveBounces: 0, bouncer: false })
  })

  it('counts an event delivered twice once', async () => {
    const person = await newPerson('Dubbel')
    const repeated = bounce(person.email, 10, { id: 'provider-retry-1' })

    await postEvents([repeated])
    const retry = await postEvents([repeated, repeated])

    expect(await retry.json()).toMatchObject({ received: 2, duplicates: 2 })
    expect(await personState(person.id)).toMatchObject({ consecutiveBounces: 1 })
  })

  it('counts every one of concurrent deliveries for one person', async () => {
    const person = await newPerson('Gelijktijdig')

    await Promise.all([30, 20, 10].map((minutes) => postEvents([bounce(person.email, minutes)])))

    expect(await personState(person.id)).toMatchObject({ consecutiveBounces: 3, bouncer: true })
  })

  it('does not count auto-replies', async () => {
    const person = await newPerson('Afwezig')

    const response = await postEvents([
      bounce(person.email, 30),
      { type: 'auto-reply', email: person.email, occurredAt: minutesAgo(20) },
      bounce(person.email, 10),
    ])

    expect(await response.json()).toMatchObject({ ignored: 1 })
    expect(await personState(person.id)).toMatchObject({ consecutiveBounces: 2 })
  })

  it('accepts an unknown recipient with 200 and counts it as unmatched', async () => {
    const response = await postEvents([bounce('niemand@example.org', 1)])

    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ received: 1, unmatched: 1 })
  })

  it('takes a batch of 1,000 events', async () => {
    const people = await Promise.all(['Een', 'Twee', 'Vier'].map(newPerson))

    const response = await postEvents(
      Array.from({ length: 1000 }, (_, index) =>
        index % 2
          ? bounce(people[index % 3]!.email, 1000 - index)
          : {
              type: 'delivery' as const,
              email: people[index % 3]!.email,
              occurredAt: minutesAgo(1000 - index),
            },
      ),
    )

    expect(await response.json()).toMatchObject({ received: 1000, duplicates: 0, unmatched: 0 })
    for (const person of people) expect((await personState(person.id)).bouncer).toBe(false)
  })

  it('refuses a request without an operator key, and a malformed one', async () => {
    const anonymous = await fetch(`${server.url}/webhooks/generic`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"events":[]}',
    })
    await expectProblem(anonymous, 401)

    const malformed = await server.api('/webhooks/generic', {
      method: 'POST',
      json: { events: [{ id: 'x', type: 'exploded', occurredAt: 'gisteren' }] },
    })
    await expectProblem(malformed, 400)
  })
})

describe('a complaint', () => {
  it('opts the person out of the mailing type with channel complaint and the contact moment', async () => {
    const { personId, contactMomentId } = server.demo!

    await postEvents([
      {
        type: 'complaint',
        messageId: `<cm.${contactMomentId}@127.0.0.1>`,
        occurredAt: minutesAgo(1),
      },
    ])

    const response = await server.api(`/api/v1/persons/${personId}/consent-records`)
    const { records } = (await response.json()) as { records: Record<string, unknown>[] }
    expect(records[0]).toMatchObject({
      type: 'nieuwsbrief',
      optIn: false,
      soft: false,
      channel: 'complaint',
      contactMomentId,
    })
  })
})

describe('releasing a bouncer', () => {
  it('makes the address mailable again, valid, and leaves it in the audit trail', async () => {
    const person = await newPerson('Terug')
    await postEvents([30, 20, 10].map((minutes) => bounce(person.email, minutes)))
    expect(await personState(person.id)).toMatchObject({ bouncer: true, emailValidity: 'invalid' })

    await server.api(`/api/v1/persons/${person.id}`, { method: 'PATCH', json: { bouncer: false } })

    expect(await personState(person.id)).toMatchObject({
      bouncer: false,
      mailable: true,
      emailValidity: 'valid',
      consecutiveBounces: 0,
    })
    await postEvents([bounce(person.email, 40, { id: 'late-arrival-from-before' })])
    expect(await personState(person.id)).toMatchObject({ consecutiveBounces: 0 })
    const audit = await server.api(`/api/v1/persons/${person.id}/audit`)
    const { entries } = (await audit.json()) as {
      entries: { action: string; apiKeyId: number | null }[]
    }
    expect(entries).toContainEqual(
      expect.objectContaining({ action: 'bouncer-released', apiKeyId: expect.any(Number) }),
    )
  })

  it('cannot make someone a bouncer by hand', async () => {
    const person = await newPerson('Handmatig')

    const response = await server.api(`/api/v1/persons/${person.id}`, {
      method: 'PATCH',
      json: { bouncer: true },
    })

    await expectProblem(response, 400)
  })

  it('starts over when the address changes', async () => {
    const person = await newPerson('Verhuisd')
    await postEvents([20, 10].map((minutes) => bounce(person.email, minutes)))

    await server.api(`/api/v1/persons/${person.id}`, {
      method: 'PATCH',
      json: { email: 'verhuisd.nieuw@example.org' },
    })

    expect(await personState(person.id)).toMatchObject({ consecutiveBounces: 0 })
    const audit = await server.api(`/api/v1/persons/${person.id}/audit`)
    const { entries } = (await audit.json()) as { entries: { action: string }[] }
    expect(entries.map((entry) => entry.action)).toContain('email-changed')
  })
})
