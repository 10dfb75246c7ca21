/** Operator API for opt-in types: create, read, update and deactivate (never delete). */
import { Hono } from 'hono'
import * as v from 'valibot'
import type { Database, Transaction } from '../../db/client.ts'
import { mediaChannels, type OptInType, optInKinds } from '../../db/schema/index.ts'
import type { AppEnv } from '../http/appEnv.ts'
import { type OperatorIdentity, requireRole } from '../http/operatorAuth.ts'
import { badRequest, conflict, forbidden } from '../http/problem.ts'
import { boundedText, idNumber, optInTypeKey } from '../http/schemas.ts'
import { validate } from '../http/validation.ts'
import { grantToTypeAddingGroups, typeAccessOf } from '../operators/typeAccess.ts'
import { existingOptInType, noSuchOptInType } from './existingType.ts'
import { checkAutoConsentSettings } from '../queries/typeSettings.ts'
import {
  findOptInTypeByKey,
  insertOptInType,
  listOptInTypes,
  updateOptInType,
  withTypeStructureLock,
} from './repository.ts'

const localisedText = (maxLength: number) =>
  v.strictObject({ nl: boundedText(maxLength), en: v.optional(boundedText(maxLength)) })

const optionalLocalisedText = (maxLength: number) => {
  const text = v.pipe(v.string(), v.trim(), v.maxLength(maxLength))
  return v.strictObject({ nl: text, en: v.optional(text) })
}

const typeFields = {
  labels: localisedText(200),
  descriptions: optionalLocalisedText(2000),
  channel: v.picklist(mediaChannels),
  kind: v.picklist(optInKinds),
  parentKey: v.nullable(optInTypeKey),
  active: v.boolean(),
  sortOrder: v.pipe(v.number(), v.integer(), v.minValue(-10000), v.maxValue(10000)),
  selfService: v.boolean(),
  profiling: v.boolean(),
  optOutNotes: v.nullable(optionalLocalisedText(1000)),
  autoOptInQueryId: v.nullable(idNumber),
  autoOptOutQueryId: v.nullable(idNumber),
  grantOnSignUp: v.boolean(),
}

const newOptInType = v.strictObject({
  key: optInTypeKey,
  labels: typeFields.labels,
  descriptions: v.optional(typeFields.descriptions, { nl: '' }),
  channel: v.optional(typeFields.channel, 'email'),
  kind: typeFields.kind,
  parentKey: v.optional(typeFields.parentKey, null),
  sortOrder: v.optional(typeFields.sortOrder, 0),
  selfService: v.optional(typeFields.selfService, true),
  profiling: v.optional(typeFields.profiling, false),
  optOutNotes: v.optional(typeFields.optOutNotes, null),
  autoOptInQueryId: v.optional(typeFields.autoOptInQueryId, null),
  autoOptOutQueryId: v.optional(typeFields.autoOptOutQueryId, null),
  grantOnSignUp: v.optional(typeFields.grantOnSignUp, false),
})

const optInTypeChanges = v.pipe(
  v.strictObject({
    labels: v.optional(typeFields.labels),
    descriptions: v.optional(typeFields.descriptions),
    channel: v.optional(typeFields.channel),
    kind: v.optional(typeFields.kind),
    parentKey: v.optional(typeFields.parentKey),
    active: v.optional(typeFields.active),
    sortOrder: v.optional(typeFields.sortOrder),
    selfService: v.optional(typeFields.selfService),
    profiling: v.optional(typeFields.profiling),
    optOutNotes: v.optional(typeFields.optOutNotes),
    autoOptInQueryId: v.optional(typeFields.autoOptInQueryId),
    autoOptOutQueryId: v.optional(typeFields.autoOptOutQueryId),
    grantOnSignUp: v.optional(typeFields.grantOnSignUp),
  }),
  v.check((changes) => Object.keys(changes).length > 0, 'Send at least one field to change.'),
)

const keyParam = v.object({ key: optInTypeKey })

