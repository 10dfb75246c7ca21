/** Operator API for mailings: create one, select its audience with links, read its report. */
import { eq, isNull, and } from 'drizzle-orm'
import { Hono } from 'hono'
import { stream } from 'hono/streaming'
import * as v from 'valibot'
import type { Database } from '../../db/client.ts'
import { type Mailing, mailings, type OptInType } from '../../db/schema/index.ts'
import type { Clock } from '../clock.ts'
import type { AppEnv } from '../http/appEnv.ts'
import { errorForLog } from '../http/errorForLog.ts'
import { type OperatorIdentity, requireRole } from '../http/operatorAuth.ts'
import { type TypeAccess, typeAccessOf, viewableTypeIds } from '../operators/typeAccess.ts'
import { badRequest, conflict, forbidden } from '../http/problem.ts'
import { boundedText, idParam, optInTypeKey } from '../http/schemas.ts'
import { validate } from '../http/validation.ts'
import { findOptInTypeByKey, listOptInTypes } from '../optInTypes/repository.ts'
import { audienceCriteriaSchema, audienceWhere, savedQueryConditions } from './audienceCriteria.ts'
import { mailingReport } from './mailingReport.ts'
import { contentTypes, csvHeader, formatRecipient, recipientFormats } from './recipientFormats.ts'
import { type LinkSettings, recipientLinks } from './recipientLinks.ts'
import { getMailing, insertMailing, listMailings, MailingNotFoundError } from './repository.ts'
import { selectAudience } from './selectAudience.ts'

const webLink = v.pipe(
  v.string(),
  v.maxLength(2000),
  v.regex(/^https?:\/\/[^\s]+$/, 'Use an http(s) address.'),
)

const newMailing = v.strictObject({
  name: boundedText(200),
  subject: boundedText(300),
  type: optInTypeKey,
  links: v.optional(v.pipe(v.array(webLink), v.maxLength(200)), []),
})

const audienceRequest = v.strictObject({ criteria: audienceCriteriaSchema })
const formatQuery = v.object({ format: v.optional(v.picklist(recipientFormats), 'ndjson') })

