/** Operator API (admin): run the retention job now, or in a dry run; read its log. */
import { desc } from 'drizzle-orm'
import { Hono } from 'hono'
import * as v from 'valibot'
import type { Database } from '../../db/client.ts'
import { retentionRuns } from '../../db/schema/index.ts'
import type { Clock } from '../clock.ts'
import type { AppEnv } from '../http/appEnv.ts'
import { requireRole } from '../http/operatorAuth.ts'
import { validate } from '../http/validation.ts'
import { runRetention } from './retentionJob.ts'
import type { RetentionPolicy } from './retentionPolicy.ts'

const runRequest = v.strictObject({ dryRun: v.optional(v.boolean(), true) })

export function retentionRoutes(deps: {
  db: Database
  clock: Clock
  retentionPolicy: RetentionPolicy
}) {
  const { db, clock } = deps

  return new Hono<AppEnv>()
    .get('/runs', requireRole('admin'), async (c) => {
      const runs = await db.select().from(retentionRuns).orderBy(desc(retentionRuns.id)).limit(100)
      return c.json({ policy: deps.retentionPolicy, runs })
    })
    .post('/runs', requireRole('admin'), validate('json', runRequest), async (c) => {
      const { dryRun } = c.req.valid('json')
      const outcome = await runRetention(db, { policy: deps.retentionPolicy, dryRun, clock })
      c.var.logger.info({ job: 'retention', ...outcome, personIds: undefined }, 'retention run')

      return c.json(outcome, outcome.status === 'skipped' ? 409 : 200)
    })
}
