/**
 * User groups and their rights on opt-in types (SPEC §3). Anyone signed in may read them, so
 * the console can explain why something is hidden; only admins change them.
 */
import { asc, eq, inArray } from 'drizzle-orm'
import { Hono } from 'hono'
import * as v from 'valibot'
import type { Database, Executor } from '../../db/client.ts'
import {
  operatorGroupMembers,
  operatorGroups,
  operators,
  optInTypePermissions,
} from '../../db/schema/index.ts'
import type { AppEnv } from '../http/appEnv.ts'
import { requireRole } from '../http/operatorAuth.ts'
import { badRequest, conflict, notFound } from '../http/problem.ts'
import { boundedText, idNumber, idParam, optInTypeKey } from '../http/schemas.ts'
import { validate } from '../http/validation.ts'
import { existingOptInType, noSuchOptInType } from '../optInTypes/existingType.ts'
import { typeAccessOf } from './typeAccess.ts'

const memberIds = v.pipe(v.array(idNumber), v.maxLength(1000))

const newGroup = v.strictObject({
  name: boundedText(100),
  canAddTypes: v.optional(v.boolean(), false),
  memberIds: v.optional(memberIds, []),
})

const groupChanges = v.pipe(
  v.strictObject({
    name: v.optional(boundedText(100)),
    canAddTypes: v.optional(v.boolean()),
    memberIds: v.optional(memberIds),
  }),
  v.check((changes) => Object.keys(changes).length > 0, 'Send at least one field to change.'),
)

const typePermissions = v.strictObject({
  permissions: v.pipe(
    v.array(
      v.pipe(
        v.strictObject({ groupId: idNumber, view: v.boolean(), change: v.boolean() }),
        v.check((grant) => grant.view || !grant.change, 'A group that may change must also view.'),
      ),
    ),
    v.maxLength(200),
    v.check(
      (grants) => new Set(grants.map((grant) => grant.groupId)).size === grants.length,
      'Name each group once.',
    ),
  ),
})

const keyParam = v.object({ key: optInTypeKey })

export function operatorGroupRoutes(deps: { db: Database }) {
  const { db } = deps

  return new Hono<AppEnv>()
    .get('/operators', requireRole('admin'), async (c) => {
      const rows = await db
        .select({
          id: operators.id,
          email: operators.email,
          name: operators.name,
          role: operators.role,
        })
        .from(operators)
        .orderBy(asc(operators.name))
      return c.json({ operators: rows })
    })
    .get('/operator-groups', async (c) => c.json({ groups: await listGroups(db) }))
    .post('/operator-groups', requireRole('admin'), validate('json', newGroup), async (c) => {
      const { memberIds, ...fields } = c.req.valid('json')

      const id = await db.transaction(async (tx) => {
        const [group] = await tx
          .insert(operatorGroups)
          .values(fields)
          .onConflictDoNothing()
          .returning()
        if (!group) throw conflict(`A user group named "${fields.name}" already exists.`)
        await replaceMembers(tx, group.id, memberIds)
        return group.id
      })
      c.var.logger.info({ groupId: id }, 'user group created')

      return c.json(await groupById(db, id), 201)
    })
    .patch(
      '/operator-groups/:id',
      requireRole('admin'),
      validate('param', idParam),
      validate('json', groupChanges),
      async (c) => {
        const { id } = c.req.valid('param')
        const { memberIds, ...fields } = c.req.valid('json')
        await groupById(db, id)

        await db.transaction(async (tx) => {
          if (Object.keys(fields).length > 0) {
            await tx.update(operatorGroups).set(fields).where(eq(operatorGroups.id, id))
          }
          if (memberIds) await replaceMembers(tx, id, memberIds)
        })
        c.var.logger.info({ groupId: id }, 'user group changed')

        return c.json(await groupById(db, id))
      },
    )
    .get('/opt-in-types/:key/permissions', validate('param', keyParam), async (c) => {
      const type = await existingOptInType(db, c.req.valid('param').key)
      const access = await typeAccessOf(db, c.var.operator)
      if (!access.byTypeId.get(type.id)?.view) throw noSuchOptInType(type.key)
      return c.json({ permissions: await grantsOf(db, type.id) })
    })
    .put(
      '/opt-in-types/:key/permissions',
      requireRole('admin'),
      validate('param', keyParam),
      validate('json', typePermissions),
      async (c) => {
        const type = await existingOptInType(db, c.req.valid('param').key)
        const { permissions } = c.req.valid('json')

        await db.transaction(async (tx) => {
          await checkGroupsExist(
            tx,
            permissions.map((grant) => grant.groupId),
          )
          await tx.delete(optInTypePermissions).where(eq(optInTypePermissions.optInTypeId, type.id))
          if (permissions.length === 0) return
          await tx.insert(optInTypePermissions).values(
            permissions.map((grant) => ({
              optInTypeId: type.id,
              groupId: grant.groupId,
              canView: grant.view,
              canChange: grant.change,
            })),
          )
        })
        c.var.logger.info({ optInType: type.key }, 'opt-in type permissions changed')

        return c.json({ permissions: await grantsOf(db, type.id) })
      },
    )
}

async function listGroups(db: Executor) {
  const groups = await db.select().from(operatorGroups).orderBy(asc(operatorGroups.name))
  const members = await db.select().from(operatorGroupMembers)
  return groups.map((group) => ({
    ...group,
    memberIds: members
      .filter((member) => member.groupId === group.id)
      .map((member) => member.operatorId),
  }))
}

async function groupById(db: Executor, id: number) {
  const group = (await listGroups(db)).find((candidate) => candidate.id === id)
  if (!group) throw notFound(`There is no user group with id ${id}.`)
  return group
}

async function replaceMembers(tx: Executor, groupId: number, memberIds: number[]) {
  const unique = [...new Set(memberIds)]
  if (unique.length > 0) {
    const found = await tx
      .select({ id: operators.id })
      .from(operators)
      .where(inArray(operators.id, unique))
    const missing = idsNotFound(unique, found)
    if (missing.length > 0) {
      throw badRequest('A member is not an operator.', [
        { path: 'memberIds', message: `No operator has id ${missing.join(', ')}.` },
      ])
    }
  }

  await tx.delete(operatorGroupMembers).where(eq(operatorGroupMembers.groupId, groupId))
  if (unique.length > 0) {
    await tx
      .insert(operatorGroupMembers)
      .values(unique.map((operatorId) => ({ groupId, operatorId })))
  }
}

async function checkGroupsExist(tx: Executor, groupIds: number[]) {
  if (groupIds.length === 0) return
  const found = await tx
    .select({ id: operatorGroups.id })
    .from(operatorGroups)
    .where(inArray(operatorGroups.id, groupIds))
  const missing = idsNotFound(groupIds, found)
  if (missing.length > 0) {
    throw badRequest('A permission names a user group that does not exist.', [
      { path: 'permissions', message: `No user group has id ${missing.join(', ')}.` },
    ])
  }
}

async function grantsOf(db: Executor, optInTypeId: number) {
  const rows = await db
    .select()
    .from(optInTypePermissions)
    .where(eq(optInTypePermissions.optInTypeId, optInTypeId))
    .orderBy(asc(optInTypePermissions.groupId))
  return rows.map((row) => ({ groupId: row.groupId, view: row.canView, change: row.canChange }))
}

function idsNotFound(wanted: number[], found: { id: number }[]): number[] {
  return wanted.filter((id) => !found.some((row) => row.id === id))
}
