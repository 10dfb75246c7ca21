/**
 * Full unsubscribe (SPEC §4): a hard opt-out for many types at once. Operators opt a person
 * out of every type, Profiling included, so that no customer calculations are done for them
 * afterwards; a person in the preference centre opts out of every type they manage there.
 */
import type { Database } from '../../db/client.ts'
import type { ConsentChannel, ConsentRecord, OptInType } from '../../db/schema/index.ts'
import type { Clock } from '../clock.ts'
import { listOptInTypes } from '../optInTypes/repository.ts'
import { recordConsents } from './recordConsent.ts'

export type UnsubscribeScope = 'every-type' | 'self-service-types'

export async function fullyUnsubscribe(
  db: Database,
  request: {
    personId: number
    scope: UnsubscribeScope
    channel: ConsentChannel
    description: string
    contactMomentId?: number | null
    recordedByApiKeyId?: number | null
  },
  clock: Clock,
): Promise<ConsentRecord[]> {
  const { scope, ...entry } = request
  // Inactive types too: a type switched back on later must not find the person opted in.
  const types = (await listOptInTypes(db, { activeOnly: false })).filter((type) =>
    inScope(type, scope),
  )

  return recordConsents(
    db,
    types.map((type) => ({ ...entry, optInTypeId: type.id, optIn: false, soft: false })),
    clock,
  )
}

function inScope(type: OptInType, scope: UnsubscribeScope): boolean {
  return scope === 'every-type' || (type.active && type.selfService)
}
