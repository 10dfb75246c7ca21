/**
 * The automatic-consent settings of an opt-in type (SPEC §3): an auto opt-in query, an
 * auto opt-out query, and "grant on sign-up". Consent nobody actively gave is soft, so
 * only soft types may have them; the database refuses the rest as well.
 */
import { inArray } from 'drizzle-orm'
import type { Transaction } from '../../db/client.ts'
import { type OptInKind, savedQueries } from '../../db/schema/index.ts'
import { badRequest, type InvalidField } from '../http/problem.ts'

export interface AutoConsentSettings {
  autoOptInQueryId: number | null
  autoOptOutQueryId: number | null
  grantOnSignUp: boolean
}

/**
 * Refuses settings a type of this kind cannot have, or that name a missing saved query.
 * Run it in the transaction that stores them: the queries stay locked against deletion.
 */
export async function checkAutoConsentSettings(
  tx: Transaction,
  kind: OptInKind,
  settings: AutoConsentSettings,
): Promise<void> {
  const problems: InvalidField[] = []
  const queryFields = (['autoOptInQueryId', 'autoOptOutQueryId'] as const).filter(
    (field) => settings[field] !== null,
  )

  if (kind !== 'soft') {
    for (const field of queryFields) {
      problems.push({ path: field, message: 'Only a soft type can have an automatic query.' })
    }
    if (settings.grantOnSignUp) {
      problems.push({
        path: 'grantOnSignUp',
        message: 'Only a soft type can be granted on sign-up.',
      })
    }
  }

  const ids = queryFields.map((field) => settings[field]!)
  const existing = await lockedQueryIds(tx, ids)
  for (const field of queryFields) {
    if (!existing.has(settings[field]!)) {
      problems.push({ path: field, message: `There is no saved query with id ${settings[field]}.` })
    }
  }

  if (problems.length) throw badRequest('The automatic consent settings cannot be used.', problems)
}

async function lockedQueryIds(tx: Transaction, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set()
  const rows = await tx
    .select({ id: savedQueries.id })
    .from(savedQueries)
    .where(inArray(savedQueries.id, ids))
    .for('key share')
  return new Set(rows.map((row) => row.id))
}
