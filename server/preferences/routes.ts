/** The public preference API that the widget calls with a person token. */
import { Hono } from 'hono'
import * as v from 'valibot'
import type { Database } from '../../db/client.ts'
import type { Language, OptInType } from '../../db/schema/index.ts'
import type { Clock } from '../clock.ts'
import { fullyUnsubscribe } from '../consent/fullUnsubscribe.ts'
import { recordConsents } from '../consent/recordConsent.ts'
import { personTokenAuth, type PersonTokenEnv } from '../http/personTokenAuth.ts'
import { badRequest } from '../http/problem.ts'
import { boundedText, languageSchema, optInTypeKey } from '../http/schemas.ts'
import { validate } from '../http/validation.ts'
import type { BackgroundTasks } from '../background/backgroundTasks.ts'
import type { Mailer } from '../mail/mailer.ts'
import { inTurnForAddress } from '../mail/mailThrottle.ts'
import { listOptInTypes } from '../optInTypes/repository.ts'
import { presentSiteToVisitor } from '../sites/presentSite.ts'
import { findDefaultSite, findSiteByKey } from '../sites/repository.ts'
import { loadPreferences } from './personPreferences.ts'
import { sendFreshPreferenceLink } from './freshLink.ts'

/** Channels a person can use on their own; the rest are for operators and the system. */
export const selfServiceChannels = ['preference_centre', 'own_website', 'web_form'] as const

const channel = v.optional(v.picklist(selfServiceChannels), 'preference_centre')

const preferenceQuery = v.object({
  lang: v.optional(languageSchema, 'nl'),
  site: v.optional(v.pipe(v.string(), v.maxLength(80))),
})

const preferenceChanges = v.object({
  channel,
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

const unsubscribeRequest = v.object({ channel })

export interface PreferenceDependencies {
  db: Database
  secret: string
  previousSecrets: string[]
  clock: Clock
  publicUrl: string
  mailer: Mailer
  backgroundTasks: BackgroundTasks
}

export function preferenceRoutes(deps: PreferenceDependencies) {
  const { db, clock } = deps
  const identified = personTokenAuth(deps)

  const siteFor = async (publicKey: string | undefined) => {
    const site = publicKey ? await findSiteByKey(db, publicKey) : await findDefaultSite(db)
    return site?.active ? site : null
  }

  const answer = async (personId: number, lang: Language, siteKey: string | undefined) => {
    const [site, types] = await Promise.all([siteFor(siteKey), loadPreferences(db, personId, lang)])
    return { lang, site: site ? presentSiteToVisitor(site, deps.publicUrl) : null, types }
  }

  return new Hono<PersonTokenEnv>()
    .get('/', identified, validate('query', preferenceQuery), async (c) => {
      const { lang, site } = c.req.valid('query')
      return c.json(await answer(c.var.person.personId, lang, site))
    })
    .post(
      '/',
      identified,
      validate('query', preferenceQuery),
      validate('json', preferenceChanges),
      async (c) => {
        const { lang, site } = c.req.valid('query')
        const { channel, changes } = c.req.valid('json')
        const { personId, contactMomentId } = c.var.person

        refuseRepeatedTypes(changes.map((change) => change.type))
        const typeByKey = await manageableTypes(db)
        const entries = changes.map((change, index) => ({
          personId,
          optInTypeId: typeAt(typeByKey, change.type, index).id,
          optIn: change.optIn,
          channel,
          description: change.labelText,
          soft: false,
          contactMomentId,
        }))

        const recorded = await recordConsents(db, entries, clock)
        c.var.logger.info({ personId, records: recorded.length, channel }, 'preferences recorded')

        return c.json({
          recorded: recorded.map((record, index) => ({
            id: record.id,
            type: changes[index]?.type,
            optIn: record.optIn,
            recordedAt: record.recordedAt.toISOString(),
          })),
          ...(await answer(personId, lang, site)),
        })
      },
    )
    .post(
      '/full-unsubscribe',
      identified,
      validate('query', preferenceQuery),
      validate('json', unsubscribeRequest),
      async (c) => {
        const { lang, site } = c.req.valid('query')
        const { personId, contactMomentId } = c.var.person

        const recorded = await fullyUnsubscribe(
          db,
          {
            personId,
            scope: 'self-service-types',
            channel: c.req.valid('json').channel,
            description: 'Volledig uitgeschreven via het voorkeurencentrum',
            contactMomentId,
          },
          clock,
        )
        c.var.logger.info({ personId, records: recorded.length }, 'fully unsubscribed by person')

        return c.json({
          recorded: recorded.map((record) => ({
            id: record.id,
            optIn: record.optIn,
            recordedAt: record.recordedAt.toISOString(),
          })),
          ...(await answer(personId, lang, site)),
        })
      },
    )
    .post(
      '/renewal',
      personTokenAuth(deps, { acceptExpiredForDays: 365 }),
      validate('query', preferenceQuery),
      async (c) => {
        const { lang, site } = c.req.valid('query')
        const personId = c.var.person.personId
        const chosenSite = await siteFor(site)
        deps.backgroundTasks.run('fresh-link', () =>
          inTurnForAddress(`person:${personId}`, () =>
            sendFreshPreferenceLink(deps, { personId, language: lang, site: chosenSite }),
          ),
        )

        return c.json({ detail: 'If we know an address for you, a fresh link is on its way.' }, 202)
      },
    )
}

/** Types a person may change in the preference centre, by key. */
async function manageableTypes(db: Database): Promise<Map<string, OptInType>> {
  const types = await listOptInTypes(db, { activeOnly: true })
  return new Map(types.filter((type) => type.selfService).map((type) => [type.key, type]))
}

function typeAt(typeByKey: Map<string, OptInType>, key: string, index: number): OptInType {
  const type = typeByKey.get(key)
  if (type) return type

  throw badRequest('A change names an opt-in type that cannot be managed here.', [
    {
      path: `changes[${index}].type`,
      message: `"${key}" cannot be changed in the preference centre.`,
    },
  ])
}

/** Two changes for one type in one save would leave it unclear what the person chose. */
function refuseRepeatedTypes(keys: string[]): void {
  const index = keys.findIndex((key, position) => keys.indexOf(key) !== position)
  if (index === -1) return

  throw badRequest('Each opt-in type may appear once per save.', [
    { path: `changes[${index}].type`, message: `"${keys[index]}" appears more than once.` },
  ])
}
