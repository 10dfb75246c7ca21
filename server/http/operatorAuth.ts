/**
 * Authenticates operators, by API key (`Authorization: Bearer`) or by a console session
 * cookie, and checks their role per route.
 */
import { getCookie } from 'hono/cookie'
import { createMiddleware } from 'hono/factory'
import type { Database } from '../../db/client.ts'
import type { OperatorRole } from '../../db/schema/index.ts'
import type { Clock } from '../clock.ts'
import { findApiKeyOwner } from '../operators/apiKeys.ts'
import { findSession } from '../operators/sessions.ts'
import type { AppEnv } from './appEnv.ts'
import { bearerToken } from './bearerToken.ts'
import { forbidden, unauthorized } from './problem.ts'

export interface OperatorIdentity {
  /** The credential that acted: an API key, or the operator's console credential. */
  apiKeyId: number
  operatorId: number
  role: OperatorRole
  /** Set when the operator signed in to the console rather than sending a key. */
  sessionId?: number
  sessionExpiresAt?: Date
}

export const sessionCookieName = 'smp_session'

/**
 * Browsers send cookies on cross-site form posts; they never add a custom header to one
 * without a CORS preflight, which the operator API does not answer. So an unsafe request
 * made with the session cookie must carry this header.
 */
export const consoleRequestHeader = 'x-smp-console'

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS'])

const rank: Record<OperatorRole, number> = { viewer: 0, editor: 1, admin: 2 }

export function operatorAuth(deps: { db: Database; clock: Clock }) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const key = bearerToken(c.req.header('authorization'))
    if (key) {
      const owner = await findApiKeyOwner(deps.db, key)
      if (!owner) throw unauthorized('This API key is unknown or has been revoked.')
      c.set('operator', owner)
      return next()
    }

    const token = getCookie(c, sessionCookieName)
    if (!token) {
      throw unauthorized(
        'Sign in to the console, or send an API key as "Authorization: Bearer <key>".',
      )
    }
    const session = await findSession(deps.db, token, deps.clock)
    if (!session) throw unauthorized('Your session has ended; sign in again.', 'session-ended')
    if (!safeMethods.has(c.req.method) && c.req.header(consoleRequestHeader) !== '1') {
      throw forbidden(`A change made with a session cookie needs the header "X-SMP-Console: 1".`)
    }

    c.set('operator', {
      apiKeyId: session.apiKeyId,
      operatorId: session.operatorId,
      role: session.role,
      sessionId: session.sessionId,
      sessionExpiresAt: session.expiresAt,
    })
    await next()
  })
}

/** Lets the request through only for operators with at least this role. */
export function requireRole(role: OperatorRole) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (rank[c.var.operator.role] < rank[role]) {
      throw forbidden(`This needs the ${role} role; you have ${c.var.operator.role}.`)
    }
    await next()
  })
}
