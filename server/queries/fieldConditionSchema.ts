/**
 * Validates a condition on a person field: a known field, exactly one test, and a value of
 * the kind the field holds (text, whole number, or a YYYY-MM-DD date).
 */
import * as v from 'valibot'
import { calendarDate } from '../http/schemas.ts'
import { fieldOperators, type FieldOperator } from './definition.ts'
import { type FieldKind, personField, personFieldNames } from './personFields.ts'

const text = v.pipe(v.string(), v.maxLength(200, 'Use at most 200 characters.'))
const someText = v.pipe(text, v.minLength(1, 'Give some text to look for.'))
const wholeNumber = v.pipe(
  v.number(),
  v.integer('Use a whole number.'),
  v.minValue(-Number.MAX_SAFE_INTEGER, 'This number is too small.'),
  v.maxValue(Number.MAX_SAFE_INTEGER, 'This number is too large.'),
)
const days = v.pipe(
  v.number(),
  v.integer('Use a whole number of days.'),
  v.minValue(0, 'Use 0 or more days.'),
  v.maxValue(36_500, 'Use at most 36500 days.'),
)
const flag = v.boolean('Use true or false.')

type ValueSchema = v.GenericSchema<string | number | boolean>

const comparisons = (value: ValueSchema) => ({
  lessThan: value,
  atMost: value,
  greaterThan: value,
  atLeast: value,
})

const dateTests = {
  equals: calendarDate,
  empty: flag,
  ...comparisons(calendarDate),
  withinLastDays: days,
  moreThanDaysAgo: days,
}

/** Which tests apply to which kind of field, with the value each takes. */
const testsByKind: Record<FieldKind, Partial<Record<FieldOperator, ValueSchema>>> = {
  text: { equals: text, contains: someText, empty: flag, ...comparisons(text) },
  number: { equals: wholeNumber, ...comparisons(wholeNumber) },
  date: dateTests,
  timestamp: dateTests,
}

export const fieldConditionSchema = v.lazy((input) => schemaFor(input as Record<string, unknown>))

function schemaFor(input: Record<string, unknown>): v.GenericSchema {
  const name = input.field
  const field = typeof name === 'string' ? personField(name) : null
  if (!field) {
    return v.object({
      field: v.picklist(personFieldNames, `Use one of the fields ${personFieldNames.join(', ')}.`),
    })
  }

  const allowed = testsByKind[field.kind]
  const allowedNames = Object.keys(allowed).join(', ')
  const tests = Object.keys(input).filter((key) => key !== 'field')
  if (tests.length !== 1) {
    return v.custom(() => false, `Give "${name}" exactly one test: one of ${allowedNames}.`)
  }

  const test = tests[0]!
  const value = Object.hasOwn(allowed, test) ? allowed[test as FieldOperator] : undefined
  if (!value) {
    const known = (fieldOperators as readonly string[]).includes(test)
    const message = known
      ? `"${test}" does not apply to the ${field.kind} field "${name}"; use ${allowedNames}.`
      : `"${test}" is not a test; use ${allowedNames}.`
    return v.object({ [test]: v.custom(() => false, message) })
  }
  return v.strictObject({ field: v.literal(name as string), [test]: value })
}