export function optInTypeRoutes(deps: { db: Database }) {
  const { db } = deps

  const existingType = (key: string) => existingOptInType(db, key)

  /** A type hidden from the operator answers as if it did not exist, so its key stays private. */
  const visibleType = async (operator: OperatorIdentity, key: string) => {
    const type = await existingType(key)
    const access = await typeAccessOf(db, operator)
    if (!access.byTypeId.get(type.id)?.view) throw noSuchOptInType(key)
    return { type, access }
  }

  const editableType = async (operator: OperatorIdentity, key: string) => {
    const { type, access } = await visibleType(operator, key)
    if (!access.byTypeId.get(type.id)?.edit) {
      throw forbidden(`Only admins and user groups granted it may change "${key}".`)
    }
    return type
  }

  /** Must run under the type structure lock, in the transaction that makes the change. */
  const parentIdFor = async (
    tx: Transaction,
    parentKey: string | null,
    child: OptInType | null,
  ) => {
    if (parentKey === null) return null
    const parent = await findOptInTypeByKey(tx, parentKey)
    const refuse = (message: string) =>
      badRequest('The parent type cannot hold subgroups.', [{ path: 'parentKey', message }])

    if (!parent) throw refuse(`There is no opt-in type with key "${parentKey}".`)
    if (parent.parentId !== null) throw refuse(`"${parentKey}" is itself a subgroup.`)
    if (child && parent.id === child.id) throw refuse('A type cannot be its own parent.')
    const types = await listOptInTypes(tx, { activeOnly: false })
    if (child && types.some((type) => type.parentId === child.id)) {
      throw refuse(`"${child.key}" has subgroups of its own, so it cannot become one.`)
    }
    return parent.id
  }

  return new Hono<AppEnv>()
    .get('/', async (c) => {
      const access = await typeAccessOf(db, c.var.operator)
      const types = await listOptInTypes(db, { activeOnly: false })
      const visible = types.filter((type) => access.byTypeId.get(type.id)?.view)
      return c.json({ types: visible.map((type) => presentOptInType(type, types)) })
    })
    .get('/:key', validate('param', keyParam), async (c) => {
      const { type } = await visibleType(c.var.operator, c.req.valid('param').key)
      const types = await listOptInTypes(db, { activeOnly: false })
      return c.json(presentOptInType(type, types))
    })
    .post('/', requireRole('editor'), validate('json', newOptInType), async (c) => {
      const { parentKey, ...fields } = c.req.valid('json')
      if (!(await typeAccessOf(db, c.var.operator)).canAddTypes) {
        throw forbidden('None of your user groups may add opt-in types.')
      }
      if (await findOptInTypeByKey(db, fields.key)) {
        throw conflict(`An opt-in type with key "${fields.key}" already exists.`)
      }

      const created = await withTypeStructureLock(db, async (tx) => {
        await checkAutoConsentSettings(tx, fields.kind, fields)
        const type = await insertOptInType(tx, {
          ...fields,
          parentId: await parentIdFor(tx, parentKey, null),
        })
        if (c.var.operator.role !== 'admin') {
          await grantToTypeAddingGroups(tx, type.id, c.var.operator.operatorId)
        }
        return type
      })
      c.var.logger.info({ optInType: created.key }, 'opt-in type created')

      const types = await listOptInTypes(db, { activeOnly: false })
      return c.json(presentOptInType(created, types), 201, {
        location: `/api/v1/opt-in-types/${created.key}`,
      })
    })
    .patch(
      '/:key',
      requireRole('editor'),
      validate('param', keyParam),
      validate('json', optInTypeChanges),
      async (c) => {
        const type = await editableType(c.var.operator, c.req.valid('param').key)
        const { parentKey, ...changes } = c.req.valid('json')

        const updated = await withTypeStructureLock(db, async (tx) => {
          await checkAutoConsentSettings(tx, changes.kind ?? type.kind, { ...type, ...changes })
          return updateOptInType(tx, type.id, {
            ...changes,
            ...(parentKey !== undefined
              ? { parentId: await parentIdFor(tx, parentKey, type) }
              : {}),
          })
        })
        c.var.logger.info({ optInType: updated.key }, 'opt-in type updated')

        const types = await listOptInTypes(db, { activeOnly: false })
        return c.json(presentOptInType(updated, types))
      },
    )
    .post('/:key/deactivate', requireRole('editor'), validate('param', keyParam), async (c) => {
      const type = await editableType(c.var.operator, c.req.valid('param').key)
      const updated = await updateOptInType(db, type.id, { active: false })
      c.var.logger.info({ optInType: updated.key }, 'opt-in type deactivated')

      const types = await listOptInTypes(db, { activeOnly: false })
      return c.json(presentOptInType(updated, types))
    })
}

function presentOptInType(type: OptInType, all: OptInType[]) {
  const { id, parentId, createdAt, updatedAt, ...fields } = type
  return {
    ...fields,
    parentKey: all.find((candidate) => candidate.id === parentId)?.key ?? null,
    createdAt: createdAt.toISOString(),
    updatedAt: updatedAt.toISOString(),
  }
}
