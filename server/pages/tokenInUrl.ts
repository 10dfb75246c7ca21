/**
 * For pages whose URL carries a token: no Referer that would hand it to the next site, and
 * no cache that would keep the personal page.
 */
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../http/appEnv.ts'

export const tokenInUrl = createMiddleware<AppEnv>(async (c, next) => {
  c.header('referrer-policy', 'no-referrer')
  c.header('cache-control', 'no-store')
  await next()
})
