/**
 * Turns a failed request into the console's own words, in the interface language. The API
 * explains in English; that explanation is shown only to operators who read English.
 */
import { html, nothing } from 'lit'
import { ApiError, type InvalidField } from './api.ts'
import { language, t, tCount } from './i18n.ts'
import type { MessageKey } from './messages.ts'

const byProblemType: Record<string, MessageKey> = {
  'invalid-credentials': 'signInRefused',
  'session-ended': 'errorSessionEnded',
  forbidden: 'errorForbidden',
  'not-found': 'errorNotFound',
  conflict: 'errorConflict',
  'too-many-requests': 'errorTooMany',
}

const byStatus: Record<number, MessageKey> = {
  0: 'errorOffline',
  400: 'errorInvalid',
  401: 'errorSignedOut',
  403: 'errorForbidden',
  404: 'errorNotFound',
  409: 'errorConflict',
  429: 'errorTooMany',
}

/** The last part of a problem type: `/problems/forbidden` → `forbidden`. */
function problemSlug(error: ApiError): string {
  return error.type.replace(/^.*\/problems\//, '')
}

/** The console's sentence for a failure, never mixed with the server's English. */
export function errorText(error: unknown): string {
  if (!(error instanceof ApiError)) return t('errorUnknown')

  const slug = problemSlug(error)
  if (slug === 'too-many-requests' || error.status === 429) {
    if (error.retryAfter === null) return t('errorTooMany')
    return tCount('errorTooManyWait', Math.max(1, Math.ceil(error.retryAfter / 60)))
  }
  if (slug === 'invalid-request' && error.errors.length > 0) return t('errorInvalidFields')
  return t(byProblemType[slug] ?? byStatus[error.status] ?? 'errorUnknown')
}

/**
 * The failure for display: the console's sentence, and in English the server's own detail as
 * a second line when the console has no words of its own for it. Fields that the form shows
 * beside their inputs (`shownFields`) are not listed again.
 */
export function problemView(error: unknown, shownFields: readonly string[] = []) {
  if (!error) return nothing
  // A problem type the console words itself needs no second sentence saying the same.
  const english =
    language() === 'en' && error instanceof ApiError && !(problemSlug(error) in byProblemType)
  const otherFields =
    error instanceof ApiError
      ? error.errors.filter((field) => !shownFields.includes(field.path))
      : []

  return html`${errorText(error)}
  ${
    english && error.detail
      ? html`<span class="problem-detail muted" lang="en">${error.detail}</span>`
      : nothing
  }
  ${otherFields.map(
    (field) => html`<span class="problem-detail">${field.path}: ${fieldMessage(field)}</span>`,
  )}`
}

/** The problem with one form field in the console's words, or '' when it has none. */
export function fieldProblem(error: unknown, path: string): string {
  if (!(error instanceof ApiError)) return ''
  const field = error.errors.find((candidate) => candidate.path === path)
  return field ? fieldMessage(field) : ''
}

/**
 * The API words field problems in English only and names each with a code: the console words
 * the codes it knows in the operator's language, and shows English operators the rest as sent.
 */
function fieldMessage(field: InvalidField): string {
  if (field.code === 'required') return t('fieldRequired')
  if (field.code === 'too-long' && field.limit !== undefined) {
    return t('fieldTooLong', { max: String(field.limit) })
  }
  return language() === 'en' ? field.message : t('fieldInvalid')
}