export function mailingRoutes(deps: LinkSettings & { db: Database; clock: Clock }) {
  const { db, clock } = deps

  /** Names a mailing's type by its key; the types are read once per answer, not per mailing. */
  const present = (mailing: Mailing, types: OptInType[]) => {
    return {
      id: mailing.id,
      name: mailing.name,
      subject: mailing.subject,
      type: types.find((type) => type.id === mailing.optInTypeId)?.key ?? null,
      links: mailing.links,
      createdAt: mailing.createdAt.toISOString(),
      sentAt: mailing.sentAt?.toISOString() ?? null,
    }
  }

  /** A mailing of a type hidden from the operator is, for them, not there at all. */
  const visibleMailing = async (operator: OperatorIdentity, id: number) => {
    const mailing = await getMailing(db, id)
    const access = await typeAccessOf(db, operator)
    if (!access.byTypeId.get(mailing.optInTypeId)?.view) throw new MailingNotFoundError(id)
    return { mailing, access }
  }

  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const access = await typeAccessOf(db, c.var.operator)
      const all = await listMailings(db)
      const visible = all.filter((mailing) => access.byTypeId.get(mailing.optInTypeId)?.view)
      const types = await listOptInTypes(db, { activeOnly: false })
      return c.json({ mailings: visible.map((mailing) => present(mailing, types)) })
    })
    .post('/', requireRole('editor'), validate('json', newMailing), async (c) => {
      const { type: key, ...fields } = c.req.valid('json')
      const access = await typeAccessOf(db, c.var.operator)
      const found = await findOptInTypeByKey(db, key)
      const type = found && access.byTypeId.get(found.id)?.view ? found : undefined
      const problem = !type
        ? `There is no opt-in type with key "${key}".`
        : unmailableTypeReason(type)
      if (!type || problem) {
        throw badRequest('A mailing needs an active email type.', [
          { path: 'type', message: problem ?? '' },
        ])
      }
      if (!access.byTypeId.get(type.id)?.change) {
        throw forbidden(`None of your user groups may send mailings for "${key}".`)
      }

      const mailing = await insertMailing(db, { ...fields, optInTypeId: type.id })
      c.var.logger.info({ mailingId: mailing.id }, 'mailing created')
      const types = await listOptInTypes(db, { activeOnly: false })
      return c.json(present(mailing, types), 201, { location: `/api/v1/mailings/${mailing.id}` })
    })
    .get('/:id', validate('param', idParam), async (c) => {
      const { mailing } = await visibleMailing(c.var.operator, c.req.valid('param').id)
      return c.json(present(mailing, await listOptInTypes(db, { activeOnly: false })))
    })
    .get('/:id/report', validate('param', idParam), async (c) => {
      const { mailing } = await visibleMailing(c.var.operator, c.req.valid('param').id)
      return c.json(await mailingReport(db, mailing))
    })
    .post(
      '/:id/recipients',
      requireRole('editor'),
      validate('param', idParam),
      validate('query', formatQuery),
      validate('json', audienceRequest),
      async (c) => {
        const { mailing, access } = await visibleMailing(c.var.operator, c.req.valid('param').id)
        if (!access.byTypeId.get(mailing.optInTypeId)?.change) {
          throw forbidden('None of your user groups may send mailings for this type.')
        }
        const type = (await listOptInTypes(db, { activeOnly: false })).find(
          (candidate) => candidate.id === mailing.optInTypeId,
        )
        const problem = type ? unmailableTypeReason(type) : 'The type no longer exists.'
        if (problem) throw conflict(`This mailing can no longer be sent: ${problem}`)
        const { format } = c.req.valid('query')
        const { criteria } = c.req.valid('json')
        const typeIdOf = await typeResolver(db, access)

        if (typeIdOf(criteria.optIn, 'criteria.optIn') !== mailing.optInTypeId) {
          throw badRequest('The audience must require an opt-in for the mailing’s own type.', [
            { path: 'criteria.optIn', message: 'Use the opt-in type of this mailing.' },
          ])
        }
        const now = clock()
        const savedQueries = await savedQueryConditions(
          db,
          criteria.conditions,
          now,
          new Set(viewableTypeIds(access)),
        )
        const criteriaOfMailing = {
          optInTypeId: mailing.optInTypeId,
          conditions: criteria.conditions,
        }
        const typeIdInConditions = (key: string) => typeIdOf(key, 'criteria.conditions')
        // Resolved once here, so an unknown type is refused before the answer starts.
        audienceWhere(criteriaOfMailing, typeIdInConditions, now, savedQueries)
        const whereAfter = (afterPersonId: number) =>
          audienceWhere(criteriaOfMailing, typeIdInConditions, now, savedQueries, afterPersonId)
        await db
          .update(mailings)
          .set({ sentAt: now })
          .where(and(eq(mailings.id, mailing.id), isNull(mailings.sentAt)))

        c.header('content-type', contentTypes[format])
        return stream(c, async (out) => {
          let count = 0
          try {
            if (format === 'csv') await out.write(csvHeader())
            for await (const batch of selectAudience(db, mailing, whereAfter)) {
              const lines = batch.map((recipient) =>
                formatRecipient(format, recipientLinks(recipient, mailing.links, deps, now)),
              )
              await out.write(lines.join(''))
              count += batch.length
            }
            c.var.logger.info({ mailingId: mailing.id, recipients: count }, 'audience selected')
          } catch (error) {
            c.var.logger.error({ error: errorForLog(error) }, 'audience stream failed')
            await out.abort()
          }
        })
      },
    )
}

/** Why a mailing cannot go out for this type, or null when it can. */
function unmailableTypeReason(type: OptInType): string | null {
  if (!type.active) return `"${type.key}" is deactivated.`
  if (type.channel !== 'email') return `"${type.key}" is a ${type.channel} type, not email.`
  if (type.profiling) return `"${type.key}" is consent to profiling, not to mail.`
  return null
}

/**
 * Resolves type keys in criteria, refusing an unknown one at the path that named it. A type
 * hidden from the operator counts as unknown, so an audience cannot reveal who consented to it.
 */
async function typeResolver(db: Database, access: TypeAccess) {
  const types = await listOptInTypes(db, { activeOnly: false })
  const visible = types.filter((type) => access.byTypeId.get(type.id)?.view)
  const idByKey = new Map(visible.map((type) => [type.key, type.id]))

  return (key: string, path: string) => {
    const id = idByKey.get(key)
    if (id === undefined) {
      throw badRequest('The audience names an unknown opt-in type.', [
        { path, message: `There is no opt-in type with key "${key}".` },
      ])
    }
    return id
  }
}
