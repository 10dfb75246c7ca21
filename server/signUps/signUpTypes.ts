/** The types an anonymous visitor may sign up for: active, hard and self-service. */
import type { Executor } from '../../db/client.ts'
import type { Language, OptInType } from '../../db/schema/index.ts'
import { localise } from '../optInTypes/localise.ts'
import { listOptInTypes } from '../optInTypes/repository.ts'

export function isSignUpType(type: OptInType): boolean {
  return type.active && type.selfService && type.kind === 'hard'
}

export async function listSignUpTypes(db: Executor, language: Language) {
  const types = (await listOptInTypes(db, { activeOnly: true })).filter(isSignUpType)
  const keyById = new Map(types.map((type) => [type.id, type.key]))

  return types.map((type) => ({
    key: type.key,
    parentKey: (type.parentId !== null && keyById.get(type.parentId)) || null,
    label: localise(type.labels, language),
    description: localise(type.descriptions, language),
  }))
}
