/**
 * Runs the scheduled jobs with croner. `protect` keeps one run of a job at a time in this
 * process; the job's advisory lock keeps it to one server across all of them.
 */
import { Cron } from 'croner'
import type { Database } from '../../db/client.ts'
import type { Clock } from '../clock.ts'
import { errorForLog } from '../http/errorForLog.ts'
import type { Logger } from '../logger.ts'
import { runRetention } from './retentionJob.ts'
import type { RetentionPolicy } from './retentionPolicy.ts'

export interface Scheduler {
  stop(): void
}

export function startScheduler(deps: {
  db: Database
  clock: Clock
  logger: Logger
  retentionSchedule: string | null
  retentionPolicy: RetentionPolicy
}): Scheduler {
  const jobs: Cron[] = []

  if (deps.retentionSchedule) {
    jobs.push(
      new Cron(deps.retentionSchedule, { protect: true, timezone: 'UTC' }, async () => {
        try {
          const outcome = await runRetention(deps.db, {
            policy: deps.retentionPolicy,
            dryRun: false,
            clock: deps.clock,
          })
          deps.logger.info({ job: 'retention', ...outcome }, 'scheduled job ran')
        } catch (error) {
          deps.logger.error({ job: 'retention', error: errorForLog(error) }, 'scheduled job failed')
        }
      }),
    )
  }

  return {
    stop() {
      for (const job of jobs) job.stop()
    },
  }
}
