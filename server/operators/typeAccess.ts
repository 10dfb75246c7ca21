/**
 * Who may view or change which opt-in type (SPEC §3). Roles set the ceiling: viewers never
 * change anything and admins may do everything. Between those, a type that names user groups
 * is open only to their members; a type that names none is open to every operator.
 */
import { and, eq } from 'drizzle-orm'
import type { Executor } from '../../db/client.ts'
import {
  type OperatorRole,
  operatorGroupMembers,
  operatorGroups,
  optInTypePermissions,
  optInTypes,
} from '../../db/schema/index.ts'

export interface TypeRights {
  view: boolean
  change: boolean
}

export interface TypeAccess {
  canAddTypes: boolean
  /** By opt-in type id. */
  byTypeId: Map<number, TypeRights>
  /** By opt-in type key, as the API names types. */
  byTypeKey: Map<string, TypeRights>
}

export async function typeAccessOf(
  db: Executor,
  operator: { operatorId: number; role: OperatorRole },
): Promise<TypeAccess> {
  const types = await db.select({ id: optInTypes.id, key: optInTypes.key }).from(optInTypes)
  const memberships = await db
    .select({ groupId: operatorGroups.id, canAddTypes: operatorGroups.canAddTypes })
    .from(operatorGroupMembers)
    .innerJoin(operatorGroups, eq(operatorGroups.id, operatorGroupMembers.groupId))
    .where(eq(operatorGroupMembers.operatorId, operator.operatorId))
  const grants = await db.select().from(optInTypePermissions)

  const isAdmin = operator.role === 'admin'
  const mayWrite = operator.role !== 'viewer'
  const myGroups = new Set(memberships.map((membership) => membership.groupId))

  const byTypeId = new Map<number, TypeRights>()
  const byTypeKey = new Map<string, TypeRights>()
  for (const type of types) {
    const typeGrants = grants.filter((grant) => grant.optInTypeId === type.id)
    const mine = typeGrants.filter((grant) => myGroups.has(grant.groupId))
    const open = typeGrants.length === 0
    const rights = {
      view: isAdmin || open || mine.some((grant) => grant.canView),
      change: isAdmin || (mayWrite && (open || mine.some((grant) => grant.canChange))),
    }
    byTypeId.set(type.id, rights)
    byTypeKey.set(type.key, rights)
  }

  return {
    canAddTypes: isAdmin || (mayWrite && memberships.some((membership) => membership.canAddTypes)),
    byTypeId,
    byTypeKey,
  }
}

/** The ids of the types an operator may see; for filtering lists in SQL. */
export function viewableTypeIds(access: TypeAccess): number[] {
  return [...access.byTypeId].filter(([, rights]) => rights.view).map(([id]) => id)
}

/**
 * Whether an operator may edit a type's definition: admins always; editors only where one of
 * their groups was granted change on that type, since an open type has no owner but the admins.
 */
export async function mayEditTypeDefinition(
  db: Executor,
  operator: { operatorId: number; role: OperatorRole },
  optInTypeId: number,
): Promise<boolean> {
  if (operator.role === 'admin') return true
  if (operator.role === 'viewer') return false

  const grants = await db
    .select({ groupId: optInTypePermissions.groupId })
    .from(optInTypePermissions)
    .innerJoin(operatorGroupMembers, eq(operatorGroupMembers.groupId, optInTypePermissions.groupId))
    .where(
      and(
        eq(optInTypePermissions.optInTypeId, optInTypeId),
        eq(optInTypePermissions.canChange, true),
        eq(operatorGroupMembers.operatorId, operator.operatorId),
      ),
    )
  return grants.length > 0
}
