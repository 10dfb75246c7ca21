/** Operator API keys: shown once when created, stored only as a hash. */
import { createHash, randomBytes } from 'node:crypto'
import { and, eq, isNull } from 'drizzle-orm'
import type { Executor } from '../../db/client.ts'
import { apiKeys, type OperatorRole, operators } from '../../db/schema/index.ts'

const keyPrefix = 'smp_'

export interface IssuedApiKey {
  id: number
  operatorId: number
  /** The whole key; it cannot be read back later. */
  key: string
}

export interface ApiKeyOwner {
  apiKeyId: number
  operatorId: number
  role: OperatorRole
}

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key).digest('hex')
}

export async function issueApiKey(
  db: Executor,
  operatorId: number,
  name: string,
): Promise<IssuedApiKey> {
  const key = `${keyPrefix}${randomBytes(32).toString('base64url')}`
  const [row] = await db
    .insert(apiKeys)
    .values({ operatorId, name, prefix: key.slice(0, 10), hash: hashApiKey(key) })
    .returning({ id: apiKeys.id })
  if (!row) throw new Error('The database returned no API key after inserting one.')

  return { id: row.id, operatorId, key }
}

/** The operator who owns a key, or null for an unknown or revoked key. */
export async function findApiKeyOwner(db: Executor, key: string): Promise<ApiKeyOwner | null> {
  const [row] = await db
    .select({ apiKeyId: apiKeys.id, operatorId: operators.id, role: operators.role })
    .from(apiKeys)
    .innerJoin(operators, eq(operators.id, apiKeys.operatorId))
    .where(and(eq(apiKeys.hash, hashApiKey(key)), isNull(apiKeys.revokedAt)))

  return row ?? null
}

/** Creates an operator with the given role and a first key for them. */
export async function createOperatorWithKey(
  db: Executor,
  operator: { email: string; name: string; role: OperatorRole },
  keyName: string,
): Promise<IssuedApiKey> {
  const [row] = await db.insert(operators).values(operator).returning({ id: operators.id })
  if (!row) throw new Error(`The database returned no operator after inserting one.`)

  return issueApiKey(db, row.id, keyName)
}
