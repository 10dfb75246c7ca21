/** Reads a definition back from the database, validating it as if it had just been sent. */
import * as v from 'valibot'
import type { SavedQueryRow } from '../../db/schema/index.ts'
import type { QueryCondition } from './definition.ts'
import { queryDefinition } from './definitionSchema.ts'

export function parseStoredDefinition(
  row: Pick<SavedQueryRow, 'id' | 'definition'>,
): QueryCondition {
  const parsed = v.safeParse(queryDefinition, row.definition)
  if (parsed.success) return parsed.output

  throw new Error(`Saved query ${row.id} holds a definition that is no longer valid.`)
}
