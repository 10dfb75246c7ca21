/** RFC 9457 problem details: the one error shape of the HTTP API. */
import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** What is wrong with a field, for clients that word it themselves (e.g. in Dutch). */
export type InvalidFieldCode = 'required' | 'unknown-field' | 'too-long' | 'too-short' | 'invalid'

export interface InvalidField {
  /** Where the bad value sits, e.g. `changes[0].labelText`. */
  path: string
  message: string
  code?: InvalidFieldCode
  /** The length the field may not pass, with `too-long` and `too-short`. */
  limit?: number
}

export interface ProblemDetails {
  type: string
  title: string
  status: ContentfulStatusCode
  detail?: string
  errors?: InvalidField[]
}

/** An error that knows the HTTP response it should become. */
export class ProblemError extends Error {
  readonly problem: ProblemDetails

  constructor(problem: ProblemDetails, options?: { cause?: unknown }) {
    super(problem.detail ?? problem.title, options)
    this.name = 'ProblemError'
    this.problem = problem
  }
}

const problemBase = '/problems/'

export function badRequest(detail: string, errors?: InvalidField[]): ProblemError {
  return new ProblemError({
    type: `${problemBase}invalid-request`,
    title: 'The request is not valid',
    status: 400,
    detail,
    ...(errors ? { errors } : {}),
  })
}

export function unauthorized(detail: string, slug = 'unauthorized'): ProblemError {
  return new ProblemError({
    type: `${problemBase}${slug}`,
    title: 'Not signed in or the link is not valid',
    status: 401,
    detail,
  })
}

export function forbidden(detail: string): ProblemError {
  return new ProblemError({
    type: `${problemBase}forbidden`,
    title: 'Not allowed',
    status: 403,
    detail,
  })
}

export function notFound(detail: string): ProblemError {
  return new ProblemError({
    type: `${problemBase}not-found`,
    title: 'Not found',
    status: 404,
    detail,
  })
}

export function conflict(detail: string): ProblemError {
  return new ProblemError({
    type: `${problemBase}conflict`,
    title: 'Conflicts with the current state',
    status: 409,
    detail,
  })
}

export function problemResponse(problem: ProblemDetails): Response {
  const headers = new Headers({ 'content-type': 'application/problem+json' })
  // RFC 9110: a 401 names the scheme the client should use.
  if (problem.status === 401) headers.set('www-authenticate', 'Bearer')

  return new Response(JSON.stringify(problem), { status: problem.status, headers })
}
