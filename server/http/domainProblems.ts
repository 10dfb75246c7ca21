/** Maps the domain's named errors to the problem each should be answered with. */
import {
  ContactMomentMismatchError,
  PersonAnonymisedError,
  PersonNotFoundError,
  UnknownOptInTypeError,
} from '../consent/errors.ts'
import { MailingNotFoundError } from '../mailings/repository.ts'
import { PersonAlreadyAnonymisedError } from '../privacy/anonymise.ts'
import { badRequest, conflict, notFound, type ProblemError } from './problem.ts'

export function problemForDomainError(error: unknown): ProblemError | null {
  if (error instanceof PersonNotFoundError) return notFound(error.message)
  if (error instanceof MailingNotFoundError) return notFound(error.message)
  if (error instanceof PersonAnonymisedError) return conflict(error.message)
  if (error instanceof PersonAlreadyAnonymisedError) return conflict(error.message)

  if (error instanceof UnknownOptInTypeError) {
    return badRequest('The request names an opt-in type that does not exist.', [
      { path: 'type', message: error.message },
    ])
  }

  if (error instanceof ContactMomentMismatchError) {
    return badRequest('The contact moment is not one of this person.', [
      { path: 'contactMomentId', message: error.message },
    ])
  }

  return null
}
