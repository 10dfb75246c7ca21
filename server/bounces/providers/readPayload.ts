/** Reads a provider's webhook body against its valibot schema, or says what is wrong with it. */
import * as v from 'valibot'
import { WebhookPayloadError } from './provider.ts'

const listedProblems = 5

/** Parses `text` as JSON and checks it; `source` names the body in errors ("SendGrid batch"). */
export function readJsonPayload<Schema extends v.GenericSchema>(
  text: string,
  schema: Schema,
  source: string,
): v.InferOutput<Schema> {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    // The parser's own message quotes the body, which may hold personal data.
    throw new WebhookPayloadError(`The ${source} is not valid JSON.`)
  }

  return checkPayload(value, schema, source)
}

export function checkPayload<Schema extends v.GenericSchema>(
  value: unknown,
  schema: Schema,
  source: string,
): v.InferOutput<Schema> {
  const result = v.safeParse(schema, value)
  if (result.success) return result.output

  const problems = result.issues.slice(0, listedProblems).map(describeIssue)
  const more = result.issues.length - listedProblems
  const rest = more > 0 ? ` (and ${more} more)` : ''
  throw new WebhookPayloadError(`The ${source} is not valid: ${problems.join('; ')}${rest}.`)
}

/** Names the field and what it should be, without quoting the value received. */
function describeIssue(issue: v.BaseIssue<unknown>): string {
  const path = issuePath(issue) || 'the body'
  if (issue.received === 'undefined') return `${path} is missing`
  if (issue.kind === 'validation') return `${path} ${issue.message}`
  return `${path} should be ${(issue.expected ?? 'something else').replace(/^\((.*)\)$/, '$1')}`
}

/** Renders valibot's path as `[3].bounce.bouncedRecipients[0].emailAddress`. */
function issuePath(issue: v.BaseIssue<unknown>): string {
  let path = ''
  for (const item of issue.path ?? []) {
    const key = item.key
    path += typeof key === 'number' ? `[${key}]` : path ? `.${String(key)}` : String(key)
  }
  return path
}
