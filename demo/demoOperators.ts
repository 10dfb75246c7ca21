/**
 * Console accounts for the demo, one per role, so a new user can sign in at /admin at once.
 * The password is public: these accounts exist only where the demo data is loaded.
 */
import { eq } from 'drizzle-orm'
import type { Database } from '../db/client.ts'
import {
  type OperatorRole,
  operatorGroupMembers,
  operatorGroups,
  operators,
  optInTypePermissions,
  optInTypes,
} from '../db/schema/index.ts'
import { hashPassword } from '../server/operators/passwords.ts'

export const demoPassword = 'demo-wachtwoord-2026'

export const demoOperators = [
  { email: 'beheerder@demo.example', name: 'Bea Beheerder', role: 'admin' },
  { email: 'redacteur@demo.example', name: 'Ruud Redacteur', role: 'editor' },
  { email: 'lezer@demo.example', name: 'Lotte Lezer', role: 'viewer' },
] as const satisfies { email: string; name: string; role: OperatorRole }[]

/** Hashing is slow on purpose; the three accounts share one hash, made once per process. */
let demoPasswordHash: Promise<string> | undefined

export async function ensureDemoOperators(db: Database): Promise<void> {
  const existing = await db.select({ email: operators.email }).from(operators)
  const missing = demoOperators.filter(
    (operator) => !existing.some((row) => row.email === operator.email),
  )
  if (missing.length === 0) return

  demoPasswordHash ??= hashPassword(demoPassword)
  const passwordHash = await demoPasswordHash
  await db.transaction(async (tx) => {
    await tx
      .insert(operators)
      .values(missing.map((operator) => ({ ...operator, passwordHash })))
      .onConflictDoNothing()
    await restrictBusinessTypeToItsGroup(tx)
  })
}

/**
 * Shows per-type permissions at work: only the group "Zakelijke relaties" (with the demo
 * editor in it) and admins see and change the Zakelijk subgroup; the demo viewer does not.
 */
async function restrictBusinessTypeToItsGroup(db: Pick<Database, 'select' | 'insert'>) {
  const [type] = await db.select().from(optInTypes).where(eq(optInTypes.key, 'zakelijk'))
  const [editor] = await db
    .select()
    .from(operators)
    .where(eq(operators.email, 'redacteur@demo.example'))
  if (!type || !editor) return

  const [group] = await db
    .insert(operatorGroups)
    .values({ name: 'Zakelijke relaties', canAddTypes: true })
    .onConflictDoNothing()
    .returning()
  if (!group) return

  await db.insert(operatorGroupMembers).values({ groupId: group.id, operatorId: editor.id })
  await db
    .insert(optInTypePermissions)
    .values({ optInTypeId: type.id, groupId: group.id, canView: true, canChange: true })
}
