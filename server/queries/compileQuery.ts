/**
 * Compiles a saved-query definition into one SQL condition over `persons`. Field names come
 * from the whitelist in `personFields.ts`, type keys and query ids are looked up beforehand,
 * and every value is a parameter: nothing from a definition is ever written into SQL text.
 *
 * A sub-query (`inQuery`) is compiled recursively into the condition it stands for, which
 * is the same set as `persons.id in (select id from persons where …)` but lets PostgreSQL
 * plan the whole selection at once. Because every compiled condition is true or false and
 * never NULL, `notInQuery` is exactly its negation.
 */
import { type SQL, sql } from 'drizzle-orm'
import { consentConditionSql } from './consentConditionSql.ts'
import {
  consentOperators,
  type ConsentOperator,
  personFlags,
  type PersonFlag,
  type QueryCondition,
} from './definition.ts'
import { donationConditionSql } from './donationConditionSql.ts'
import { QueryDefinitionError } from './errors.ts'
import { fieldConditionSql } from './fieldConditionSql.ts'
import { flagConditionSql } from './flagConditionSql.ts'

export interface StoredDefinition {
  name: string
  definition: QueryCondition
}

export interface CompileContext {
  now: Date
  /** Opt-in type ids by key, inactive types included. */
  typeIds: ReadonlyMap<string, number>
  /** Every saved query the definition may reach, loaded beforehand. */
  savedQueries: ReadonlyMap<number, StoredDefinition>
}

/** Conditions after expanding sub-queries; beyond this PostgreSQL would plan for too long. */
export const maxCompiledConditions = 2_000
/** How deep saved queries may use one another. */
export const maxSubQueryDepth = 10

interface Walk {
  context: CompileContext
  /** The saved queries being compiled, outermost first, to recognise a cycle. */
  within: number[]
  conditions: number
}

/** `queryId` is the saved query this definition belongs to, when it has one. */
export function compileQuery(
  definition: QueryCondition,
  context: CompileContext,
  queryId?: number,
): SQL {
  const walk: Walk = { context, within: queryId === undefined ? [] : [queryId], conditions: 0 }
  return compile(definition, '', walk)
}

function compile(condition: QueryCondition, path: string, walk: Walk): SQL {
  walk.conditions += 1
  if (walk.conditions > maxCompiledConditions) {
    throw new QueryDefinitionError(
      path,
      `With its sub-queries this selection has more than ${maxCompiledConditions} conditions.`,
      true,
    )
  }

  if ('all' in condition) return group(condition.all, 'and', at(path, 'all'), walk)
  if ('any' in condition) return group(condition.any, 'or', at(path, 'any'), walk)
  if ('not' in condition) return sql`not (${compile(condition.not, at(path, 'not'), walk)})`
  if ('field' in condition) return fieldConditionSql(condition, walk.context.now)
  if ('donations' in condition) return donationConditionSql(condition, walk.context.now)
  if ('inQuery' in condition) {
    return sql`(${subQuery(condition.inQuery, at(path, 'inQuery'), walk)})`
  }
  if ('notInQuery' in condition) {
    return sql`not (${subQuery(condition.notInQuery, at(path, 'notInQuery'), walk)})`
  }

  const consent = consentOperators.find((operator) => operator in condition)
  if (consent) return consentSql(condition, consent, at(path, consent), walk)

  const flag = personFlags.find((name) => name in condition) as PersonFlag
  return flagConditionSql(flag, (condition as Record<PersonFlag, boolean>)[flag])
}

function group(items: QueryCondition[], joiner: 'and' | 'or', path: string, walk: Walk): SQL {
  if (items.length === 0) return joiner === 'and' ? sql`true` : sql`false`

  const parts = items.map((item, index) => compile(item, `${path}[${index}]`, walk))
  return sql`(${sql.join(parts, sql.raw(` ${joiner} `))})`
}

function consentSql(
  condition: QueryCondition,
  operator: ConsentOperator,
  path: string,
  walk: Walk,
): SQL {
  const key = (condition as Record<ConsentOperator, string>)[operator]
  const typeId = walk.context.typeIds.get(key)
  if (typeId === undefined) {
    throw new QueryDefinitionError(path, `There is no opt-in type with key "${key}".`)
  }
  return consentConditionSql(operator, typeId)
}

function subQuery(id: number, path: string, walk: Walk): SQL {
  const query = walk.context.savedQueries.get(id)
  if (!query) throw new QueryDefinitionError(path, `There is no saved query with id ${id}.`)
  if (walk.within.includes(id)) {
    const cycle = [...walk.within.slice(walk.within.indexOf(id)), id].map((step) => `#${step}`)
    throw new QueryDefinitionError(
      path,
      `Saved query #${id} would contain itself: ${cycle.join(' → ')}.`,
      true,
    )
  }
  if (walk.within.length >= maxSubQueryDepth) {
    throw new QueryDefinitionError(
      path,
      `Saved queries may use one another at most ${maxSubQueryDepth} deep.`,
      true,
    )
  }

  walk.within.push(id)
  try {
    return compile(query.definition, '', walk)
  } catch (error) {
    throw locatedIn(error, id, query.name, path)
  } finally {
    walk.within.pop()
  }
}

/** Moves an error from inside a sub-query to the place in this definition that names it. */
function locatedIn(error: unknown, id: number, name: string, path: string): unknown {
  if (!(error instanceof QueryDefinitionError)) return error
  if (error.located) return new QueryDefinitionError(path, error.message, true)

  const where = error.path ? ` at ${error.path}` : ''
  return new QueryDefinitionError(
    path,
    `In saved query "${name}" (#${id})${where}: ${error.message}`,
    true,
  )
}

function at(path: string, key: string): string {
  return path ? `${path}.${key}` : key
}
