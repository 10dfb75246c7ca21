/**
 * The saved-query language (SPEC §8): a JSON condition over persons, which may group other
 * conditions and name other saved queries. `definitionSchema.ts` validates it and
 * `compileQuery.ts` turns it into parameterised SQL.
 */
import type { PersonFieldName } from './personFields.ts'

export type QueryCondition =
  | { all: QueryCondition[] }
  | { any: QueryCondition[] }
  | { not: QueryCondition }
  | FieldCondition
  | ConsentCondition
  | FlagCondition
  | DonationCondition
  | SubQueryCondition

/** One test on one person field, e.g. `{ "field": "city", "equals": "Utrecht" }`. */
export type FieldCondition = { field: PersonFieldName } & FieldTest

export type FieldTest =
  | { equals: string | number }
  | { contains: string }
  | { empty: boolean }
  | { lessThan: string | number }
  | { atMost: string | number }
  | { greaterThan: string | number }
  | { atLeast: string | number }
  | { withinLastDays: number }
  | { moreThanDaysAgo: number }

export const fieldOperators = [
  'equals',
  'contains',
  'empty',
  'lessThan',
  'atMost',
  'greaterThan',
  'atLeast',
  'withinLastDays',
  'moreThanDaysAgo',
] as const
export type FieldOperator = (typeof fieldOperators)[number]

/** Effective consent for an opt-in type, named by its key (SPEC §2). */
export type ConsentCondition =
  { optedIn: string } | { optedOut: string } | { noRecord: string } | { anyRecord: string }

export const consentOperators = ['optedIn', 'optedOut', 'noRecord', 'anyRecord'] as const
export type ConsentOperator = (typeof consentOperators)[number]

export type FlagCondition =
  { mailable: boolean } | { deceased: boolean } | { bouncer: boolean } | { anonymised: boolean }

export const personFlags = ['mailable', 'deceased', 'bouncer', 'anonymised'] as const
export type PersonFlag = (typeof personFlags)[number]

/** Bounds on a number; at least one is given, both are inclusive. */
export interface Range {
  atLeast?: number
  atMost?: number
}

/**
 * The number or the total amount (in cents) of a person's donations, in all time, in the
 * last N days, or between two dates (both inclusive).
 */
export interface DonationCondition {
  donations: {
    count?: Range
    sumCents?: Range
    withinLastDays?: number
    from?: string
    to?: string
  }
}

/** Everyone in (or not in) another saved query, named by its id. */
export type SubQueryCondition = { inQuery: number } | { notInQuery: number }
