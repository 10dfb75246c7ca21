/**
 * The floors: bare node:http doing each workload's database work and nothing else (no
 * routing library, no validation, no token, no logging). What the product does on top of
 * this is what the ratios measure.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { FloorDatabase } from './floorDatabase.ts'
import * as floorSql from './floorSql.ts'

/** The same 1×1 transparent GIF the product answers. */
const pixel = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64')

export interface FloorConsent {
  personId: number
  optInTypeId: number
  optIn: boolean
  channel: string
  description: string
  contactMomentId: number | null
}

/** An event of the product's generic webhook, plus the person the product would find. */
export interface FloorBounceEvent {
  id: string
  type: string
  bounceType: string
  email: string
  contactMomentId: number
  personId: number
  occurredAt: string
  diagnostic: string
}

type Handler = (request: IncomingMessage, url: URL, response: ServerResponse) => Promise<void>

export function createFloorServer(db: FloorDatabase): Server {
  const routes: Record<string, Handler> = {
    'GET /pixel': async (_request, _url, response) => {
      response.writeHead(200, { 'content-type': 'image/gif', 'cache-control': 'no-store' })
      response.end(pixel)
    },
    'POST /consent': async (request, _url, response) => {
      const consent = JSON.parse(await bodyOf(request)) as FloorConsent
      const id = await recordConsent(db, consent)
      json(response, { id })
    },
    'GET /preferences': async (_request, url, response) => {
      const personId = Number(url.searchParams.get('person'))
      const [person] = await db.query(floorSql.personIsKnown, [personId])
      if (!person || person.anonymised) return json(response, { detail: 'unknown' }, 401)
      const types = await db.query(floorSql.typesWithState, [personId])
      const [site] = await db.query(floorSql.defaultSite)
      json(response, { site: site ?? null, types })
    },
    'POST /bounces': async (request, _url, response) => {
      const { events } = JSON.parse(await bodyOf(request)) as { events: FloorBounceEvent[] }
      await insertBounces(db, events)
      json(response, { received: events.length })
    },
    'GET /audience': async (_request, url, response) => {
      const typeId = Number(url.searchParams.get('type'))
      response.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8' })
      for await (const rows of db.stream(floorSql.audience, [typeId], 1000)) {
        const lines = rows.map((row) => `${JSON.stringify(row)}\n`).join('')
        if (!response.write(lines)) await new Promise((resolve) => response.once('drain', resolve))
      }
      response.end()
    },
  }

  return createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1')
    const handler = routes[`${request.method} ${url.pathname}`]
    if (!handler) return json(response, { detail: 'not found' }, 404)

    handler(request, url, response).catch((error: unknown) => {
      if (!response.headersSent) json(response, { detail: String(error) }, 500)
      else response.destroy()
    })
  })
}

async function recordConsent(db: FloorDatabase, consent: FloorConsent) {
  return db.transaction(async (query) => {
    const [record] = await query(floorSql.insertConsentRecord, [
      consent.personId,
      consent.channel,
      consent.optIn,
      consent.optInTypeId,
      consent.description,
      consent.contactMomentId,
    ])
    if (!record) throw new Error('No consent record came back.')
    await query(floorSql.offerToConsentState, [
      record.person_id,
      record.opt_in_type_id,
      record.opt_in,
      record.soft,
      record.id,
      record.recorded_at,
    ])
    return record.id
  })
}

function insertBounces(db: FloorDatabase, events: FloorBounceEvent[]) {
  const column = <T>(pick: (event: FloorBounceEvent) => T) => events.map(pick)
  return db.query(floorSql.insertBounceEvents, [
    column((event) => event.id),
    column((event) => event.type),
    column((event) => event.bounceType),
    column((event) => event.email),
    column((event) => event.personId),
    column((event) => event.contactMomentId),
    column((event) => event.diagnostic),
    column((event) => JSON.stringify(event)),
    column((event) => event.occurredAt),
  ])
}

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}

function json(response: ServerResponse, body: unknown, status = 200) {
  response.writeHead(status, { 'content-type': 'application/json' })
  response.end(JSON.stringify(body))
}
