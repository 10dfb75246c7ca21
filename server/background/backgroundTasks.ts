/**
 * Work done after the answer went out: recording opens and clicks, sending sign-up mail.
 * The answer then neither waits for it nor, by its timing, tells what the work was. Every
 * task accepted is kept until it finishes: `drain()` at shutdown waits for all of them, and
 * then has every registered buffer (work held to be written in batches) write what it holds.
 */
import { errorForLog } from '../http/errorForLog.ts'
import type { Logger } from '../logger.ts'

export interface BackgroundTasks {
  run(name: string, task: () => Promise<unknown>): void
  /** A batch writer's way of being written out by `drain()`, before the database closes. */
  holdBuffer(name: string, writeOut: () => Promise<void>): void
  drain(): Promise<void>
}

export function createBackgroundTasks(logger: Logger): BackgroundTasks {
  const pending = new Set<Promise<void>>()
  const buffers = new Map<string, () => Promise<void>>()

  const finishTasks = async () => {
    while (pending.size) await Promise.all([...pending])
  }

  return {
    run(name, task) {
      const running = task()
        .then(() => undefined)
        .catch((error: unknown) => {
          logger.error({ error: errorForLog(error), task: name }, 'background task failed')
        })
        .finally(() => pending.delete(running))
      pending.add(running)
    },
    holdBuffer(name, writeOut) {
      buffers.set(name, writeOut)
    },
    async drain() {
      await finishTasks()
      for (const [name, writeOut] of buffers) {
        await writeOut().catch((error: unknown) => {
          logger.error({ error: errorForLog(error), buffer: name }, 'writing out a buffer failed')
        })
      }
      await finishTasks()
    },
  }
}
