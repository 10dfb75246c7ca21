/** Valibot validation at the HTTP edge: failures become a 400 problem naming each field. */
import { vValidator } from '@hono/valibot-validator'
import type { ValidationTargets } from 'hono'
import { createMiddleware } from 'hono/factory'
import * as v from 'valibot'
import { badRequest, type InvalidField, ProblemError } from './problem.ts'

export function validate<Schema extends v.GenericSchema, Target extends keyof ValidationTargets>(
  target: Target,
  schema: Schema,
) {
  const validator = vValidator(target, schema, (result) => {
    if (result.success) {
      const path = pathOfUnstorableText(result.output)
      if (path === null) return
      // PostgreSQL cannot store U+0000 or half a surrogate pair; refuse them here, not later.
      throw badRequest(`The ${describeTarget(target)} contains text that cannot be stored.`, [
        { path: path || '(root)', message: 'Remove NUL characters and unpaired surrogates.' },
      ])
    }

    const errors = result.issues.map(toInvalidField)
    throw badRequest(`The ${describeTarget(target)} has ${errors.length} invalid field(s).`, errors)
  })
  if (target !== 'json') return validator

  // Without a JSON content type Hono would validate an empty object instead of the body.
  return createMiddleware(async (c, next) => {
    if (!/^application\/(?:[\w.+-]+\+)?json\b/i.test(c.req.header('content-type') ?? '')) {
      throw new ProblemError({
        type: '/problems/unsupported-media-type',
        title: 'Send the body as JSON',
        status: 415,
        detail: 'Set "Content-Type: application/json".',
      })
    }
    return validator(c, next)
  }) as typeof validator
}

function toInvalidField(issue: v.BaseIssue<unknown>): InvalidField {
  return {
    path: issuePath(issue) || '(root)',
    message: readableMessage(issue),
    ...codeOf(issue),
  }
}

function codeOf(issue: v.BaseIssue<unknown>): Pick<InvalidField, 'code' | 'limit'> {
  if (issue.kind === 'schema' && issue.expected === 'never') return { code: 'unknown-field' }
  if (issue.received === 'undefined' || issue.type === 'non_empty') return { code: 'required' }
  const limit = (issue as { requirement?: unknown }).requirement
  if (issue.type === 'max_length' && typeof limit === 'number') return { code: 'too-long', limit }
  if (issue.type === 'min_length' && typeof limit === 'number') return { code: 'too-short', limit }
  return { code: 'invalid' }
}

/** Valibot's own wording for unknown and missing fields speaks of keys and `never`. */
function readableMessage(issue: v.BaseIssue<unknown>): string {
  if (issue.kind === 'schema' && issue.expected === 'never') return 'This field is not known here.'
  if (issue.received === 'undefined') return 'This field is required.'
  return issue.message
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

/** Where in a parsed value a string holds U+0000 or a lone surrogate, or null. */
function pathOfUnstorableText(value: unknown, path = ''): string | null {
  if (typeof value === 'string') return isStorable(value) ? null : path
  if (typeof value !== 'object' || value === null) return null

  for (const [key, item] of Object.entries(value)) {
    const itemPath = Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key
    const found = pathOfUnstorableText(item, itemPath)
    if (found !== null) return found
  }
  return null
}

function isStorable(text: string): boolean {
  return (
    !text.includes('\u0000') &&
    !/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text)
  )
}
