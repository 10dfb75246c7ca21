/** The opt-in type a route names by key, or the 404 that an unknown (or hidden) key gets. */
import type { Executor } from '../../db/client.ts'
import type { OptInType } from '../../db/schema/index.ts'
import { notFound, type ProblemError } from '../http/problem.ts'
import { findOptInTypeByKey } from './repository.ts'

export function noSuchOptInType(key: string): ProblemError {
  return notFound(`There is no opt-in type with key "${key}".`)
}

export async function existingOptInType(db: Executor, key: string): Promise<OptInType> {
  const type = await findOptInTypeByKey(db, key)
  if (!type) throw noSuchOptInType(key)
  return type
}
