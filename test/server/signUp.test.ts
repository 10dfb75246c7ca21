import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { outboxMails, persons, signUpRequests } from '../../db/schema/index.ts'
import { expectInvalidField, expectProblem } from '../support/problems.ts'
import { linkIn, recipientOf, type SmtpCatcher, startSmtpCatcher } from '../support/smtpCatcher.ts'
import { startTestServer, type TestServer } from '../support/testServer.ts'

let smtp: SmtpCatcher
let server: TestServer
const siteOrigin = 'https://www.groenetoekomst.example'

beforeAll(async () => {
  smtp = await startSmtpCatcher()
  server = await startTestServer({ smtpUrl: smtp.url })
  await server.api('/api/v1/sites/pk_demo', {
    method: 'PATCH',
    json: { allowedOrigins: [siteOrigin] },
  })
})

afterAll(async () => {
  await server.close()
  await smtp.close()
})

function signUp(body: Record<string, unknown>, headers: Record<string, string> = {}) {
  return fetch(`${server.url}/api/v1/sign-ups?lang=nl`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: siteOrigin, ...headers },
    body: JSON.stringify({
      site: 'pk_demo',
      channel: 'own_website',
      types: [
        { type: 'nieuwsbrief', labelText: 'Ja, stuur mij de nieuwsbrief' },
        { type: 'jongeren', labelText: 'Jongeren' },
      ],
      ...body,
    }),
  })
}

async function ledgerFor(email: string) {
  const [person] = await server.connection.db
    .select()
    .from(persons)
    .where(sql`lower(${persons.email}) = lower(${email})`)
  if (!person) return { person: null, records: [] }
  const response = await server.api(`/api/v1/persons/${person.id}/consent-records`)
  const { records } = (await response.json()) as { records: Record<string, unknown>[] }
  return { person, records }
}

describe('a site', () => {
  it('tells a visitor its privacy statement and the types one can sign up for', async () => {
    const response = await fetch(`${server.url}/api/v1/sites/pk_demo?lang=en`)

    expect(response.status).toBe(200)
    const site = (await response.json()) as {
      privacyStatementUrl: string
      types: { key: string; label: string }[]
    }
    expect(site.privacyStatementUrl).toBe(`${server.url}/demo/privacy`)
    expect(site.types.map((type) => type.key)).toEqual([
      'nieuwsbrief',
      'educatie',
      'jongeren',
      'zakelijk',
      'vrienden-nieuwsbrief',
    ])
    expect(site.types[0]?.label).toBe('Newsletter')
  })

  it('answers an unknown site key with 404', async () => {
    await expectProblem(await fetch(`${server.url}/api/v1/sites/pk_onbekend`), 404)
  })

  it('allows its own origins to call the public API from a browser', async () => {
    const preflight = await fetch(`${server.url}/api/v1/sign-ups`, {
      method: 'OPTIONS',
      headers: {
        origin: siteOrigin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type',
      },
    })

    expect(preflight.headers.get('access-control-allow-origin')).toBe(siteOrigin)
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull()
  })

  it('gives other origins no CORS answer', async () => {
    const preflight = await fetch(`${server.url}/api/v1/preferences`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    })

    expect(preflight.headers.get('access-control-allow-origin')).toBeNull()
  })
})

