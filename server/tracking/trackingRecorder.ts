/**
 * Holds acknowledged opens and clicks in memory and writes them in batches: every
 * `flushEveryMs`, or at once when `batchSize` hits are waiting. Nothing accepted is dropped
 * while the database can take it; `close()` writes everything before the database closes.
 *
 * A batch that fails is kept and retried with a growing pause, logged each time, while new
 * hits keep being accepted. When the database rejects the data itself (PostgreSQL error
 * classes 22 and 23, e.g. a contact moment deleted meanwhile), retrying cannot help: the batch
 * is halved until the one hit at fault is found, and only that hit is logged and left out.
 * At shutdown the retries are bounded, so a database that is gone cannot hold the process;
 * what is then left unwritten is logged with its counts per mailing.
 */
import type { Database } from '../../db/client.ts'
import { databaseErrorCode, errorForLog } from '../http/errorForLog.ts'
import type { Logger } from '../logger.ts'
import { recordTrackingHits, type TrackingHit } from './recordTracking.ts'

export interface TrackingRecorder {
  /** Accepts a hit that was verified and answered; it is written with the next batch. */
  record(hit: TrackingHit): void
  /** Writes everything still held, at once; at shutdown, before the database closes. */
  close(): Promise<void>
}

export interface TrackingRecorderOptions {
  flushEveryMs?: number
  batchSize?: number
  /** From this many waiting hits on, a warning is logged: the database does not keep up. */
  backlogWarning?: number
  /** Tries per batch at shutdown before what is left is logged and given up. */
  attemptsAtClose?: number
}

const defaults = {
  flushEveryMs: 150,
  batchSize: 500,
  backlogWarning: 50_000,
  attemptsAtClose: 5,
} satisfies Required<TrackingRecorderOptions>

const firstRetryMs = 100
const longestRetryMs = 10_000

export function createTrackingRecorder(
  deps: { db: Database; logger: Logger },
  options: TrackingRecorderOptions = {},
): TrackingRecorder {
  const { flushEveryMs, batchSize, backlogWarning, attemptsAtClose } = { ...defaults, ...options }
  const { db, logger } = deps

  const pending: TrackingHit[] = []
  let timer: NodeJS.Timeout | null = null
  let writing: Promise<void> | null = null
  let closing = false
  let warned = false

  const schedule = () => {
    if (writing || !pending.length) return
    if (pending.length >= batchSize || closing) startWriting()
    else timer ??= setTimeout(startWriting, flushEveryMs)
  }

  const startWriting = () => {
    if (timer) clearTimeout(timer)
    timer = null
    writing = writeWaiting().finally(() => {
      writing = null
      schedule()
    })
  }

  // One writer at a time: batches are written one after the other, never side by side.
  const writeWaiting = async () => {
    do {
      const batch = pending.splice(0, batchSize)
      const unwritten = await writeWithRetries(batch)
      if (unwritten.length) giveUp(unwritten)
    } while (pending.length >= batchSize || (closing && pending.length))
    if (pending.length < backlogWarning) warned = false
  }

  /** Writes the batch, retrying while it fails; returns what could not be written at all. */
  const writeWithRetries = async (batch: TrackingHit[]): Promise<TrackingHit[]> => {
    for (let attempt = 1; ; attempt++) {
      try {
        await recordTrackingHits(db, batch)
        return []
      } catch (error) {
        if (isRejectedData(error)) return writeApart(batch, error)
        logger.error(
          { error: errorForLog(error), hits: batch.length, attempt, waiting: pending.length },
          'writing tracking hits failed; retrying',
        )
        if (closing && attempt >= attemptsAtClose) return batch
        await pause(Math.min(firstRetryMs * 2 ** (attempt - 1), longestRetryMs))
      }
    }
  }

  const writeApart = async (batch: TrackingHit[], error: unknown): Promise<TrackingHit[]> => {
    if (batch.length === 1) {
      const [hit] = batch as [TrackingHit]
      logger.error(
        { error: errorForLog(error), contactMomentId: hit.contactMomentId, kind: hit.kind },
        'tracking hit refused by the database; left out',
      )
      return []
    }
    const half = Math.ceil(batch.length / 2)
    return [
      ...(await writeWithRetries(batch.slice(0, half))),
      ...(await writeWithRetries(batch.slice(half))),
    ]
  }

  const giveUp = (unwritten: TrackingHit[]) => {
    const counts: Record<string, number> = {}
    for (const hit of unwritten) {
      const key = `${hit.contactMomentId}/${hit.kind}`
      counts[key] = (counts[key] ?? 0) + 1
    }
    logger.error(
      { hits: unwritten.length, byContactMomentAndKind: counts },
      'tracking hits not written at shutdown: the database did not take them',
    )
  }

  return {
    record(hit) {
      pending.push(hit)
      if (pending.length >= backlogWarning && !warned) {
        warned = true
        logger.warn({ waiting: pending.length }, 'tracking hits are written slower than they come')
      }
      schedule()
    },
    async close() {
      closing = true
      // Hits that arrive meanwhile join the batches, so this ends once nothing is held.
      while (writing || pending.length) {
        if (!writing) startWriting()
        await writing
      }
    },
  }
}

/** PostgreSQL error classes 22 (data exception) and 23 (integrity constraint violation). */
function isRejectedData(error: unknown): boolean {
  const code = databaseErrorCode(error)
  return code !== null && (code.startsWith('22') || code.startsWith('23'))
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
