/** The demo operator's API key, printed at start so a new user can try the operator API. */
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { and, eq, isNull } from 'drizzle-orm'
import type { Database } from '../db/client.ts'
import { apiKeys, operators } from '../db/schema/index.ts'
import { createOperatorWithKey, findApiKeyOwner, issueApiKey } from '../server/operators/apiKeys.ts'

const demoOperator = { email: 'demo-admin@example.org', name: 'Demo admin', role: 'admin' } as const

/**
 * Reuses the key kept in the data folder when there is one, so it stays the same across
 * starts. Without a data folder (PostgreSQL) the key cannot be read back, so each start
 * issues a new one and revokes the demo operator's older keys.
 */
export async function ensureDemoApiKey(db: Database, dataDir: string | undefined): Promise<string> {
  const keyFile = dataDir ? join(dataDir, 'demo-api-key') : undefined
  const kept = keyFile ? await readFile(keyFile, 'utf8').catch(() => '') : ''
  if (kept.trim() && (await findApiKeyOwner(db, kept.trim()))) return kept.trim()

  const [operator] = await db
    .select()
    .from(operators)
    .where(eq(operators.email, demoOperator.email))
  if (operator) {
    await db
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.operatorId, operator.id), isNull(apiKeys.revokedAt)))
  }
  const issued = operator
    ? await issueApiKey(db, operator.id, 'demo')
    : await createOperatorWithKey(db, demoOperator, 'demo')

  if (keyFile) await writeFile(keyFile, `${issued.key}\n`, { mode: 0o600 })
  return issued.key
}
