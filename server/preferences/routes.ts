/** The public preference API that the widget calls with a person token. */
import { Hono } from 'hono'
import * as v from 'valibot'
import type { Database } from '../../db/client.ts'
import type { Clock } from '../clock.ts'
import { recordConsents } from '../consent/recordConsent.ts'
import { personTokenAuth, type PersonTokenEnv } from '../http/personTokenAuth.ts'
import { badRequest } from '../http/problem.ts'
import { boundedText, languageQuery, optInTypeKey } from '../http/schemas.ts'
import { validate } from '../http/validation.ts'
import { listOptInTypes } from '../optInTypes/repository.ts'
import { loadPreferences } from './personPreferences.ts'

/** Channels a person can use on their own; the rest are for operators and the system. */
export const selfServiceChannels = ['preference_centre', 'own_website', 'web_form'] as const

const preferenceChanges = v.object({
  channel: v.optional(v.picklist(selfServiceChannels), 'preference_centre'),
  changes: v.pipe(
    v.array(
      v.object({
        type: optInTypeKey,
        optIn: v.boolean(),
        labelText: boundedText(1000),
      }),
    ),
    v.minLength(1, 'Send at least one change.'),
    v.maxLength(100, 'Send at most 100 changes at once.'),
  ),
})

export function preferenceRoutes(deps: { db: Database; secret: string; clock: Clock }) {
  const { db, clock } = deps

  return new Hono<PersonTokenEnv>()
    .use(personTokenAuth(deps))
    .get('/', validate('query', languageQuery), async (c) => {
      const { lang } = c.req.valid('query')
      const types = await loadPreferences(db, c.var.person.personId, lang)

      return c.json({ lang, types })
    })
    .post('/', validate('query', languageQuery), validate('json', preferenceChanges), async (c) => {
      const { lang } = c.req.valid('query')
      const { channel, changes } = c.req.valid('json')
      const { personId, contactMomentId } = c.var.person

      const typeIdByKey = await activeTypeIds(db)
      const entries = changes.map((change, index) => {
        const optInTypeId = typeIdByKey.get(change.type)
        if (optInTypeId === undefined) {
          throw badRequest('A change names an opt-in type that cannot be managed here.', [
            { path: `changes[${index}].type`, message: `No active opt-in type "${change.type}".` },
          ])
        }
        return {
          personId,
          optInTypeId,
          optIn: change.optIn,
          channel,
          description: change.labelText,
          soft: false,
          contactMomentId,
        }
      })
      refuseRepeatedTypes(changes.map((change) => change.type))

      const recorded = await recordConsents(db, entries, clock)
      const types = await loadPreferences(db, personId, lang)
      c.var.logger.info({ personId, records: recorded.length, channel }, 'preferences recorded')

      return c.json({
        recorded: recorded.map((record, index) => ({
          id: record.id,
          type: changes[index]?.type,
          optIn: record.optIn,
          recordedAt: record.recordedAt.toISOString(),
        })),
        types,
      })
    })
}

async function activeTypeIds(db: Database): Promise<Map<string, number>> {
  const types = await listOptInTypes(db, { activeOnly: true })
  return new Map(types.map((type) => [type.key, type.id]))
}

/** Two changes for one type in one save would leave it unclear what the person chose. */
function refuseRepeatedTypes(keys: string[]): void {
  const index = keys.findIndex((key, position) => keys.indexOf(key) !== position)
  if (index === -1) return

  throw badRequest('Each opt-in type may appear once per save.', [
    { path: `changes[${index}].type`, message: `"${keys[index]}" appears more than once.` },
  ])
}
