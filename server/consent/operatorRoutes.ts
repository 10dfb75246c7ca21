/** Operator API on a person's consent: ledger, effective state, manual entries, full unsubscribe. */
import { Hono } from 'hono'
import * as v from 'valibot'
import type { Database } from '../../db/client.ts'
import type { Clock } from '../clock.ts'
import type { AppEnv } from '../http/appEnv.ts'
import { requireRole } from '../http/operatorAuth.ts'
import { boundedText, idParam, optInTypeKey } from '../http/schemas.ts'
import { forbidden } from '../http/problem.ts'
import { validate } from '../http/validation.ts'
import { type TypeAccess, typeAccessOf } from '../operators/typeAccess.ts'
import { findOptInTypeByKey } from '../optInTypes/repository.ts'
import { getChangeablePerson, getPerson } from '../persons/repository.ts'
import { UnknownOptInTypeError } from './errors.ts'
import { fullyUnsubscribe } from './fullUnsubscribe.ts'
import { effectiveConsentOf, listConsentRecords } from './ledger.ts'
import { recordConsents } from './recordConsent.ts'

/** Channels an operator may name for consent they took down themselves. */
export const operatorChannels = [
  'manual',
  'telephone',
  'letter',
  'web_form',
  'own_website',
] as const

const manualEntry = v.strictObject({
  type: optInTypeKey,
  optIn: v.boolean(),
  channel: v.picklist(operatorChannels),
  description: boundedText(1000),
  soft: v.optional(v.boolean(), false),
})

const fullUnsubscribeRequest = v.strictObject({
  channel: v.picklist(operatorChannels),
  description: boundedText(1000),
})

export function consentOperatorRoutes(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps

  /** Types hidden from an operator's user groups stay out of every answer they get. */
  const visibleConsentOf = async (access: TypeAccess, personId: number) => {
    const consent = await effectiveConsentOf(db, personId)
    return consent.filter((state) => access.byTypeKey.get(state.type)?.view)
  }

  return new Hono<AppEnv>()
    .get('/:id/consent-records', validate('param', idParam), async (c) => {
      const { id } = c.req.valid('param')
      await getPerson(db, id)
      const access = await typeAccessOf(db, c.var.operator)

      const records = await listConsentRecords(db, id)
      return c.json({
        records: records.filter((record) => access.byTypeKey.get(record.type)?.view),
      })
    })
    .get('/:id/consent', validate('param', idParam), async (c) => {
      const { id } = c.req.valid('param')
      await getPerson(db, id)
      const access = await typeAccessOf(db, c.var.operator)

      return c.json({ consent: await visibleConsentOf(access, id) })
    })
    .post(
      '/:id/consent-records',
      requireRole('editor'),
      validate('param', idParam),
      validate('json', manualEntry),
      async (c) => {
        const { id } = c.req.valid('param')
        const entry = c.req.valid('json')
        await getChangeablePerson(db, id)
        const type = await findOptInTypeByKey(db, entry.type)
        if (!type) throw new UnknownOptInTypeError(entry.type)
        const access = await typeAccessOf(db, c.var.operator)
        if (!access.byTypeId.get(type.id)?.change) {
          throw forbidden(`None of your user groups may record consent for "${entry.type}".`)
        }

        const [record] = await recordConsents(
          db,
          [
            {
              personId: id,
              optInTypeId: type.id,
              optIn: entry.optIn,
              channel: entry.channel,
              description: entry.description,
              soft: entry.soft,
              recordedByApiKeyId: c.var.operator.apiKeyId,
            },
          ],
          clock,
        )
        c.var.logger.info({ personId: id, recordId: record?.id }, 'manual consent recorded')

        return c.json({ record, consent: await visibleConsentOf(access, id) }, 201)
      },
    )
    .post(
      '/:id/full-unsubscribe',
      requireRole('editor'),
      validate('param', idParam),
      validate('json', fullUnsubscribeRequest),
      async (c) => {
        const { id } = c.req.valid('param')
        const request = c.req.valid('json')
        await getChangeablePerson(db, id)

        const records = await fullyUnsubscribe(
          db,
          {
            personId: id,
            scope: 'every-type',
            ...request,
            recordedByApiKeyId: c.var.operator.apiKeyId,
          },
          clock,
        )
        c.var.logger.info({ personId: id, records: records.length }, 'fully unsubscribed')

        const access = await typeAccessOf(db, c.var.operator)
        return c.json(
          {
            records: records.filter((record) => access.byTypeId.get(record.optInTypeId)?.view),
            consent: await visibleConsentOf(access, id),
          },
          201,
        )
      },
    )
}