describe('double opt-in sign-up', () => {
  it('records nothing until the mailed link is confirmed, then the hard opt-ins with their label text', async () => {
    const email = 'nieuwe.aanmelder@example.org'

    const response = await signUp({ email })

    expect(response.status).toBe(202)
    const mail = await smtp.waitFor((candidate) => recipientOf(candidate) === email)
    expect(mail.subject).toBe('Bevestig uw aanmelding')
    expect((await ledgerFor(email)).person).toBeNull()

    const link = linkIn(mail, `${server.url}/confirm/`)
    const page = await fetch(link)
    expect(await page.text()).toContain('Ja, ik bevestig mijn aanmelding')
    expect((await ledgerFor(email)).person).toBeNull()

    const confirmed = await fetch(link, { method: 'POST' })
    expect(await confirmed.text()).toContain('Uw aanmelding is bevestigd')
    const { person, records } = await ledgerFor(email)
    expect(person).toMatchObject({ email, language: 'nl' })
    expect(records).toHaveLength(2)
    expect(records).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: 'nieuwsbrief',
          optIn: true,
          soft: false,
          channel: 'own_website',
          description: 'Ja, stuur mij de nieuwsbrief',
        }),
        expect.objectContaining({ type: 'jongeren', description: 'Jongeren' }),
      ]),
    )
  })

  it('records a sign-up once, however often the link is confirmed', async () => {
    const email = 'dubbel.klikker@example.org'
    await signUp({ email })
    const link = linkIn(
      await smtp.waitFor((mail) => recipientOf(mail) === email),
      `${server.url}/confirm/`,
    )

    await Promise.all([fetch(link, { method: 'POST' }), fetch(link, { method: 'POST' })])
    const again = await fetch(link, { method: 'POST' })

    expect(await again.text()).toContain('al bevestigd')
    expect((await ledgerFor(email)).records).toHaveLength(2)
  })

  it('mails a known address a link to its preferences instead, and answers the same', async () => {
    const known = 'fenna.brouwersma@example.org'
    const unknown = 'nog.onbekend@example.org'

    const forKnown = await signUp({ email: known.toUpperCase() })
    const forUnknown = await signUp({ email: unknown })

    expect(forKnown.status).toBe(forUnknown.status)
    expect(await forKnown.json()).toEqual(await forUnknown.json())
    const mail = await smtp.waitFor((candidate) => recipientOf(candidate) === known)
    expect(mail.subject).toBe('Uw e-mailvoorkeuren')
    expect(linkIn(mail, `${server.url}/p/`)).toMatch(/\/p\/v1\./)
    const pending = await server.connection.db
      .select()
      .from(signUpRequests)
      .where(sql`lower(${signUpRequests.email}) = lower(${known})`)
    expect(pending).toEqual([])
  })

  it('refuses an expired confirmation link and records nothing', async () => {
    const email = 'te.laat@example.org'
    await signUp({ email })
    const link = linkIn(
      await smtp.waitFor((mail) => recipientOf(mail) === email),
      `${server.url}/confirm/`,
    )
    await server.connection.db
      .update(signUpRequests)
      .set({ expiresAt: new Date(Date.now() - 1000) })
      .where(eq(signUpRequests.email, email))

    const confirmed = await fetch(link, { method: 'POST' })

    expect(confirmed.status).toBe(410)
    expect((await ledgerFor(email)).person).toBeNull()
  })

  it('answers an unknown confirmation link with 404', async () => {
    const response = await fetch(`${server.url}/confirm/${'x'.repeat(43)}`, { method: 'POST' })
    expect(response.status).toBe(404)
  })

  it.each([
    ['an invalid address', { email: 'geen-adres' }, 'email'],
    ['an unknown site', { email: 'a@example.org', site: 'pk_onbekend' }, 'site'],
    [
      'a soft type',
      { email: 'a@example.org', types: [{ type: 'servicemail', labelText: 'Service' }] },
      'types[0].type',
    ],
    ['no types', { email: 'a@example.org', types: [] }, 'types'],
  ])('refuses %s naming the field', async (_, body, path) => {
    await expectInvalidField(await signUp(body), path)
  })

  it('refuses a sign-up from a page on an origin the site does not list', async () => {
    const response = await signUp(
      { email: 'van.elders@example.org' },
      { origin: 'https://elders.example' },
    )

    await expectProblem(response, 403)
  })
})

describe('mail without an SMTP server', () => {
  it('keeps the mail in the outbox', async () => {
    const embedded = await startTestServer()
    try {
      await fetch(`${embedded.url}/api/v1/sign-ups`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          site: 'pk_demo',
          email: 'outbox.lezer@example.org',
          types: [{ type: 'nieuwsbrief', labelText: 'Nieuwsbrief' }],
        }),
      })

      // The mail is composed after the answer went out.
      await expect
        .poll(async () => (await embedded.connection.db.select().from(outboxMails)).length)
        .toBe(1)
      const stored = await embedded.connection.db.select().from(outboxMails)
      expect(stored[0]).toMatchObject({
        recipient: 'outbox.lezer@example.org',
        purpose: 'sign-up-confirmation',
        status: 'stored',
      })
      expect(stored[0]?.text).toContain(`${embedded.url}/confirm/`)
    } finally {
      await embedded.close()
    }
  })
})
