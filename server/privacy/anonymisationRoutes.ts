/** Operator API: anonymise a person, or carry out their erasure request. */
import { Hono } from 'hono'
import * as v from 'valibot'
import type { Database } from '../../db/client.ts'
import type { Clock } from '../clock.ts'
import type { AppEnv } from '../http/appEnv.ts'
import { requireRole } from '../http/operatorAuth.ts'
import { calendarDate, idParam } from '../http/schemas.ts'
import { validate } from '../http/validation.ts'
import { anonymisePerson } from './anonymise.ts'
import { erasePerson } from './erasure.ts'

const erasureRequest = v.strictObject({
  requestedVia: v.picklist(['letter', 'telephone', 'email', 'preference_centre', 'in_person']),
  /** The day the person asked, when it was before today; the law's deadline runs from it. */
  requestedOn: v.optional(calendarDate),
})

export function anonymisationRoutes(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps

  return new Hono<AppEnv>()
    .post('/:id/anonymise', requireRole('editor'), validate('param', idParam), async (c) => {
      const { id } = c.req.valid('param')
      const { anonymisedAt } = await anonymisePerson(db, id, {
        reason: 'operator',
        apiKeyId: c.var.operator.apiKeyId,
        now: clock(),
      })
      c.var.logger.info({ personId: id }, 'person anonymised')

      return c.json({ personId: id, anonymised: true, anonymisedAt: anonymisedAt.toISOString() })
    })
    .post(
      '/:id/erasure',
      requireRole('editor'),
      validate('param', idParam),
      validate('json', erasureRequest),
      async (c) => {
        const { id } = c.req.valid('param')
        const { requestedVia, requestedOn } = c.req.valid('json')
        const now = clock()

        const tombstone = await erasePerson(db, id, {
          requestedVia,
          requestedAt: requestedOn ? new Date(`${requestedOn}T00:00:00Z`) : now,
          apiKeyId: c.var.operator.apiKeyId,
          now,
        })
        c.var.logger.info({ personId: id, erasureId: tombstone.id }, 'person erased')

        return c.json(tombstone, 201)
      },
    )
}
