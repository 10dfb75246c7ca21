/**
 * SQL for a condition on a person field. Every result is true or false, never NULL: a
 * person without a city is simply not "in Utrecht", so `not` and "not in query" include
 * them, as an operator expects. Values always travel as parameters.
 */
import { and, eq, gte, isNotNull, isNull, lt, lte, gt, ne, or, type SQL, sql } from 'drizzle-orm'
import type { PgColumn } from 'drizzle-orm/pg-core'
import type { FieldCondition, FieldOperator } from './definition.ts'
import { personFields } from './personFields.ts'
import { dateDaysBefore, nextDay, startOfDay, timeDaysBefore } from './relativeDates.ts'

type Value = string | number | boolean

export function fieldConditionSql(condition: FieldCondition, now: Date): SQL {
  const { column, kind } = personFields[condition.field]
  const [operator, value] = testOf(condition)

  if (operator === 'empty') return emptySql(column, kind === 'text', value === true)

  const test =
    kind === 'timestamp'
      ? timestampTest(column, operator, value, now)
      : kind === 'date'
        ? dateTest(column, operator, value, now)
        : valueTest(column, operator, value, kind === 'text')
  // `x is not null and <test>` is false, not NULL, when x is NULL.
  return column.notNull ? test : and(isNotNull(column), test)!
}

function testOf(condition: FieldCondition): [FieldOperator, Value] {
  const entry = Object.entries(condition).find(([key]) => key !== 'field')
  if (!entry) throw new Error(`The condition on "${condition.field}" has no test.`)
  return entry as [FieldOperator, Value]
}

function emptySql(column: PgColumn, isText: boolean, empty: boolean): SQL {
  if (!isText) return empty ? isNull(column) : isNotNull(column)
  return empty ? or(isNull(column), eq(column, ''))! : and(isNotNull(column), ne(column, ''))!
}

/** Text compares without regard to case, so "utrecht" finds "Utrecht". */
function valueTest(column: PgColumn, operator: FieldOperator, value: Value, isText: boolean) {
  if (operator === 'equals') {
    return isText ? sql`lower(${column}) = lower(${value})` : eq(column, value)
  }
  if (operator === 'contains') return sql`strpos(lower(${column}), lower(${value})) > 0`
  return compare(column, operator, value)
}

function dateTest(column: PgColumn, operator: FieldOperator, value: Value, now: Date) {
  if (operator === 'withinLastDays') return gte(column, dateDaysBefore(now, Number(value)))
  if (operator === 'moreThanDaysAgo') return lt(column, dateDaysBefore(now, Number(value)))
  if (operator === 'equals') return eq(column, value)
  return compare(column, operator, value)
}

/** A calendar date on a moment in time means that whole day (UTC), so bounds move to midnight. */
function timestampTest(column: PgColumn, operator: FieldOperator, value: Value, now: Date) {
  if (operator === 'withinLastDays') return gte(column, timeDaysBefore(now, Number(value)))
  if (operator === 'moreThanDaysAgo') return lt(column, timeDaysBefore(now, Number(value)))

  const day = String(value)
  if (operator === 'equals') return and(gte(column, startOfDay(day)), lt(column, nextDay(day)))!
  if (operator === 'lessThan') return lt(column, startOfDay(day))
  if (operator === 'atMost') return lt(column, nextDay(day))
  if (operator === 'greaterThan') return gte(column, nextDay(day))
  return gte(column, startOfDay(day))
}

function compare(column: PgColumn, operator: FieldOperator, value: Value): SQL {
  if (operator === 'lessThan') return lt(column, value)
  if (operator === 'atMost') return lte(column, value)
  if (operator === 'greaterThan') return gt(column, value)
  if (operator === 'atLeast') return gte(column, value)
  throw new Error(`"${operator}" is not a comparison.`)
}
