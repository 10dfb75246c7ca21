/**
 * Validates a saved-query definition with valibot. Each condition is recognised by its one
 * operator key (`all`, `field`, `optedIn`, `inQuery`, ...) and then checked against the
 * schema of that kind alone, so a mistake is reported at its own path with a message that
 * names what would be accepted there, rather than as "matches none of twenty shapes".
 */
import * as v from 'valibot'
import { calendarDate, idNumber, optInTypeKey } from '../http/schemas.ts'
import {
  consentOperators,
  type DonationCondition,
  type FieldCondition,
  personFlags,
  type QueryCondition,
} from './definition.ts'
import { fieldConditionSchema } from './fieldConditionSchema.ts'
import { withinSizeLimits } from './definitionSize.ts'

const days = v.pipe(
  v.number(),
  v.integer('Use a whole number of days.'),
  v.minValue(0, 'Use 0 or more days.'),
  v.maxValue(36_500, 'Use at most 36500 days.'),
)

const amount = v.pipe(
  v.number(),
  v.integer('Use a whole number.'),
  v.minValue(0, 'Use 0 or more.'),
  v.maxValue(Number.MAX_SAFE_INTEGER, 'This number is too large.'),
)

const range = v.pipe(
  v.strictObject({ atLeast: v.optional(amount), atMost: v.optional(amount) }),
  v.check(
    (bounds) => bounds.atLeast !== undefined || bounds.atMost !== undefined,
    'Give atLeast, atMost or both.',
  ),
  v.check(
    (bounds) => (bounds.atLeast ?? 0) <= (bounds.atMost ?? Number.MAX_SAFE_INTEGER),
    'atLeast must not be more than atMost.',
  ),
)

const donationCondition = v.strictObject({
  donations: v.pipe(
    v.strictObject({
      count: v.optional(range),
      sumCents: v.optional(range),
      withinLastDays: v.optional(days),
      from: v.optional(calendarDate),
      to: v.optional(calendarDate),
    }),
    v.check(
      (test) => (test.count === undefined) !== (test.sumCents === undefined),
      'Give either count or sumCents.',
    ),
    v.check(
      (test) => test.withinLastDays === undefined || (!test.from && !test.to),
      'Give either withinLastDays or from/to as the period, not both.',
    ),
    v.check((test) => !test.from || !test.to || test.from <= test.to, 'from must not be after to.'),
  ),
}) satisfies v.GenericSchema<DonationCondition>

/** The recursive condition; `lazy` picks the schema of the kind the input names. */
export const queryCondition: v.GenericSchema<QueryCondition> = v.lazy((input) =>
  schemaForCondition(input),
)

const conditionKinds: Record<string, v.GenericSchema<QueryCondition>> = {
  all: v.strictObject({
    all: v.pipe(v.array(queryCondition), v.maxLength(100, 'Use at most 100 conditions.')),
  }),
  any: v.strictObject({
    any: v.pipe(
      v.array(queryCondition),
      v.minLength(1, 'Give at least one condition.'),
      v.maxLength(100, 'Use at most 100 conditions.'),
    ),
  }),
  not: v.strictObject({ not: queryCondition }),
  field: fieldConditionSchema as v.GenericSchema<FieldCondition>,
  ...Object.fromEntries(
    consentOperators.map((operator) => [operator, v.strictObject({ [operator]: optInTypeKey })]),
  ),
  ...Object.fromEntries(
    personFlags.map((flag) => [flag, v.strictObject({ [flag]: v.boolean('Use true or false.') })]),
  ),
  donations: donationCondition,
  inQuery: v.strictObject({ inQuery: idNumber }),
  notInQuery: v.strictObject({ notInQuery: idNumber }),
}

const kindNames = Object.keys(conditionKinds)

function schemaForCondition(input: unknown): v.GenericSchema<QueryCondition> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return refuse('Use an object such as { "field": "city", "equals": "Utrecht" }.')
  }

  const kinds = Object.keys(input).filter((key) => Object.hasOwn(conditionKinds, key))
  if (kinds.length !== 1) {
    const found = kinds.length ? ` (found ${kinds.join(' and ')})` : ''
    return refuse(`Use exactly one kind of condition${found}: one of ${kindNames.join(', ')}.`)
  }
  return conditionKinds[kinds[0]!]!
}

function refuse(message: string): v.GenericSchema<never> {
  return v.custom<never>(() => false, message)
}

/** A whole definition: one condition, within the size limits. */
export const queryDefinition = v.pipe(v.unknown(), withinSizeLimits, queryCondition)
