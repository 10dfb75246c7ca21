/** Turns a failed request into a sentence for the operator, in the interface language. */
import { ApiError } from './api.ts'
import { t } from './i18n.ts'
import type { MessageKey } from './messages.ts'

const byStatus: Record<number, MessageKey> = {
  0: 'errorOffline',
  400: 'errorInvalid',
  401: 'errorSignedOut',
  403: 'errorForbidden',
  404: 'errorNotFound',
  409: 'errorConflict',
  429: 'errorTooMany',
}

export function errorText(error: unknown): string {
  if (!(error instanceof ApiError)) return t('errorUnknown')

  const summary = t(byStatus[error.status] ?? 'errorUnknown')
  const fields = error.errors.map((field) => `${field.path}: ${field.message}`)
  const detail = [error.detail, ...fields].filter(Boolean).join(' ')
  // The server explains in English; the operator gets the summary in their own language first.
  return detail && error.status !== 0 ? `${summary} (${detail})` : summary
}
