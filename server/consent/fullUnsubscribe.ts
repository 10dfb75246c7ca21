/**
 * Full unsubscribe (SPEC §4): a hard opt-out for every type at once, Profiling included,
 * so that no customer calculations are done for the person afterwards.
 */
import type { Database } from '../../db/client.ts'
import type { ConsentChannel, ConsentRecord } from '../../db/schema/index.ts'
import type { Clock } from '../clock.ts'
import { listOptInTypes } from '../optInTypes/repository.ts'
import { recordConsents } from './recordConsent.ts'

export async function fullyUnsubscribe(
  db: Database,
  request: {
    personId: number
    channel: ConsentChannel
    description: string
    contactMomentId?: number | null
    recordedByApiKeyId?: number | null
  },
  clock: Clock,
): Promise<ConsentRecord[]> {
  // Inactive types too: a type switched back on later must not find the person opted in.
  const types = await listOptInTypes(db, { activeOnly: false })

  return recordConsents(
    db,
    types.map((type) => ({ ...request, optInTypeId: type.id, optIn: false, soft: false })),
    clock,
  )
}
