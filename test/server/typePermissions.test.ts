import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOperatorWithKey } from '../../server/operators/apiKeys.ts'
import { expectProblem } from '../support/problems.ts'
import { startTestServer, type TestServer } from '../support/testServer.ts'

/**
 * The demo restricts the Zakelijk subgroup to the group "Zakelijke relaties", which holds the
 * demo editor (redacteur@demo.example). These operators come on top, each with an API key.
 */
let server: TestServer
let outsideEditor: string
let viewer: string
let groupEditor: string

beforeAll(async () => {
  server = await startTestServer()
  const db = server.database.connection.db
  const issue = async (email: string, role: 'viewer' | 'editor') =>
    (await createOperatorWithKey(db, { email, name: email, role }, 'test')).key
  outsideEditor = await issue('buiten@example.org', 'editor')
  viewer = await issue('kijker@example.org', 'viewer')
  groupEditor = await issue('groep@example.org', 'editor')

  const { groups } = (await (await server.api('/api/v1/operator-groups')).json()) as {
    groups: { id: number; name: string; memberIds: number[] }[]
  }
  const business = groups.find((group) => group.name === 'Zakelijke relaties')!
  const { operators } = (await (await server.api('/api/v1/operators')).json()) as {
    operators: { id: number; email: string }[]
  }
  const memberId = operators.find((operator) => operator.email === 'groep@example.org')!.id
  const joined = await server.api(`/api/v1/operator-groups/${business.id}`, {
    method: 'PATCH',
    json: { memberIds: [...business.memberIds, memberId] },
  })
  expect(joined.status).toBe(200)
})

afterAll(async () => {
  await server?.close()
})

const as = (key: string) => ({ headers: { authorization: `Bearer ${key}` } })

async function typeKeysSeenBy(key: string) {
  const response = await server.api('/api/v1/opt-in-types', as(key))
  const { types } = (await response.json()) as { types: { key: string }[] }
  return types.map((type) => type.key)
}

function recordFor(key: string, type: string) {
  return server.api(`/api/v1/persons/${server.demo!.personId}/consent-records`, {
    method: 'POST',
    json: { type, optIn: true, channel: 'telephone', description: 'Gebeld' },
    ...as(key),
  })
}

describe('opt-in types restricted to a user group', () => {
  it('are hidden from operators outside the group, and shown to its members', async () => {
    expect(await typeKeysSeenBy(outsideEditor)).not.toContain('zakelijk')
    expect(await typeKeysSeenBy(viewer)).not.toContain('zakelijk')
    expect(await typeKeysSeenBy(groupEditor)).toContain('zakelijk')
    expect(await typeKeysSeenBy(server.apiKey)).toContain('zakelijk')
  })

  it('take consent only from editors in the group', async () => {
    await expectProblem(await recordFor(outsideEditor, 'zakelijk'), 403)
    expect((await recordFor(groupEditor, 'zakelijk')).status).toBe(201)
    expect((await recordFor(outsideEditor, 'nieuwsbrief')).status).toBe(201)
  })

  it("leave the type out of an outsider's view of a person, the ledger and the charts", async () => {
    const personId = server.demo!.personId
    const history = await server.api(
      `/api/v1/persons/${personId}/consent-records`,
      as(outsideEditor),
    )
    const state = await server.api(`/api/v1/persons/${personId}/consent`, as(outsideEditor))
    const ledger = await server.api('/api/v1/consent-records?type=zakelijk', as(outsideEditor))
    const chart = await server.api('/api/v1/stats/current-consent', as(outsideEditor))

    const text = JSON.stringify([
      await history.json(),
      await state.json(),
      await ledger.json(),
      await chart.json(),
    ])
    expect(text).toContain('nieuwsbrief')
    expect(text).not.toContain('zakelijk')
  })

  it('let only admins and the granted group edit the type itself; to others it is not there', async () => {
    const rename = (key: string) =>
      server.api('/api/v1/opt-in-types/zakelijk', {
        method: 'PATCH',
        json: { labels: { nl: 'Zakelijk', en: 'Business' } },
        ...as(key),
      })

    await expectProblem(await rename(outsideEditor), 404)
    expect((await rename(groupEditor)).status).toBe(200)
  })

  it('let the granted group switch the profiling policy of the type', async () => {
    const response = await server.api('/api/v1/opt-in-types/zakelijk', {
      method: 'PATCH',
      json: { profiling: true },
      ...as(groupEditor),
    })

    expect(response.status).toBe(200)
    expect(await response.json()).toMatchObject({ key: 'zakelijk', profiling: true })
    await server.api('/api/v1/opt-in-types/zakelijk', {
      method: 'PATCH',
      json: { profiling: false },
      ...as(groupEditor),
    })
  })
})

