/** Console sign-in: POST starts a session, GET tells who is signed in, DELETE signs out. */
import { eq } from 'drizzle-orm'
import { Hono } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import * as v from 'valibot'
import type { Database } from '../../db/client.ts'
import { type OperatorRole, operators } from '../../db/schema/index.ts'
import type { Clock } from '../clock.ts'
import type { AppEnv } from '../http/appEnv.ts'
import { operatorAuth, sessionCookieName } from '../http/operatorAuth.ts'
import { unauthorized } from '../http/problem.ts'
import { validate } from '../http/validation.ts'
import { maximumPasswordLength } from './passwords.ts'
import { endSession, InvalidCredentialsError, signIn } from './sessions.ts'
import { type TypeAccess, typeAccessOf } from './typeAccess.ts'

const credentials = v.strictObject({
  email: v.pipe(v.string(), v.trim(), v.nonEmpty('Give your email address.'), v.maxLength(254)),
  password: v.pipe(
    v.string(),
    v.nonEmpty('Give your password.'),
    v.maxLength(maximumPasswordLength),
  ),
})

export function sessionRoutes(deps: { db: Database; clock: Clock; publicUrl: string }) {
  const { db, clock } = deps
  const cookieOptions = {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    secure: deps.publicUrl.startsWith('https:'),
  } as const

  return new Hono<AppEnv>()
    .post('/', validate('json', credentials), async (c) => {
      const signedIn = await signIn(db, c.req.valid('json'), clock).catch((error: unknown) => {
        if (error instanceof InvalidCredentialsError) {
          c.var.logger.warn('sign-in refused')
          throw unauthorized(error.message, 'invalid-credentials')
        }
        throw error
      })
      setCookie(c, sessionCookieName, signedIn.token, cookieOptions)
      c.var.logger.info({ operatorId: signedIn.operator.operatorId }, 'operator signed in')

      const { operatorId, role, expiresAt } = signedIn.operator
      return c.json(await describeSession(db, { operatorId, role }, expiresAt))
    })
    .get('/', operatorAuth(deps), async (c) => {
      const operator = c.var.operator
      return c.json(await describeSession(db, operator, operator.sessionExpiresAt ?? null))
    })
    .delete('/', async (c) => {
      const token = getCookie(c, sessionCookieName)
      if (token) await endSession(db, token, clock)
      deleteCookie(c, sessionCookieName, cookieOptions)
      return c.body(null, 204)
    })
}

async function describeSession(
  db: Database,
  identity: { operatorId: number; role: OperatorRole },
  expiresAt: Date | null,
) {
  const [operator] = await db.select().from(operators).where(eq(operators.id, identity.operatorId))
  if (!operator) throw unauthorized('This operator no longer exists.')

  return {
    operator: { id: operator.id, email: operator.email, name: operator.name, role: operator.role },
    expiresAt: expiresAt?.toISOString() ?? null,
    permissions: presentAccess(await typeAccessOf(db, identity)),
  }
}

/** Types the operator may not view are left out, not listed as hidden. */
function presentAccess(access: TypeAccess) {
  const visible = [...access.byTypeKey].filter(([, rights]) => rights.view)
  return { canAddTypes: access.canAddTypes, types: Object.fromEntries(visible) }
}
