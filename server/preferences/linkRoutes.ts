/** Operator API: mint a preference link for a person, e.g. for a site's own backend. */
import { Hono } from 'hono'
import * as v from 'valibot'
import type { Database } from '../../db/client.ts'
import type { Clock } from '../clock.ts'
import type { AppEnv } from '../http/appEnv.ts'
import { type OperatorIdentity, requireRole } from '../http/operatorAuth.ts'
import { forbidden } from '../http/problem.ts'
import { idNumber, idParam } from '../http/schemas.ts'
import { validate } from '../http/validation.ts'
import { recordAudit } from '../audit/auditTrail.ts'
import { typeAccessOf } from '../operators/typeAccess.ts'
import { listOptInTypes } from '../optInTypes/repository.ts'
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
      await refuseUnlessMayChangeEveryType(db, c.var.operator)

      const now = clock()
      const link = await mintPreferenceLink(
        db,
        {
          personId: person.id,
          contactMomentId,
          lifetimeDays: expiresInDays,
          now,
          language: person.language,
        },
        deps,
      )
      await recordAudit(
        db,
        [
          {
            action: 'preference-link-minted',
            personId: person.id,
            apiKeyId: c.var.operator.apiKeyId,
            details: { contactMomentId, expiresAt: link.expiresAt },
          },
        ],
        now,
      )
      return c.json(link, 201)
    },
  )
}

/**
 * Whoever holds a preference link can change every type the person manages themselves, so
 * only an operator who may change each of those types may hand one out.
 */
async function refuseUnlessMayChangeEveryType(db: Database, operator: OperatorIdentity) {
  const access = await typeAccessOf(db, operator)
  const types = await listOptInTypes(db, { activeOnly: true })
  const closed = types.find((type) => type.selfService && !access.byTypeId.get(type.id)?.change)
  if (closed) {
    throw forbidden(
      'A preference link lets its holder change every type, and your user groups may not ' +
        `change all of them.`,
    )
  }
}
