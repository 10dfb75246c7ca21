/**
 * Runs the scheduled jobs with croner. `protect` keeps one run of a job at a time in this
 * process; the job's advisory lock keeps it to one server across all of them.
 */
import { Cron } from 'croner'
import type { Database } from '../../db/client.ts'
import type { Clock } from '../clock.ts'
import { errorForLog } from '../http/errorForLog.ts'
import type { Logger } from '../logger.ts'
import { runAutoConsent } from '../queries/autoConsentJob.ts'
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
  /** Automatic soft opt-ins and opt-outs (SPEC §3); off when null or left out. */
  autoConsentSchedule?: string | null
}): Scheduler {
  const jobs: Cron[] = []
  const schedule = (
    pattern: string | null | undefined,
    job: string,
    run: () => Promise<object>,
  ) => {
    if (!pattern) return
    jobs.push(
      new Cron(pattern, { protect: true, timezone: 'UTC' }, async () => {
        try {
          deps.logger.info({ job, ...(await run()) }, 'scheduled job ran')
        } catch (error) {
          deps.logger.error({ job, error: errorForLog(error) }, 'scheduled job failed')
        }
      }),
    )
  }

  schedule(deps.retentionSchedule, 'retention', () =>
    runRetention(deps.db, { policy: deps.retentionPolicy, dryRun: false, clock: deps.clock }),
  )
  schedule(deps.autoConsentSchedule, 'auto-consent', () =>
    runAutoConsent(deps.db, { dryRun: false, clock: deps.clock }),
  )

  return {
    stop() {
      for (const job of jobs) job.stop()
    },
  }
}
