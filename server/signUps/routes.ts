/** Public sign-up API for anonymous visitors, identified only by the site's public key. */
import { Hono } from 'hono'
import type { Site } from '../../db/schema/index.ts'
import * as v from 'valibot'
import { languageQuery, optInTypeKey, boundedText } from '../http/schemas.ts'
import type { BackgroundTasks } from '../background/backgroundTasks.ts'
import type { AppEnv } from '../http/appEnv.ts'
import { badRequest, forbidden } from '../http/problem.ts'
import { validate } from '../http/validation.ts'
import { listOptInTypes } from '../optInTypes/repository.ts'
import { inTurnForAddress } from '../mail/mailThrottle.ts'
import { emailAddressSchema } from '../persons/emailAddress.ts'
import { selfServiceChannels } from '../preferences/routes.ts'
import { findSiteByKey } from '../sites/repository.ts'
import { requestSignUp, type SignUpDependencies } from './signUpFlow.ts'
import { isSignUpType } from './signUpTypes.ts'

const signUp = v.object({
  site: v.pipe(v.string(), v.maxLength(80)),
  email: emailAddressSchema,
  channel: v.optional(v.picklist(selfServiceChannels), 'preference_centre'),
  types: v.pipe(
    v.array(v.object({ type: optInTypeKey, labelText: boundedText(1000) })),
    v.minLength(1, 'Choose at least one type.'),
    v.maxLength(100, 'Choose at most 100 types.'),
  ),
})

export function signUpRoutes(
  deps: SignUpDependencies & { allowedOrigins: string[]; backgroundTasks: BackgroundTasks },
) {
  const { db } = deps
  const ownOrigin = new URL(deps.publicUrl).origin

  /** A browser's sign-up must come from this site's pages, ours, or a server-wide origin. */
  const mayEmbed = (site: Site, origin: string) =>
    origin === ownOrigin ||
    site.allowedOrigins.includes(origin) ||
    deps.allowedOrigins.includes('*') ||
    deps.allowedOrigins.includes(origin)

  return new Hono<AppEnv>().post(
    '/',
    validate('query', languageQuery),
    validate('json', signUp),
    async (c) => {
      const { lang } = c.req.valid('query')
      const body = c.req.valid('json')

      const site = await findSiteByKey(db, body.site)
      if (!site?.active) {
        throw badRequest('The site key is not known.', [
          { path: 'site', message: `No active site has public key "${body.site}".` },
        ])
      }
      const origin = c.req.header('origin')
      if (origin && !mayEmbed(site, origin)) {
        throw forbidden(`Pages at ${origin} may not sign people up for this site.`)
      }

      const offered = new Map(
        (await listOptInTypes(db, { activeOnly: true }))
          .filter(isSignUpType)
          .map((type) => [type.key, type.id]),
      )
      const choices = body.types.map((choice, index) => {
        const optInTypeId = offered.get(choice.type)
        if (optInTypeId === undefined) {
          throw badRequest('A chosen type cannot be signed up for.', [
            { path: `types[${index}].type`, message: `"${choice.type}" is not offered.` },
          ])
        }
        return { optInTypeId, labelText: choice.labelText }
      })

      // After answering, so that neither the answer nor its timing tells a known address.
      deps.backgroundTasks.run('sign-up', () =>
        inTurnForAddress(body.email, () =>
          requestSignUp(deps, {
            site,
            email: body.email,
            language: lang,
            channel: body.channel,
            choices,
          }),
        ),
      )
      c.var.logger.info({ site: site.publicKey, types: choices.length }, 'sign-up requested')

      return c.json(
        { detail: 'Check your inbox: we sent a mail to confirm or to manage your preferences.' },
        202,
      )
    },
  )
}
