/** Gives each request an id and a child logger, and logs one line when it is answered. */
import { randomUUID } from 'node:crypto'
import { createMiddleware } from 'hono/factory'
import type { Logger } from '../logger.ts'
import type { AppEnv } from './appEnv.ts'

/** Paths that carry a token in the URL itself; the token must not reach the log. */
const tokenInPath = /^\/p\/[^/]+/

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
        path: c.req.path.replace(tokenInPath, '/p/[token]'),
        status: c.res.status,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
      },
      'request',
    )
  })
}
