/** Maps the errors of saved queries to the problem each should be answered with. */
import type { ErrorHandler } from 'hono'
import type { AppEnv } from '../http/appEnv.ts'
import { handleError } from '../http/errorHandler.ts'
import {
  badRequest,
  conflict,
  notFound,
  type ProblemError,
  problemResponse,
} from '../http/problem.ts'
import {
  QueryDefinitionError,
  SavedQueryInUseError,
  SavedQueryNameTakenError,
  SavedQueryNotFoundError,
} from './errors.ts'

/** `at` is where the definition sits in the request, e.g. `definition`. */
export function problemForQueryError(error: unknown, at = 'definition'): ProblemError | null {
  if (error instanceof QueryDefinitionError) {
    return badRequest(`The selection cannot be used: ${error.message}`, [
      { path: error.path ? `${at}.${error.path}` : at, message: error.message },
    ])
  }
  if (error instanceof SavedQueryNotFoundError) return notFound(error.message)
  if (error instanceof SavedQueryInUseError) return conflict(error.message)
  if (error instanceof SavedQueryNameTakenError) return conflict(error.message)
  return null
}

export const handleQueryError: ErrorHandler<AppEnv> = (error, c) => {
  const problem = problemForQueryError(error)
  return problem ? problemResponse(problem.problem) : handleError(error, c)
}
