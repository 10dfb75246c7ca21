/** Gives each request an id and a child logger, and logs one line when it is answered. */
import { randomUUID } from 'node:crypto'
import { createMiddleware } from 'hono/factory'
import { routePath } from 'hono/route'
import type { Logger } from '../logger.ts'
import type { AppEnv } from './appEnv.ts'

export function requestLogger(logger: Logger) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const requestId = randomUUID()
    c.set('requestId', requestId)
    c.set('logger', logger.child({ requestId }))
    c.header('x-request-id', requestId)
    const started = performance.now()

    await next()

    c.var.logger.info(
      {
        method: c.req.method,
        // The matched route pattern, never the raw path: paths can carry tokens and ids.
        route: routePath(c, -1),
        status: c.res.status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
      },
      'request',
    )
  })
}
