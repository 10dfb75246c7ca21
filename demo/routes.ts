/** The demo organisation's website and a demo mailing, served beside the product. */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { Hono } from 'hono'
import type { Database } from '../db/client.ts'
import type { Clock } from '../server/clock.ts'
import type { AppEnv } from '../server/http/appEnv.ts'
import { escapeHtml } from '../server/pages/escapeHtml.ts'
import { getPerson } from '../server/persons/repository.ts'
import { mintPreferenceLink } from '../server/preferences/preferenceLinks.ts'
import type { DemoData } from './seed.ts'

const demoFile = (name: string) =>
  readFileSync(fileURLToPath(new URL(name, import.meta.url)), 'utf8')

const templates = {
  site: demoFile('./pages/site.html'),
  mailing: demoFile('./pages/mailing.html'),
  css: demoFile('./demo.css'),
}

export function demoRoutes(deps: {
  db: Database
  clock: Clock
  secret: string
  publicUrl: string
  demo: DemoData
}) {
  const { db, clock, demo } = deps

  const linkFor = (contactMomentId: number | null) =>
    mintPreferenceLink(
      db,
      { personId: demo.personId, contactMomentId, lifetimeDays: 60, now: clock(), language: 'nl' },
      deps,
    )

  return new Hono<AppEnv>()
    .get('/', (c) => c.redirect('/demo/'))
    .get('/demo', (c) => c.redirect('/demo/'))
    .get('/demo/', async (c) => {
      const person = await getPerson(db, demo.personId)
      const link = await linkFor(null)
      return c.html(fill(templates.site, { token: link.token, personName: fullName(person) }))
    })
    .get('/demo/mailing', async (c) => {
      const person = await getPerson(db, demo.personId)
      const link = await linkFor(demo.contactMomentId)
      c.header('referrer-policy', 'no-referrer')
      return c.html(
        fill(templates.mailing, {
          preferenceUrl: new URL(link.url).pathname + new URL(link.url).search,
          personName: fullName(person),
          firstName: person.firstName ?? '',
        }),
      )
    })
    .get('/demo/demo.css', (c) => c.body(templates.css, 200, { 'content-type': 'text/css' }))
}

function fullName(person: {
  firstName: string | null
  infix: string | null
  lastName: string | null
}) {
  return [person.firstName, person.infix, person.lastName].filter(Boolean).join(' ')
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => escapeHtml(values[name] ?? ''))
}
