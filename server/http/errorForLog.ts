/**
 * What of an unexpected error may be logged. Messages are left out on purpose: a database
 * error quotes the statement's parameters, which hold names, addresses and bank numbers.
 */
export function errorForLog(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { type: typeof error }

  const cause = error.cause as
    { code?: unknown; constraint_name?: unknown; constraint?: unknown } | undefined
  return {
    name: error.name,
    ...(cause?.code ? { databaseCode: cause.code } : {}),
    ...(cause?.constraint_name || cause?.constraint
      ? { constraint: cause.constraint_name ?? cause.constraint }
      : {}),
    // Only the frames: the message, which may span lines (a query's params), stays out.
    stack: error.stack
      ?.split('\n')
      .map((line) => line.trim())
      .filter((line) => line.startsWith('at '))
      .slice(0, 8),
  }
}

/** The PostgreSQL error code behind a failed query, e.g. 23505 for a unique violation. */
export function databaseErrorCode(error: unknown): string | null {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause
  return typeof cause?.code === 'string' ? cause.code : null
}
