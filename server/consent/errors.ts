/** Domain errors of consent recording, each quoting the value that was wrong. */
export class UnknownOptInTypeError extends Error {
  override name = 'UnknownOptInTypeError'

  constructor(readonly key: string) {
    super(`There is no active opt-in type with key "${key}".`)
  }
}

export class PersonNotFoundError extends Error {
  override name = 'PersonNotFoundError'

  constructor(readonly personId: number) {
    super(`There is no person with id ${personId}.`)
  }
}

export class ContactMomentMismatchError extends Error {
  override name = 'ContactMomentMismatchError'

  constructor(
    readonly contactMomentId: number,
    readonly personId: number,
  ) {
    super(`Contact moment ${contactMomentId} does not belong to person ${personId}.`)
  }
}

export class PersonAnonymisedError extends Error {
  override name = 'PersonAnonymisedError'

  constructor(readonly personId: number) {
    super(`Person ${personId} is anonymised; nothing can be recorded for them any more.`)
  }
}
