/** Valibot validation at the HTTP edge: failures become a 400 problem naming each field. */
import { vValidator } from '@hono/valibot-validator'
import type { ValidationTargets } from 'hono'
import * as v from 'valibot'
import { badRequest, type InvalidField } from './problem.ts'

export function validate<Schema extends v.GenericSchema, Target extends keyof ValidationTargets>(
  target: Target,
  schema: Schema,
) {
  return vValidator(target, schema, (result) => {
    if (result.success) return

    const errors = result.issues.map(toInvalidField)
    throw badRequest(`The ${describeTarget(target)} has ${errors.length} invalid field(s).`, errors)
  })
}

function toInvalidField(issue: v.BaseIssue<unknown>): InvalidField {
  return { path: issuePath(issue) || '(root)', message: issue.message }
}

/** Renders valibot's path as `changes[0].labelText`. */
function issuePath(issue: v.BaseIssue<unknown>): string {
  let path = ''
  for (const item of issue.path ?? []) {
    const key = item.key
    path += typeof key === 'number' ? `[${key}]` : path ? `.${String(key)}` : String(key)
  }
  return path
}

function describeTarget(target: keyof ValidationTargets): string {
  if (target === 'json') return 'request body'
  if (target === 'query') return 'query string'
  if (target === 'param') return 'path'
  return target
}
