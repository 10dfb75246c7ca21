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
  /** See the type and the consent recorded for it. */
  view: boolean
  /** Record consent for it. */
  change: boolean
  /**
   * Change the type's definition: admins, and editors whose group was granted change on it.
   * An open type (without grants) has no owning group, so only admins edit it.
   */
  edit: boolean
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
    const granted = mayWrite && mine.some((grant) => grant.canChange)
    const rights = {
      view: isAdmin || open || mine.some((grant) => grant.canView),
      change: isAdmin || (mayWrite && open) || granted,
      edit: isAdmin || granted,
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
 * A type made by an editor belongs to the groups that let them add types: those groups may
 * view and change it, so its maker can go on editing it. An admin can open it to everyone by
 * removing the grants.
 */
export async function grantToTypeAddingGroups(
  tx: Executor,
  optInTypeId: number,
  operatorId: number,
): Promise<void> {
  const groups = await tx
    .select({ groupId: operatorGroups.id })
    .from(operatorGroupMembers)
    .innerJoin(operatorGroups, eq(operatorGroups.id, operatorGroupMembers.groupId))
    .where(
      and(eq(operatorGroupMembers.operatorId, operatorId), eq(operatorGroups.canAddTypes, true)),
    )
  if (groups.length === 0) return

  await tx
    .insert(optInTypePermissions)
    .values(groups.map(({ groupId }) => ({ optInTypeId, groupId, canView: true, canChange: true })))
}
