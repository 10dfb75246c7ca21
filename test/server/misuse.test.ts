import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { outboxMails, persons, signUpRequests, trackingEvents } from '../../db/schema/index.ts'
import { errorForLog } from '../../server/http/errorForLog.ts'
import { signPersonToken } from '../../server/tokens/personToken.ts'
import { expectInvalidField, expectProblem } from '../support/problems.ts'
import { startTestServer, testSecret, type TestServer } from '../support/testServer.ts'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})

afterAll(() => server.close())

function signUp(email: string, labelText = 'Nieuwsbrief') {
  return fetch(`${server.url}/api/v1/sign-ups`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ site: 'pk_demo', email, types: [{ type: 'nieuwsbrief', labelText }] }),
  })
}

async function outboxFor(email: string) {
  return server.connection.db
    .select()
    .from(outboxMails)
    .where(sql`lower(${outboxMails.recipient}) = lower(${email})`)
}

/** Sign-up mail is sent after the answer; wait until the outbox holds what is expected. */
async function settledOutbox(email: string, expected: number) {
  await expect.poll(async () => (await outboxFor(email)).length).toBe(expected)
  await new Promise((resolve) => setTimeout(resolve, 200))
  return outboxFor(email)
}

async function mailing(type: string) {
  return server.api('/api/v1/mailings', {
    method: 'POST',
    json: { name: `Test ${type}`, subject: 'Test', type },
  })
}

