/** Domain errors of saved queries, each quoting what was wrong. */

/**
 * A definition that is valid JSON but cannot be compiled: an unknown opt-in type or saved
 * query, a cycle, or too much work. `path` points into the definition, e.g. `all[1].inQuery`.
 */
export class QueryDefinitionError extends Error {
  override name = 'QueryDefinitionError'

  constructor(
    readonly path: string,
    message: string,
    /** True once the message says which nested saved query it is about. */
    readonly located = false,
  ) {
    super(message)
  }
}

export class SavedQueryNotFoundError extends Error {
  override name = 'SavedQueryNotFoundError'

  constructor(readonly queryId: number) {
    super(`There is no saved query with id ${queryId}.`)
  }
}

export class SavedQueryInUseError extends Error {
  override name = 'SavedQueryInUseError'

  constructor(
    readonly queryId: number,
    readonly users: { types: string[]; queries: { id: number; name: string }[] },
  ) {
    const names = [
      ...users.types.map((key) => `opt-in type "${key}"`),
      ...users.queries.map((query) => `saved query "${query.name}" (#${query.id})`),
    ]
    super(`Saved query ${queryId} is used by ${names.join(', ') || 'another record'}.`)
  }
}

export class SavedQueryNameTakenError extends Error {
  override name = 'SavedQueryNameTakenError'

  constructor(readonly queryName: string) {
    super(`A saved query named "${queryName}" already exists.`)
  }
}
