/**
 * Checks a value against the parts of JSON Schema the product's own schemas use: type,
 * enum, const, required, properties, additionalProperties: false, items and the date formats.
 */
type Schema = Record<string, unknown>

/** Every place where the value breaks the schema, as "path: problem"; empty when it fits. */
export function schemaViolations(schema: Schema, value: unknown, path = '$'): string[] {
  const typeProblem = wrongType(schema, value)
  if (typeProblem) return [`${path}: ${typeProblem}`]

  return [
    ...valueProblems(schema, value).map((problem) => `${path}: ${problem}`),
    ...objectViolations(schema, value, path),
    ...arrayViolations(schema, value, path),
  ]
}

function wrongType(schema: Schema, value: unknown): string | null {
  if (schema.type === undefined) return null
  const allowed = [schema.type].flat() as string[]
  const actual = jsonType(value)
  const fits = allowed.includes(actual) || (actual === 'integer' && allowed.includes('number'))

  return fits ? null : `expected ${allowed.join(' or ')}, found ${actual}`
}

function jsonType(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}

const formats: Record<string, RegExp> = {
  date: /^\d{4}-\d{2}-\d{2}$/,
  'date-time': /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
}

function valueProblems(schema: Schema, value: unknown): string[] {
  const problems: string[] = []
  if (Array.isArray(schema.enum) && !schema.enum.includes(value)) {
    problems.push(`${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`)
  }
  if ('const' in schema && schema.const !== value) {
    problems.push(`expected ${JSON.stringify(schema.const)}`)
  }
  const format = typeof schema.format === 'string' ? formats[schema.format] : undefined
  if (format && typeof value === 'string' && !format.test(value)) {
    problems.push(`${JSON.stringify(value)} is not a ${String(schema.format)}`)
  }
  return problems
}

function objectViolations(schema: Schema, value: unknown, path: string): string[] {
  if (jsonType(value) !== 'object') return []
  const object = value as Record<string, unknown>
  const properties = (schema.properties ?? {}) as Record<string, Schema>

  const missing = ((schema.required ?? []) as string[])
    .filter((key) => !(key in object))
    .map((key) => `${path}: misses required field "${key}"`)
  const unknown =
    schema.additionalProperties === false
      ? Object.keys(object)
          .filter((key) => !(key in properties))
          .map((key) => `${path}: has field "${key}" that the schema does not allow`)
      : []
  const nested = Object.entries(properties)
    .filter(([key]) => key in object)
    .flatMap(([key, property]) => schemaViolations(property, object[key], `${path}.${key}`))

  return [...missing, ...unknown, ...nested]
}

function arrayViolations(schema: Schema, value: unknown, path: string): string[] {
  if (!Array.isArray(value) || !schema.items) return []
  const items = schema.items as Schema

  return value.flatMap((item, index) => schemaViolations(items, item, `${path}[${index}]`))
}
