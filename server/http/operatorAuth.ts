/** Authenticates operators by API key and checks their role per route. */
import { createMiddleware } from 'hono/factory'
import type { Database } from '../../db/client.ts'
import type { OperatorRole } from '../../db/schema/index.ts'
import { findApiKeyOwner } from '../operators/apiKeys.ts'
import type { AppEnv } from './appEnv.ts'
import { bearerToken } from './bearerToken.ts'
import { forbidden, unauthorized } from './problem.ts'

export interface OperatorIdentity {
  apiKeyId: number
  operatorId: number
  role: OperatorRole
}

const rank: Record<OperatorRole, number> = { viewer: 0, editor: 1, admin: 2 }

export function operatorAuth(db: Database) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const key = bearerToken(c.req.header('authorization'))
    if (!key) throw unauthorized('Send an operator API key as "Authorization: Bearer <key>".')

    const owner = await findApiKeyOwner(db, key)
    if (!owner) throw unauthorized('This API key is unknown or has been revoked.')

    c.set('operator', owner)
    await next()
  })
}

/** Lets the request through only for operators with at least this role. */
export function requireRole(role: OperatorRole) {
  return createMiddleware<AppEnv>(async (c, next) => {
    if (rank[c.var.operator.role] < rank[role]) {
      throw forbidden(`This needs the ${role} role; this API key has ${c.var.operator.role}.`)
    }
    await next()
  })
}
