/** Operator API: mint a preference link for a person, e.g. for a site's own backend. */
import { Hono } from 'hono'
import * as v from 'valibot'
import type { Database } from '../../db/client.ts'
import type { Clock } from '../clock.ts'
import type { AppEnv } from '../http/appEnv.ts'
import { requireRole } from '../http/operatorAuth.ts'
import { idNumber, idParam } from '../http/schemas.ts'
import { validate } from '../http/validation.ts'
import { getChangeablePerson } from '../persons/repository.ts'
import { defaultLinkLifetimeDays, mintPreferenceLink } from './preferenceLinks.ts'

const linkRequest = v.strictObject({
  contactMomentId: v.optional(v.nullable(idNumber), null),
  expiresInDays: v.optional(
    v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(365)),
    defaultLinkLifetimeDays,
  ),
})

export function preferenceLinkRoutes(deps: {
  db: Database
  clock: Clock
  secret: string
  publicUrl: string
}) {
  const { db, clock } = deps

  return new Hono<AppEnv>().post(
    '/:id/preference-links',
    requireRole('editor'),
    validate('param', idParam),
    validate('json', linkRequest),
    async (c) => {
      const { id } = c.req.valid('param')
      const { contactMomentId, expiresInDays } = c.req.valid('json')
      const person = await getChangeablePerson(db, id)

      const link = await mintPreferenceLink(
        db,
        {
          personId: person.id,
          contactMomentId,
          lifetimeDays: expiresInDays,
          now: clock(),
          language: person.language,
        },
        deps,
      )
      return c.json(link, 201)
    },
  )
}
