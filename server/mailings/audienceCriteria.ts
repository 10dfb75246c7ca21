/**
 * The audience of a mailing (SPEC §8): people with an effective opt-in for the mailing's type
 * AND mailable, plus optional further conditions. The two required criteria must be stated,
 * so that nobody sends a newsletter to a selection that forgot them.
 */
import { and, eq, gte, type SQL, sql } from 'drizzle-orm'
import * as v from 'valibot'
import { consentStates, persons } from '../../db/schema/index.ts'
import { optInTypeKey } from '../http/schemas.ts'
import { mailableSql } from '../persons/mailable.ts'

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
])

export const audienceCriteriaSchema = v.strictObject({
  optIn: optInTypeKey,
  mailable: v.literal(true, 'A mailing audience must require mailable: true.'),
  conditions: v.optional(v.pipe(v.array(condition), v.maxLength(20)), []),
})

export type AudienceCriteria = v.InferOutput<typeof audienceCriteriaSchema>
export type AudienceCondition = AudienceCriteria['conditions'][number]

/** Turns criteria into a WHERE clause over `persons`; type keys are resolved to ids first. */
export function audienceWhere(
  criteria: { optInTypeId: number; conditions: AudienceCondition[] },
  typeIdOf: (key: string) => number,
  now: Date,
): SQL {
  return and(
    hasEffectiveOptIn(criteria.optInTypeId),
    mailableSql,
    ...criteria.conditions.map((condition) => conditionSql(condition, typeIdOf, now)),
  )!
}

function hasEffectiveOptIn(optInTypeId: number): SQL {
  return sql`exists (
    select 1 from ${consentStates}
    where ${consentStates.personId} = ${persons.id}
      and ${consentStates.optInTypeId} = ${optInTypeId}
      and ${consentStates.optIn}
  )`
}

function conditionSql(
  condition: AudienceCondition,
  typeIdOf: (key: string) => number,
  now: Date,
): SQL {
  if ('field' in condition) return eq(persons[condition.field], condition.equals)
  if ('createdWithinDays' in condition) {
    return gte(
      persons.createdAt,
      new Date(now.getTime() - condition.createdWithinDays * 86_400_000),
    )
  }
  if ('alsoOptedIn' in condition) return hasEffectiveOptIn(typeIdOf(condition.alsoOptedIn))
  return sql`not ${hasEffectiveOptIn(typeIdOf(condition.notOptedIn))}`
}
