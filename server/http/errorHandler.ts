/** Turns every thrown error into problem JSON; unexpected ones are logged, never echoed. */
import type { ErrorHandler, NotFoundHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { AppEnv } from './appEnv.ts'
import { problemForDomainError } from './domainProblems.ts'
import { errorForLog, databaseErrorCode } from './errorForLog.ts'
import { conflict, notFound, ProblemError, problemResponse } from './problem.ts'

const uniqueViolation = '23505'

export const handleError: ErrorHandler<AppEnv> = (error, c) => {
  if (error instanceof ProblemError) return problemResponse(error.problem)

  const domainProblem = problemForDomainError(error)
  if (domainProblem) return problemResponse(domainProblem.problem)

  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode
    return problemResponse({
      type: status === 400 ? '/problems/malformed-body' : 'about:blank',
      title: error.message || 'Request failed',
      status,
      ...(status === 400 ? { detail: 'The body is not valid JSON.' } : {}),
    })
  }

  if (databaseErrorCode(error) === uniqueViolation) {
    return problemResponse(
      conflict('Something with the same unique value was created at the same moment.').problem,
    )
  }

  c.var.logger.error({ error: errorForLog(error) }, 'unexpected error')
  return problemResponse({
    type: 'about:blank',
    title: 'Internal Server Error',
    status: 500,
    detail: `Something went wrong on our side; quote request id ${c.var.requestId} when reporting it.`,
  })
}

export const handleNotFound: NotFoundHandler<AppEnv> = (c) =>
  problemResponse(notFound(`Nothing is served at ${c.req.method} ${c.req.path}.`).problem)
