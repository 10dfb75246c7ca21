/**
 * Operator API for saved queries (SPEC §8): list, create, change and delete them, preview
 * who is in one, and (for administrators) see the SQL it runs. Also runs the automatic
 * consent job on request, as `/api/v1/retention/runs` does for retention.
 */
import { Hono } from 'hono'
import * as v from 'valibot'
import type { Database } from '../../db/client.ts'
import type { Clock } from '../clock.ts'
import type { AppEnv } from '../http/appEnv.ts'
import { type OperatorIdentity, requireRole } from '../http/operatorAuth.ts'
import { typeAccessOf, viewableTypeIds } from '../operators/typeAccess.ts'
import { boundedText, idParam } from '../http/schemas.ts'
import { validate } from '../http/validation.ts'
import { runAutoConsent } from './autoConsentJob.ts'
import { queryDefinition } from './definitionSchema.ts'
import { explainSelection } from './explain.ts'
import { previewSelection } from './preview.ts'
import { handleQueryError } from './queryProblems.ts'
import {
  allUsers,
  getSavedQuery,
  listSavedQueries,
  type QueryUsers,
  type SavedQuery,
} from './repository.ts'
import { createSavedQuery, deleteSavedQuery, updateSavedQuery } from './savedQueryChanges.ts'
import { savedQueryWhere, selectionWhere } from './selection.ts'

const name = boundedText(200)
const description = v.pipe(v.string(), v.trim(), v.maxLength(2000, 'Use at most 2000 characters.'))

const newQuery = v.strictObject({
  name,
  description: v.optional(description, ''),
  definition: queryDefinition,
})

const queryChanges = v.pipe(
  v.strictObject({
    name: v.optional(name),
    description: v.optional(description),
    definition: v.optional(queryDefinition),
  }),
  v.check((changes) => Object.keys(changes).length > 0, 'Send at least one field to change.'),
)

const unsavedQuery = v.strictObject({ definition: queryDefinition })

const page = v.object({
  afterId: v.optional(v.pipe(v.string(), v.regex(/^[0-9]{1,15}$/), v.transform(Number)), '0'),
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^[0-9]{1,3}$/),
      v.transform(Number),
      v.minValue(1),
      v.maxValue(100),
    ),
    '20',
  ),
})

const runRequest = v.strictObject({ dryRun: v.optional(v.boolean(), true) })

export function savedQueryRoutes(deps: { db: Database; clock: Clock }) {
  const { db, clock } = deps
  const visibleTypeIdsOf = async (operator: OperatorIdentity) =>
    new Set(viewableTypeIds(await typeAccessOf(db, operator)))
  const actor = async (operator: OperatorIdentity) => ({
    apiKeyId: operator.apiKeyId,
    clock,
    visibleTypeIds: await visibleTypeIdsOf(operator),
  })

  return new Hono<AppEnv>()
    .onError(handleQueryError)
    .get('/', async (c) => {
      const queries = await listSavedQueries(db)
      const users = await allUsers(db)
      return c.json({ queries: queries.map((query) => present(query, users.get(query.id))) })
    })
    .post('/', requireRole('editor'), validate('json', newQuery), async (c) => {
      const query = await createSavedQuery(db, c.req.valid('json'), await actor(c.var.operator))
      c.var.logger.info({ savedQueryId: query.id }, 'saved query created')

      return c.json(present(query), 201, { location: `/api/v1/queries/${query.id}` })
    })
    .post('/preview', validate('query', page), validate('json', unsavedQuery), async (c) => {
      const where = await selectionWhere(db, c.req.valid('json').definition, {
        now: clock(),
        visibleTypeIds: await visibleTypeIdsOf(c.var.operator),
      })
      return c.json(await previewSelection(db, where, c.req.valid('query')))
    })
    .post('/explain', requireRole('admin'), validate('json', unsavedQuery), async (c) => {
      const where = await selectionWhere(db, c.req.valid('json').definition, {
        now: clock(),
        visibleTypeIds: await visibleTypeIdsOf(c.var.operator),
      })
      return c.json(await explainSelection(db, where))
    })
    .post('/auto-consent/runs', requireRole('admin'), validate('json', runRequest), async (c) => {
      const outcome = await runAutoConsent(db, { clock, dryRun: c.req.valid('json').dryRun })
      c.var.logger.info({ job: 'auto-consent', ...outcome }, 'auto-consent run')

      return c.json(outcome, outcome.status === 'skipped' ? 409 : 200)
    })
    .get('/:id', validate('param', idParam), async (c) => {
      const query = await getSavedQuery(db, c.req.valid('param').id)
      return c.json(present(query, (await allUsers(db)).get(query.id)))
    })
    .patch(
      '/:id',
      requireRole('editor'),
      validate('param', idParam),
      validate('json', queryChanges),
      async (c) => {
        const { id } = c.req.valid('param')
        const query = await updateSavedQuery(
          db,
          id,
          c.req.valid('json'),
          await actor(c.var.operator),
        )
        c.var.logger.info({ savedQueryId: id }, 'saved query updated')

        return c.json(present(query, (await allUsers(db)).get(id)))
      },
    )
    .delete('/:id', requireRole('editor'), validate('param', idParam), async (c) => {
      const { id } = c.req.valid('param')
      await deleteSavedQuery(db, id)
      c.var.logger.info({ savedQueryId: id }, 'saved query deleted')

      return c.body(null, 204)
    })
    .get('/:id/preview', validate('param', idParam), validate('query', page), async (c) => {
      const where = await savedQueryWhere(
        db,
        c.req.valid('param').id,
        clock(),
        await visibleTypeIdsOf(c.var.operator),
      )
      return c.json(await previewSelection(db, where, c.req.valid('query')))
    })
    .get('/:id/explain', requireRole('admin'), validate('param', idParam), async (c) => {
      const where = await savedQueryWhere(
        db,
        c.req.valid('param').id,
        clock(),
        await visibleTypeIdsOf(c.var.operator),
      )
      return c.json(await explainSelection(db, where))
    })
}

const nobody: QueryUsers = { types: [], queries: [] }

function present(query: SavedQuery, usedBy: QueryUsers = nobody) {
  return {
    id: query.id,
    name: query.name,
    description: query.description,
    definition: query.definition,
    usedBy,
    createdAt: query.createdAt.toISOString(),
    updatedAt: query.updatedAt.toISOString(),
  }
}
