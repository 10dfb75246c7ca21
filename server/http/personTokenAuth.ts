/** Identifies the person behind a public API call by the signed token in its Bearer header. */
import { eq } from 'drizzle-orm'
import { createMiddleware } from 'hono/factory'
import type { Database } from '../../db/client.ts'
import { persons } from '../../db/schema/index.ts'
import type { Clock } from '../clock.ts'
import {
  InvalidTokenError,
  type PersonTokenClaims,
  verifyPersonToken,
} from '../tokens/personToken.ts'
import type { AppEnv } from './appEnv.ts'
import { bearerToken } from './bearerToken.ts'
import { unauthorized } from './problem.ts'

export interface PersonTokenEnv extends AppEnv {
  Variables: AppEnv['Variables'] & { person: PersonTokenClaims }
}

export function personTokenAuth(
  deps: { db: Database; secret: string; previousSecrets: string[]; clock: Clock },
  options: {
    /** Accept a genuine token that expired at most this many days ago (fresh-link requests). */
    acceptExpiredForDays?: number
  } = {},
) {
  return createMiddleware<PersonTokenEnv>(async (c, next) => {
    const token = bearerToken(c.req.header('authorization'))
    if (!token) throw unauthorized('Send the person token as "Authorization: Bearer <token>".')

    const now = deps.clock()
    const graceDays = options.acceptExpiredForDays
    const earliest =
      graceDays === undefined ? now : new Date(now.getTime() - graceDays * 86_400_000)
    const claims = verifyOrRefuse(token, [deps.secret, ...deps.previousSecrets], earliest)
    const [person] = await deps.db
      .select({ anonymised: persons.anonymised })
      .from(persons)
      .where(eq(persons.id, claims.personId))
    if (!person || person.anonymised) {
      throw unauthorized('This link belongs to no known person.', 'invalid-token')
    }

    c.set('person', claims)
    await next()
  })
}

function verifyOrRefuse(token: string, secrets: string[], now: Date | null): PersonTokenClaims {
  try {
    return verifyPersonToken(token, secrets, now)
  } catch (error) {
    if (!(error instanceof InvalidTokenError)) throw error
    if (error.reason === 'expired') {
      throw unauthorized('This link has expired. Ask for a fresh one.', 'expired-token')
    }
    throw unauthorized(
      'This link is not valid. Use the link from your latest email.',
      'invalid-token',
    )
  }
}