describe('misuse by visitors', () => {
  it('refuses an unpaired surrogate in a label text the same way for every address', async () => {
    const known = await signUp('fenna.brouwersma@example.org', 'x\ud800')
    const unknown = await signUp('nooit.gezien@example.org', 'x\ud800')

    await expectInvalidField(known, 'types[0].labelText')
    await expectInvalidField(unknown, 'types[0].labelText')
  })

  it('never logs the lines of a failed query, where its parameters are', () => {
    const failure = new Error('Failed query: insert into persons\nparams: 1,geheim@example.org')
    failure.stack = `${failure.message}\n    at insert (db.js:1:1)\n    at handler (app.js:2:2)`

    expect(JSON.stringify(errorForLog(failure))).not.toContain('geheim@example.org')
    expect(errorForLog(failure).stack).toEqual(['at insert (db.js:1:1)', 'at handler (app.js:2:2)'])
  })

  it('sends at most three requested mails an hour to one address', async () => {
    const victim = 'overspoeld@example.org'

    for (let attempt = 0; attempt < 6; attempt++) expect((await signUp(victim)).status).toBe(202)

    expect(await settledOutbox(victim, 3)).toHaveLength(3)
  })

  it('makes one person of sign-ups for one address confirmed at the same moment', async () => {
    const email = 'dubbel.bevestigd@example.org'
    const links: string[] = []
    for (const label of ['Nieuwsbrief', 'Nieuws', 'De nieuwsbrief']) {
      await signUp(email, label)
    }
    for (const mail of await settledOutbox(email, 3)) {
      links.push(/\/confirm\/[A-Za-z0-9_-]+/.exec(mail.text)![0])
    }

    await Promise.all(links.map((link) => fetch(`${server.url}${link}`, { method: 'POST' })))

    const created = await server.connection.db
      .select()
      .from(persons)
      .where(sql`lower(${persons.email}) = ${email}`)
    expect(created).toHaveLength(1)
  })

  it('lets a confirmation link stop working once expired, even after use, without a new link', async () => {
    const email = 'verlopen.gebruikt@example.org'
    await signUp(email)
    const [mail] = await settledOutbox(email, 1)
    const link = /\/confirm\/[A-Za-z0-9_-]+/.exec(mail!.text)![0]
    await fetch(`${server.url}${link}`, { method: 'POST' })
    await server.connection.db
      .update(signUpRequests)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(signUpRequests.email, email))

    const again = await fetch(`${server.url}${link}`, { method: 'POST' })

    expect(again.status).toBe(410)
    expect(await again.text()).not.toContain('/p/v1.')
  })

  it('refuses a fresh link for a token that expired more than a year ago', async () => {
    const ancient = signPersonToken(
      {
        personId: server.demo!.personId,
        contactMomentId: null,
        expiresAt: new Date(Date.now() - 400 * 86_400_000),
      },
      testSecret,
    )

    const response = await fetch(`${server.url}/api/v1/preferences/renewal`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ancient}` },
    })

    await expectProblem(response, 401)
  })
})

describe('misuse of mailings', () => {
  it('refuses a mailing for a post type, a deactivated type or the profiling type', async () => {
    await server.api('/api/v1/opt-in-types', {
      method: 'POST',
      json: { key: 'magazine', labels: { nl: 'Magazine' }, kind: 'hard', channel: 'post' },
    })
    await server.api('/api/v1/opt-in-types', {
      method: 'POST',
      json: { key: 'oud', labels: { nl: 'Oud' }, kind: 'hard' },
    })
    await server.api('/api/v1/opt-in-types/oud/deactivate', { method: 'POST' })

    for (const type of ['magazine', 'oud', 'profileren']) {
      await expectInvalidField(await mailing(type), 'type')
    }
  })

  it('refuses to select the audience of a mailing whose type was deactivated since', async () => {
    await server.api('/api/v1/opt-in-types', {
      method: 'POST',
      json: { key: 'tijdelijk', labels: { nl: 'Tijdelijk' }, kind: 'hard' },
    })
    const created = await mailing('tijdelijk')
    const { id } = (await created.json()) as { id: number }
    await server.api('/api/v1/opt-in-types/tijdelijk/deactivate', { method: 'POST' })

    const response = await server.api(`/api/v1/mailings/${id}/recipients`, {
      method: 'POST',
      json: { criteria: { optIn: 'tijdelijk', mailable: true } },
    })

    await expectProblem(response, 409)
  })
})

describe('misuse of mailing links', () => {
  async function recipientLine(personId: number) {
    const created = await mailing('nieuwsbrief')
    const { id } = (await created.json()) as { id: number }
    const response = await server.api(`/api/v1/mailings/${id}/recipients`, {
      method: 'POST',
      json: { criteria: { optIn: 'nieuwsbrief', mailable: true } },
    })
    const lines = (await response.text())
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line))
    return lines.find((line: { personId: number }) => line.personId === personId) as {
      unsubscribeUrl: string
      openPixelUrl: string
      preferenceUrl: string
    }
  }

  it('records a new one-click opt-out after the person opted in again', async () => {
    const personId = server.demo!.personId
    const links = await recipientLine(personId)
    const oneClick = () =>
      fetch(links.unsubscribeUrl, {
        method: 'POST',
        body: new URLSearchParams({ 'List-Unsubscribe': 'One-Click' }),
      })
    await oneClick()
    const token = new URL(links.preferenceUrl).pathname.slice(3)
    await fetch(`${server.url}/api/v1/preferences`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        changes: [{ type: 'nieuwsbrief', optIn: true, labelText: 'Nieuwsbrief' }],
      }),
    })

    await oneClick()

    const response = await server.api(`/api/v1/persons/${personId}/consent`)
    const { consent } = (await response.json()) as { consent: { type: string; optIn: boolean }[] }
    expect(consent.find((entry) => entry.type === 'nieuwsbrief')?.optIn).toBe(false)
  })

  it('keeps no address or browser of an anonymised person, and shows them no page', async () => {
    const created = await server.api('/api/v1/persons', {
      method: 'POST',
      json: { firstName: 'Profiel', email: 'profiel@example.org' },
    })
    const { id } = (await created.json()) as { id: number }
    for (const type of ['nieuwsbrief', 'profileren']) {
      await server.api(`/api/v1/persons/${id}/consent-records`, {
        method: 'POST',
        json: { type, optIn: true, channel: 'manual', description: 'test' },
      })
    }
    const links = await recipientLine(id)
    await server.connection.db.execute(sql`update persons set anonymised = true where id = ${id}`)

    await fetch(links.openPixelUrl, {
      headers: { 'user-agent': 'Mozilla/5.0 Firefox/130', 'accept-language': 'nl' },
    })
    const page = await fetch(links.unsubscribeUrl)

    expect(page.status).toBe(404)
    await new Promise((resolve) => setTimeout(resolve, 300))
    const events = await server.connection.db
      .select()
      .from(trackingEvents)
      .where(eq(trackingEvents.personId, id))
    expect(events).toEqual([])
  })
})
