/**
 * Size limits of a definition, checked on the raw JSON before the recursive schema runs,
 * so a deeply nested body is refused with a message instead of exhausting the stack.
 */
import * as v from 'valibot'

export const maxNesting = 24
export const maxValues = 2_000

export const withinSizeLimits = v.check<unknown, string>(
  (input) => measure(input) !== null,
  `Nest at most ${maxNesting} levels deep and use at most ${maxValues} values in all.`,
)

/** The number of values in a JSON value, or null when it is too deep or too large. */
function measure(root: unknown): number | null {
  const pending: { value: unknown; depth: number }[] = [{ value: root, depth: 0 }]
  let count = 0

  while (pending.length) {
    const { value, depth } = pending.pop()!
    count += 1
    if (depth > maxNesting || count > maxValues) return null
    if (typeof value !== 'object' || value === null) continue

    for (const item of Object.values(value)) pending.push({ value: item, depth: depth + 1 })
  }
  return count
}
