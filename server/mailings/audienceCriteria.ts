/**
 * The audience of a mailing (SPEC §8): people with an effective opt-in for the mailing's type
 * AND mailable, plus optional further conditions, among them saved queries. The two required
 * criteria must be stated, so that nobody sends a newsletter to a selection that forgot them.
 */
import { and, eq, gt, gte, type SQL, sql } from 'drizzle-orm'
import * as v from 'valibot'
import type { Executor } from '../../db/client.ts'
import { consentStates, persons } from '../../db/schema/index.ts'
import { idNumber, optInTypeKey } from '../http/schemas.ts'
import { badRequest } from '../http/problem.ts'
import { mailableSql } from '../persons/mailable.ts'
import { problemForQueryError } from '../queries/queryProblems.ts'
import { SavedQueryNotFoundError } from '../queries/errors.ts'
import { savedQueryWhere } from '../queries/selection.ts'

const personTextFields = ['language', 'city', 'country', 'postalCode'] as const

const condition = v.union([
  v.strictObject({
    field: v.picklist(personTextFields),
    equals: v.pipe(v.string(), v.maxLength(200)),
  }),
  v.strictObject({
    createdWithinDays: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(36_500)),
  }),
  v.strictObject({ alsoOptedIn: optInTypeKey }),
  v.strictObject({ notOptedIn: optInTypeKey }),
  v.strictObject({ inQuery: idNumber }),
  v.strictObject({ notInQuery: idNumber }),
])

export const audienceCriteriaSchema = v.strictObject({
  optIn: optInTypeKey,
  mailable: v.literal(true, 'A mailing audience must require mailable: true.'),
  conditions: v.optional(v.pipe(v.array(condition), v.maxLength(20)), []),
})

export type AudienceCriteria = v.InferOutput<typeof audienceCriteriaSchema>
export type AudienceCondition = AudienceCriteria['conditions'][number]

/** The compiled condition of each saved query the audience names, by id. */
export type SavedQueryConditions = (queryId: number) => SQL

/**
 * Turns criteria into a WHERE clause over `persons`; type keys are resolved to ids first,
 * and saved queries compiled first with `savedQueryConditions`.
 */
export function audienceWhere(
  criteria: { optInTypeId: number; conditions: AudienceCondition[] },
  typeIdOf: (key: string) => number,
  now: Date,
  savedQueries: SavedQueryConditions = noSavedQueries,
  afterPersonId = 0,
): SQL {
  return and(
    gt(persons.id, afterPersonId),
    hasEffectiveOptIn(criteria.optInTypeId, afterPersonId),
    mailableSql,
    ...criteria.conditions.map((condition) => conditionSql(condition, typeIdOf, now, savedQueries)),
  )!
}

/**
 * Compiles the saved queries the conditions name, at `now`; an unknown one, or one that
 * can no longer be compiled, is refused at `criteria.conditions[i]`.
 */
export async function savedQueryConditions(
  db: Executor,
  conditions: AudienceCondition[],
  now: Date,
  visibleTypeIds?: ReadonlySet<number>,
): Promise<SavedQueryConditions> {
  const compiled = new Map<number, SQL>()

  for (const [index, condition] of conditions.entries()) {
    const id = savedQueryIdOf(condition)
    if (id === null || compiled.has(id)) continue

    const path = `criteria.conditions[${index}]`
    try {
      compiled.set(id, await savedQueryWhere(db, id, now, visibleTypeIds))
    } catch (error) {
      if (error instanceof SavedQueryNotFoundError) {
        throw badRequest('The audience names an unknown saved query.', [
          { path, message: error.message },
        ])
      }
      throw problemForQueryError(error, path) ?? error
    }
  }
  return (id) => compiled.get(id) ?? noSavedQueries(id)
}

function savedQueryIdOf(condition: AudienceCondition): number | null {
  if ('inQuery' in condition) return condition.inQuery
  if ('notInQuery' in condition) return condition.notInQuery
  return null
}

const noSavedQueries: SavedQueryConditions = (id) => {
  throw new Error(`Saved query ${id} was not compiled before selecting the audience.`)
}

/**
 * `afterPersonId` repeats the batch's lower bound inside the subquery: PostgreSQL does not
 * carry `persons.id > n` over to `person_id`, and without it every batch of an audience would
 * walk the type's opted-in persons from the first one again.
 */
function hasEffectiveOptIn(optInTypeId: number, afterPersonId = 0): SQL {
  return sql`exists (
    select 1 from ${consentStates}
    where ${consentStates.personId} = ${persons.id}
      and ${consentStates.optInTypeId} = ${optInTypeId}
      and ${consentStates.optIn}
      and ${consentStates.personId} > ${afterPersonId}
  )`
}

function conditionSql(
  condition: AudienceCondition,
  typeIdOf: (key: string) => number,
  now: Date,
  savedQueries: SavedQueryConditions,
): SQL {
  if ('field' in condition) return eq(persons[condition.field], condition.equals)
  if ('createdWithinDays' in condition) {
    return gte(
      persons.createdAt,
      new Date(now.getTime() - condition.createdWithinDays * 86_400_000),
    )
  }
  if ('alsoOptedIn' in condition) return hasEffectiveOptIn(typeIdOf(condition.alsoOptedIn))
  if ('notOptedIn' in condition) {
    return sql`not ${hasEffectiveOptIn(typeIdOf(condition.notOptedIn))}`
  }
  // A compiled saved query is true or false for every person, never NULL.
  if ('inQuery' in condition) return sql`(${savedQueries(condition.inQuery)})`
  return sql`not (${savedQueries(condition.notInQuery)})`
}
