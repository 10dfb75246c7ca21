/**
 * Records tracking hits after the answer went out, so the pixel and the redirect never wait
 * for the database, and keeps every hit it accepted until it is written: `drain()` at
 * shutdown waits for all of them.
 */
import type { Database } from '../../db/client.ts'
import { errorForLog } from '../http/errorForLog.ts'
import type { Logger } from '../logger.ts'
import { recordTrackingHit, type TrackingHit } from './recordTracking.ts'

export interface TrackingRecorder {
  record(hit: TrackingHit): void
  drain(): Promise<void>
}

export function createTrackingRecorder(deps: { db: Database; logger: Logger }): TrackingRecorder {
  const pending = new Set<Promise<void>>()

  return {
    record(hit) {
      const write = recordTrackingHit(deps.db, hit)
        .catch((error: unknown) => {
          deps.logger.error({ error: errorForLog(error), kind: hit.kind }, 'tracking hit lost')
        })
        .finally(() => pending.delete(write))
      pending.add(write)
    },
    async drain() {
      while (pending.size) await Promise.all([...pending])
    },
  }
}