describe('a restricted type reached by other roads', () => {
  async function mailingOf(type: string, key = server.apiKey) {
    return server.api('/api/v1/mailings', {
      method: 'POST',
      json: { name: `Mailing ${type}`, subject: 'Onderwerp', type },
      ...as(key),
    })
  }

  it('cannot be mailed, listed or reported on by operators outside the group', async () => {
    const business = (await (await mailingOf('zakelijk')).json()) as { id: number }

    await expectProblem(await mailingOf('zakelijk', outsideEditor), 400)
    const list = await server.api('/api/v1/mailings', as(viewer))
    const one = await server.api(`/api/v1/mailings/${business.id}`, as(viewer))
    const report = await server.api(`/api/v1/mailings/${business.id}/report`, as(viewer))
    const audience = await server.api(`/api/v1/mailings/${business.id}/recipients`, {
      method: 'POST',
      json: { criteria: { optIn: 'zakelijk', mailable: true } },
      ...as(outsideEditor),
    })

    expect(JSON.stringify(await list.json())).not.toContain('zakelijk')
    await expectProblem(one, 404)
    await expectProblem(report, 404)
    await expectProblem(audience, 404)
    await expectProblem(await server.api('/api/v1/mailings/987654'), 404)
  })

  it('cannot narrow an audience or a saved query for outsiders', async () => {
    const newsletter = (await (await mailingOf('nieuwsbrief', outsideEditor)).json()) as {
      id: number
    }

    const audience = await server.api(`/api/v1/mailings/${newsletter.id}/recipients`, {
      method: 'POST',
      json: {
        criteria: {
          optIn: 'nieuwsbrief',
          mailable: true,
          conditions: [{ alsoOptedIn: 'zakelijk' }],
        },
      },
      ...as(outsideEditor),
    })
    const preview = await server.api('/api/v1/queries/preview', {
      method: 'POST',
      json: { definition: { optedIn: 'zakelijk' } },
      ...as(viewer),
    })
    const saved = await server.api('/api/v1/queries', {
      method: 'POST',
      json: { name: 'Zakelijk aangemeld', definition: { optedIn: 'zakelijk' } },
      ...as(outsideEditor),
    })

    await expectProblem(audience, 400)
    await expectProblem(preview, 400)
    await expectProblem(saved, 400)
  })

  it('lets only operators who may change every type mint preference links, and audits it', async () => {
    const mint = (key: string) =>
      server.api(`/api/v1/persons/${server.demo!.personId}/preference-links`, {
        method: 'POST',
        json: {},
        ...as(key),
      })

    await expectProblem(await mint(outsideEditor), 403)
    expect((await mint(groupEditor)).status).toBe(201)
    const audit = await server.api(`/api/v1/persons/${server.demo!.personId}/audit`)
    const { entries } = (await audit.json()) as { entries: { action: string }[] }
    expect(entries.map((entry) => entry.action)).toContain('preference-link-minted')
  })

  it('does not reveal that it exists to outsiders', async () => {
    await expectProblem(await server.api('/api/v1/opt-in-types/zakelijk', as(viewer)), 404)
    await expectProblem(
      await server.api('/api/v1/opt-in-types/zakelijk/permissions', as(viewer)),
      404,
    )
    const session = await server.api('/api/v1/session', as(viewer))
    expect(JSON.stringify(await session.json())).not.toContain('zakelijk')
  })
})

describe('managing rights', () => {
  it('lets an admin open a type to everyone again by removing its grants', async () => {
    const cleared = await server.api('/api/v1/opt-in-types/zakelijk/permissions', {
      method: 'PUT',
      json: { permissions: [] },
    })

    expect(cleared.status).toBe(200)
    expect(await typeKeysSeenBy(outsideEditor)).toContain('zakelijk')
  })

  it('refuses a grant to change without view, and one for a group that does not exist', async () => {
    const put = (permissions: unknown) =>
      server.api('/api/v1/opt-in-types/nieuwsbrief/permissions', {
        method: 'PUT',
        json: { permissions },
      })

    expect((await put([{ groupId: 1, view: false, change: true }])).status).toBe(400)
    expect((await put([{ groupId: 999999, view: true, change: true }])).status).toBe(400)
  })

  it('keeps group and rights management for admins', async () => {
    const create = await server.api('/api/v1/operator-groups', {
      method: 'POST',
      json: { name: 'Eigen groep' },
      ...as(outsideEditor),
    })
    const grant = await server.api('/api/v1/opt-in-types/nieuwsbrief/permissions', {
      method: 'PUT',
      json: { permissions: [] },
      ...as(outsideEditor),
    })

    await expectProblem(create, 403)
    await expectProblem(grant, 403)
  })

  it('lets only a group with the right add types', async () => {
    const add = (key: string, typeKey: string) =>
      server.api('/api/v1/opt-in-types', {
        method: 'POST',
        json: { key: typeKey, labels: { nl: 'Nieuw' }, kind: 'hard' },
        ...as(key),
      })

    await expectProblem(await add(outsideEditor, 'nieuw-buiten'), 403)
    expect((await add(groupEditor, 'nieuw-groep')).status).toBe(201)
  })

  it("gives a type an editor made to the editor's type-adding groups, so they can edit it", async () => {
    const rename = await server.api('/api/v1/opt-in-types/nieuw-groep', {
      method: 'PATCH',
      json: { labels: { nl: 'Nieuw, hernoemd' } },
      ...as(groupEditor),
    })

    expect(rename.status).toBe(200)
    expect(await typeKeysSeenBy(outsideEditor)).not.toContain('nieuw-groep')
  })
})
