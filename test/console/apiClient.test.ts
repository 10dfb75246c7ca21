/**
 * The console's API client (console/api.ts) against the real server, outside a browser: the
 * cookie session, the console header on changes, and problem documents as ApiError.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ApiError, api, sessionEndedEvent } from '../../console/api.ts'
import { startTestServer, type TestServer } from '../support/testServer.ts'
import { demoOperators, demoPassword, demoPersonIds } from './consoleBrowser.ts'

let server: TestServer
let fenna: number
let cookie = ''
let sessionEndings = 0
const realFetch = globalThis.fetch

beforeAll(async () => {
  server = await startTestServer()
  ;[fenna] = (await demoPersonIds(server)) as [number]

  // A browser in miniature: one origin, one cookie jar, and a window for the client's events.
  globalThis.fetch = async (input, init = {}) => {
    const headers = new Headers(init.headers)
    if (cookie) headers.set('cookie', cookie)
    const response = await realFetch(`${server.url}${String(input)}`, { ...init, headers })
    const setCookie = response.headers.get('set-cookie')
    if (setCookie) cookie = setCookie.split(';')[0]!
    return response
  }
  const window = new EventTarget()
  window.addEventListener(sessionEndedEvent, () => sessionEndings++)
  Object.assign(globalThis, { window })
})

afterAll(async () => {
  globalThis.fetch = realFetch
  await server?.close()
})

beforeEach(() => {
  cookie = ''
  sessionEndings = 0
})

async function failureOf(promise: Promise<unknown>): Promise<ApiError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  )
  expect(error).toBeInstanceOf(ApiError)
  return error as ApiError
}

describe('the console API client', () => {
  it('turns a refused sign-in into an ApiError with the problem type, without ending a session', async () => {
    const error = await failureOf(api.signIn(demoOperators.admin, 'wrong-password'))
    expect(error.status).toBe(401)
    expect(error.type).toBe('/problems/invalid-credentials')
    expect(sessionEndings).toBe(0)
  })

  it('signs in with the cookie and records a telephone opt-out with the console header', async () => {
    const session = await api.signIn(demoOperators.editor, demoPassword)
    expect(session.operator).toMatchObject({ email: demoOperators.editor, role: 'editor' })
    expect(cookie).toMatch(/^smp_session=/)
    expect(await api.session()).toMatchObject({ operator: { role: 'editor' } })

    await api.recordConsent(fenna, {
      type: 'nieuwsbrief',
      optIn: false,
      channel: 'telephone',
      description: 'Telefonisch afgemeld',
    })
    const { records } = await api.consentRecordsOf(fenna)
    expect(records[0]).toMatchObject({
      type: 'nieuwsbrief',
      optIn: false,
      channel: 'telephone',
      description: 'Telefonisch afgemeld',
    })
  })

  it('reads what every screen shows', async () => {
    await api.signIn(demoOperators.admin, demoPassword)

    expect((await api.person(fenna)).email).toBe('fenna.brouwersma@example.org')
    expect((await api.consentOf(fenna)).consent.length).toBeGreaterThan(0)
    expect((await api.optInTypes()).types.map((type) => type.key)).toContain('profileren')
    expect(await api.savedQueries()).toEqual({ queries: [] })
    const { mailings } = await api.mailings()
    expect(mailings[0]?.name).toBe('Nieuwsbrief december')
    expect((await api.mailingReport(mailings[0]!.id)).sent).toBe(3)
  })

  it('searches persons and reads the ledger, the statistics and the user groups', async () => {
    await api.signIn(demoOperators.admin, demoPassword)

    const found = await api.searchPersons('Brouwersma')
    expect(found.persons.map((person) => person.id)).toEqual([fenna])
    const automatic = await api.ledger({ channel: 'automatic', soft: 'true' })
    expect(automatic.records).toHaveLength(3)
    expect(automatic.records[0]).toMatchObject({ channel: 'automatic', soft: true, optIn: true })
    expect(typeof automatic.records[0]?.personId).toBe('number')

    const current = await api.currentConsent()
    expect(current.types.find((type) => type.type === 'servicemail')).toMatchObject({
      optedIn: 3,
    })
    const today = new Date().toISOString().slice(0, 10)
    const overTime = await api.consentOverTime({ from: today, to: today, interval: 'day' })
    expect(overTime.periods).toEqual([today])
    expect(overTime.series.length).toBeGreaterThan(0)
    const bounces = await api.bouncesPerMailing()
    expect(bounces.mailings[0]).toMatchObject({ name: 'Nieuwsbrief december', sent: 3 })
    const { groups } = await api.operatorGroups()
    expect(groups.map((group) => group.name)).toContain('Zakelijke relaties')
  })

  it('gets 403 as an ApiError when a viewer tries a change', async () => {
    await api.signIn(demoOperators.viewer, demoPassword)
    const error = await failureOf(api.anonymise(fenna))
    expect(error.status).toBe(403)
    expect((await api.person(fenna)).anonymised).toBe(false)
  })

  it('announces the end of the session when the server no longer knows it', async () => {
    await api.signIn(demoOperators.viewer, demoPassword)
    await api.signOut()

    expect((await failureOf(api.session())).status).toBe(401)
    expect(sessionEndings).toBe(0)
    expect((await failureOf(api.person(fenna))).status).toBe(401)
    expect(sessionEndings).toBe(1)
  })
})
