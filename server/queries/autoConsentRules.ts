/**
 * The automatic-consent rules of the soft types (SPEC §3): which saved query gives which
 * type a soft opt-out or opt-in. Opt-outs come first, so a person in both queries of a type
 * gets the opt-out: when in doubt, no consent.
 */
import { and, asc, eq, isNotNull, or } from 'drizzle-orm'
import type { Executor } from '../../db/client.ts'
import { optInTypes, savedQueries } from '../../db/schema/index.ts'

export interface AutoConsentRule {
  optInTypeId: number
  typeKey: string
  optIn: boolean
  queryId: number
  queryName: string
}

export async function autoConsentRules(db: Executor): Promise<AutoConsentRule[]> {
  const types = await db
    .select()
    .from(optInTypes)
    .where(
      and(
        eq(optInTypes.active, true),
        eq(optInTypes.kind, 'soft'),
        or(isNotNull(optInTypes.autoOptInQueryId), isNotNull(optInTypes.autoOptOutQueryId)),
      ),
    )
    .orderBy(asc(optInTypes.id))
  const names = new Map(
    (await db.select({ id: savedQueries.id, name: savedQueries.name }).from(savedQueries)).map(
      (query) => [query.id, query.name],
    ),
  )

  const rule = (type: (typeof types)[number], optIn: boolean, queryId: number | null) =>
    queryId === null
      ? []
      : [
          {
            optInTypeId: type.id,
            typeKey: type.key,
            optIn,
            queryId,
            queryName: names.get(queryId) ?? '',
          },
        ]
  return [
    ...types.flatMap((type) => rule(type, false, type.autoOptOutQueryId)),
    ...types.flatMap((type) => rule(type, true, type.autoOptInQueryId)),
  ]
}

/** The ledger text of an automatic record: it names the query, as it was called then. */
export function autoConsentDescription(rule: AutoConsentRule): string {
  const what = rule.optIn ? 'opt-in' : 'opt-out'
  return `Automatische ${what} via zoekvraag "${rule.queryName}" (#${rule.queryId})`
}
