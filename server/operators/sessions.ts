/**
 * Console sessions. Signing in trades an email address and password for a random token, kept
 * by the browser in an HttpOnly cookie and by the database only as a hash. A session ends
 * after two idle hours and at the latest twelve hours after sign-in.
 */
import { createHash, randomBytes } from 'node:crypto'
import { and, eq, gt, isNull } from 'drizzle-orm'
import type { Executor } from '../../db/client.ts'
import { apiKeys, type OperatorRole, operatorSessions, operators } from '../../db/schema/index.ts'
import type { Clock } from '../clock.ts'
import { normaliseEmail } from '../persons/emailAddress.ts'
import { hashApiKey } from './apiKeys.ts'
import { verifyNoPassword, verifyPassword } from './passwords.ts'

export const sessionIdleMs = 2 * 60 * 60 * 1000
export const sessionLifetimeMs = 12 * 60 * 60 * 1000
/** Sliding the expiry on every request would write on every read; once a minute is enough. */
const touchIntervalMs = 60 * 1000

/** The name of the credential that attributes console actions in the ledger and audit trail. */
const consoleCredentialName = 'console sign-in'

export interface SessionOperator {
  operatorId: number
  apiKeyId: number
  sessionId: number
  email: string
  name: string
  role: OperatorRole
  expiresAt: Date
}

export class InvalidCredentialsError extends Error {
  constructor() {
    super('The email address or password is not right.')
    this.name = 'InvalidCredentialsError'
  }
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}

export async function signIn(
  db: Executor,
  credentials: { email: string; password: string },
  clock: Clock,
): Promise<{ token: string; operator: SessionOperator }> {
  const [operator] = await db
    .select()
    .from(operators)
    .where(eq(operators.email, normaliseEmail(credentials.email)))
  const valid = operator?.passwordHash
    ? await verifyPassword(credentials.password, operator.passwordHash)
    : await verifyNoPassword(credentials.password)
  if (!operator || !valid) throw new InvalidCredentialsError()

  const token = randomBytes(32).toString('base64url')
  const now = clock()
  const apiKeyId = await consoleCredentialOf(db, operator.id)
  const [session] = await db
    .insert(operatorSessions)
    .values({
      operatorId: operator.id,
      apiKeyId,
      tokenHash: hashSessionToken(token),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: expiryAfter(now, now),
    })
    .returning()
  if (!session) throw new Error('The database returned no session after inserting one.')

  return { token, operator: sessionOperator(operator, session) }
}

/** The live session a token belongs to, with its expiry moved on; null once it has ended. */
export async function findSession(
  db: Executor,
  token: string,
  clock: Clock,
): Promise<SessionOperator | null> {
  const now = clock()
  const [row] = await db
    .select({ session: operatorSessions, operator: operators })
    .from(operatorSessions)
    .innerJoin(operators, eq(operators.id, operatorSessions.operatorId))
    // Revoking the operator's console credential ends their sessions too.
    .innerJoin(apiKeys, and(eq(apiKeys.id, operatorSessions.apiKeyId), isNull(apiKeys.revokedAt)))
    .where(
      and(
        eq(operatorSessions.tokenHash, hashSessionToken(token)),
        isNull(operatorSessions.endedAt),
        gt(operatorSessions.expiresAt, now),
      ),
    )
  if (!row) return null

  const { session, operator } = row
  if (now.getTime() - session.lastSeenAt.getTime() < touchIntervalMs) {
    return sessionOperator(operator, session)
  }

  const expiresAt = expiryAfter(session.createdAt, now)
  await db
    .update(operatorSessions)
    .set({ lastSeenAt: now, expiresAt })
    .where(eq(operatorSessions.id, session.id))
  return sessionOperator(operator, { ...session, expiresAt })
}

export async function endSession(db: Executor, token: string, clock: Clock): Promise<void> {
  await db
    .update(operatorSessions)
    .set({ endedAt: clock() })
    .where(
      and(
        eq(operatorSessions.tokenHash, hashSessionToken(token)),
        isNull(operatorSessions.endedAt),
      ),
    )
}

function expiryAfter(createdAt: Date, lastSeenAt: Date): Date {
  return new Date(
    Math.min(lastSeenAt.getTime() + sessionIdleMs, createdAt.getTime() + sessionLifetimeMs),
  )
}

/**
 * Every operator gets one credential row for what they do in the console, so that consent
 * records and audit entries name who acted the same way as for API keys. Its hash belongs to
 * a key nobody was ever given, so it cannot be used as a Bearer key.
 */
async function consoleCredentialOf(db: Executor, operatorId: number): Promise<number> {
  const [existing] = await db
    .select({ id: apiKeys.id })
    .from(apiKeys)
    .where(
      and(
        eq(apiKeys.operatorId, operatorId),
        eq(apiKeys.name, consoleCredentialName),
        isNull(apiKeys.revokedAt),
      ),
    )
  if (existing) return existing.id

  const [created] = await db
    .insert(apiKeys)
    .values({
      operatorId,
      name: consoleCredentialName,
      prefix: 'console',
      hash: hashApiKey(randomBytes(32).toString('base64url')),
    })
    .returning({ id: apiKeys.id })
  if (!created) throw new Error('The database returned no credential after inserting one.')
  return created.id
}

function sessionOperator(
  operator: typeof operators.$inferSelect,
  session: typeof operatorSessions.$inferSelect,
): SessionOperator {
  return {
    operatorId: operator.id,
    apiKeyId: session.apiKeyId,
    sessionId: session.id,
    email: operator.email,
    name: operator.name,
    role: operator.role,
    expiresAt: session.expiresAt,
  }
}

/** Ends every open session of an operator, e.g. when their password changes. */
export async function endSessionsOf(db: Executor, operatorId: number, at: Date): Promise<number> {
  const ended = await db
    .update(operatorSessions)
    .set({ endedAt: at })
    .where(and(eq(operatorSessions.operatorId, operatorId), isNull(operatorSessions.endedAt)))
    .returning({ id: operatorSessions.id })
  return ended.length
}
