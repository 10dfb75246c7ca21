/** Writes the audit trail. Details name what changed, never the personal values themselves. */
import type { Executor } from '../../db/client.ts'
import { auditLog } from '../../db/schema/index.ts'

export interface AuditEntryInput {
  action: string
  personId: number | null
  apiKeyId: number | null
  details?: Record<string, unknown>
}

export async function recordAudit(db: Executor, entries: AuditEntryInput[], at: Date) {
  if (!entries.length) return
  await db.insert(auditLog).values(entries.map((entry) => ({ ...entry, at })))
}
