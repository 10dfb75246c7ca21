/** Reading a definition's structure without compiling it. */
import type { QueryCondition } from './definition.ts'

/** The ids of the saved queries a definition names directly, each once. */
export function subQueryIds(condition: QueryCondition): number[] {
  const ids = new Set<number>()
  visit(condition, (found) => ids.add(found))
  return [...ids]
}

function visit(condition: QueryCondition, found: (id: number) => void): void {
  if ('all' in condition) return condition.all.forEach((item) => visit(item, found))
  if ('any' in condition) return condition.any.forEach((item) => visit(item, found))
  if ('not' in condition) return visit(condition.not, found)
  if ('inQuery' in condition) return found(condition.inQuery)
  if ('notInQuery' in condition) return found(condition.notInQuery)
}
