/**
 * Work done after the answer went out: recording opens and clicks, sending sign-up mail.
 * The answer then neither waits for it nor, by its timing, tells what the work was. Every
 * task accepted is kept until it finishes: `drain()` at shutdown waits for all of them.
 */
import { errorForLog } from '../http/errorForLog.ts'
import type { Logger } from '../logger.ts'

export interface BackgroundTasks {
  run(name: string, task: () => Promise<unknown>): void
  drain(): Promise<void>
}

export function createBackgroundTasks(logger: Logger): BackgroundTasks {
  const pending = new Set<Promise<void>>()

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
    async drain() {
      while (pending.size) await Promise.all([...pending])
    },
  }
}
