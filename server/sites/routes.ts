/**
 * Sites: operators (admins) register them; visitors' browsers read a site's public part,
 * its privacy statement and the types one can sign up for, by the site's public key.
 */
import { Hono } from 'hono'
import * as v from 'valibot'
import type { Database } from '../../db/client.ts'
import type { Clock } from '../clock.ts'
import type { AppEnv } from '../http/appEnv.ts'
import { operatorAuth, requireRole } from '../http/operatorAuth.ts'
import { conflict, notFound } from '../http/problem.ts'
import { boundedText, languageQuery } from '../http/schemas.ts'
import { validate } from '../http/validation.ts'
import { listSignUpTypes } from '../signUps/signUpTypes.ts'
import type { OriginPolicy } from './originPolicy.ts'
import { presentSiteToOperator, presentSiteToVisitor } from './presentSite.ts'
import { findSiteByKey, insertSite, listSites, newSitePublicKey, updateSite } from './repository.ts'

const origin = v.pipe(
  v.string(),
  v.check((value) => {
    try {
      const url = new URL(value)
      return url.origin === value && (url.protocol === 'https:' || url.protocol === 'http:')
    } catch {
      return false
    }
  }, 'Use an origin such as https://www.example.org (scheme, host and port only).'),
)

/** An absolute web address, or a path on this server such as /privacy. */
const privacyStatementUrl = v.pipe(
  v.string(),
  v.trim(),
  v.maxLength(2000),
  v.check(
    (value) => /^\/(?!\/)/.test(value) || /^https?:\/\/[^\s]+$/.test(value),
    'Use an http(s) address or a path starting with /.',
  ),
)

const publicKey = v.pipe(
  v.string(),
  v.regex(/^pk_[A-Za-z0-9_-]{3,64}$/, 'Use pk_ and 3-64 letters, digits, - or _.'),
)

const newSite = v.strictObject({
  name: boundedText(200),
  publicKey: v.optional(publicKey),
  allowedOrigins: v.optional(v.pipe(v.array(origin), v.maxLength(50)), []),
  privacyStatementUrl,
})

const siteChanges = v.strictObject({
  name: v.optional(boundedText(200)),
  allowedOrigins: v.optional(v.pipe(v.array(origin), v.maxLength(50))),
  privacyStatementUrl: v.optional(privacyStatementUrl),
  active: v.optional(v.boolean()),
})

const keyParam = v.object({ publicKey })

export function siteRoutes(deps: {
  db: Database
  clock: Clock
  publicUrl: string
  originPolicy: OriginPolicy
}) {
  const { db, publicUrl, originPolicy } = deps
  const operator = operatorAuth(deps)

  const existingSite = async (key: string) => {
    const site = await findSiteByKey(db, key)
    if (!site) throw notFound(`There is no site with public key "${key}".`)
    return site
  }

  return new Hono<AppEnv>()
    .get('/', operator, async (c) => {
      return c.json({ sites: (await listSites(db)).map(presentSiteToOperator) })
    })
    .post('/', operator, requireRole('admin'), validate('json', newSite), async (c) => {
      const fields = c.req.valid('json')
      const key = fields.publicKey ?? newSitePublicKey()
      if (await findSiteByKey(db, key)) throw conflict(`A site with public key "${key}" exists.`)

      const site = await insertSite(db, { ...fields, publicKey: key })
      originPolicy.refresh()
      c.var.logger.info({ site: site.publicKey }, 'site created')

      return c.json(presentSiteToOperator(site), 201, { location: `/api/v1/sites/${key}` })
    })
    .patch(
      '/:publicKey',
      operator,
      requireRole('admin'),
      validate('param', keyParam),
      validate('json', siteChanges),
      async (c) => {
        const site = await existingSite(c.req.valid('param').publicKey)
        const updated = await updateSite(db, site.id, c.req.valid('json'))
        originPolicy.refresh()
        c.var.logger.info({ site: updated.publicKey }, 'site updated')

        return c.json(presentSiteToOperator(updated))
      },
    )
    .get(
      '/:publicKey',
      validate('param', keyParam),
      validate('query', languageQuery),
      async (c) => {
        const site = await existingSite(c.req.valid('param').publicKey)
        if (!site.active) throw notFound(`The site "${site.publicKey}" is no longer active.`)

        return c.json({
          ...presentSiteToVisitor(site, publicUrl),
          types: await listSignUpTypes(db, c.req.valid('query').lang),
        })
      },
    )
}
