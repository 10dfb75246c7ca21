/** The demo organisation's website, a demo mailing and the outbox, served beside the product. */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { desc } from 'drizzle-orm'
import { Hono } from 'hono'
import type { Database } from '../db/client.ts'
import { outboxMails } from '../db/schema/index.ts'
import type { Clock } from '../server/clock.ts'
import type { AppEnv } from '../server/http/appEnv.ts'
import { escapeHtml } from '../server/pages/escapeHtml.ts'
import { getPerson } from '../server/persons/repository.ts'
import { mintPreferenceLink } from '../server/preferences/preferenceLinks.ts'
import type { DemoData } from './seed.ts'

const demoFile = (name: string) =>
  readFileSync(fileURLToPath(new URL(name, import.meta.url)), 'utf8')

const templates = {
  layout: demoFile('./pages/layout.html'),
  site: demoFile('./pages/site.html'),
  signUp: demoFile('./pages/sign-up.html'),
  themes: demoFile('./pages/themes.html'),
  privacy: demoFile('./pages/privacy.html'),
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

  const demoPersonPage = async (title: string, template: string) => {
    const person = await getPerson(db, demo.personId)
    const link = await linkFor(null)
    return inLayout(title, fill(template, { token: link.token, personName: fullName(person) }))
  }

  return new Hono<AppEnv>()
    .get('/', (c) => c.redirect('/demo/'))
    .get('/demo', (c) => c.redirect('/demo/'))
    .get('/demo/', async (c) => c.html(await demoPersonPage('Mijn voorkeuren', templates.site)))
    .get('/demo/themes', async (c) => c.html(await demoPersonPage("Thema's", templates.themes)))
    .get('/demo/sign-up', (c) => c.html(inLayout('Aanmelden', templates.signUp)))
    .get('/demo/privacy', (c) => c.html(inLayout('Privacyverklaring', templates.privacy)))
    .get('/demo/outbox', async (c) => {
      const mails = await db.select().from(outboxMails).orderBy(desc(outboxMails.id)).limit(50)
      return c.html(inLayout('Verzonden mail', outboxList(mails)))
    })
    .get('/demo/mailing', async (c) => {
      const person = await getPerson(db, demo.personId)
      const link = new URL((await linkFor(demo.contactMomentId)).url)
      c.header('referrer-policy', 'no-referrer')
      return c.html(
        fill(templates.mailing, {
          preferenceUrl: link.pathname + link.search,
          personName: fullName(person),
          firstName: person.firstName ?? '',
        }),
      )
    })
    .get('/demo/demo.css', (c) => c.body(templates.css, 200, { 'content-type': 'text/css' }))
}

/** Without SMTP the outbox is where mail goes; here its links can be followed. */
function outboxList(mails: (typeof outboxMails.$inferSelect)[]): string {
  if (!mails.length) return '<p>Er is nog geen mail verstuurd.</p>'

  const items = mails.map((mail) => {
    const body = escapeHtml(mail.text).replace(
      /https?:\/\/[^\s<]+/g,
      (url) => `<a href="${url}">${url}</a>`,
    )
    return `<article>
      <h2>${escapeHtml(mail.subject)}</h2>
      <p>Aan ${escapeHtml(mail.recipient)} · ${mail.createdAt.toISOString()} · ${mail.status}</p>
      <pre>${body}</pre>
    </article>`
  })
  return `<div class="outbox">${items.join('\n')}</div>`
}

function inLayout(title: string, content: string): string {
  return fill(templates.layout, { title }).replace('{{{content}}}', content)
}

function fullName(person: {
  firstName: string | null
  infix: string | null
  lastName: string | null
}) {
  return [person.firstName, person.infix, person.lastName].filter(Boolean).join(' ')
}

/** Fills `{{name}}` with escaped text; `{{{content}}}` is left for trusted markup. */
function fill(template: string, values: Record<string, string>): string {
  return template.replace(/(?<!\{)\{\{(\w+)\}\}(?!\})/g, (_, name: string) =>
    escapeHtml(values[name] ?? ''),
  )
}
