/**
 * The operator API as the console uses it: signed in by the session cookie, every unsafe
 * request marked with `X-SMP-Console: 1`, and every failure an `ApiError` carrying the
 * server's problem document (RFC 9457).
 */

export type Role = 'viewer' | 'editor' | 'admin'

export interface Session {
  operator: { id: number; email: string; name: string; role: Role }
  expiresAt: string
  permissions: {
    canAddTypes: boolean
    /** `edit`: may change the type's definition (admins, and groups granted change on it). */
    types: Record<string, { view: boolean; change: boolean; edit: boolean }>
  }
}

export interface LocalisedText {
  nl: string
  en?: string
}

export interface Person {
  id: number
  firstName: string | null
  infix: string | null
  lastName: string | null
  street: string | null
  houseNumber: string | null
  postalCode: string | null
  city: string | null
  country: string | null
  email: string | null
  emailValidity: 'valid' | 'invalid' | 'unknown'
  phone: string | null
  mobilePhone: string | null
  language: 'nl' | 'en'
  deceased: boolean
  bouncer: boolean
  consecutiveBounces: number
  mailable: boolean
  anonymised: boolean
  anonymisedAt: string | null
  createdAt: string
}

/** One consent record; `personId` is there in the ledger-wide list only. */
export interface ConsentRecord {
  id: number
  recordedAt: string
  personId?: number
  type: string
  channel: string
  optIn: boolean
  soft: boolean
  description: string
  contactMomentId: number | null
}

export interface EffectiveConsent {
  type: string
  active: boolean
  optIn: boolean
  soft: boolean | null
  decidedAt: string | null
}

export const mediaChannels = ['email', 'post', 'phone', 'sms'] as const
export const operatorChannels = [
  'telephone',
  'letter',
  'manual',
  'web_form',
  'own_website',
] as const
export const consentChannels = [
  'preference_centre',
  'web_form',
  'own_website',
  'mailing_link',
  'one_click_unsubscribe',
  'manual',
  'telephone',
  'letter',
  'automatic',
  'bounce',
  'complaint',
] as const

export type OperatorChannel = (typeof operatorChannels)[number]

export interface OptInType {
  key: string
  labels: LocalisedText
  descriptions: LocalisedText
  channel: (typeof mediaChannels)[number]
  kind: 'hard' | 'soft'
  parentKey: string | null
  active: boolean
  sortOrder: number
  selfService: boolean
  optOutNotes: LocalisedText | null
  profiling: boolean
  autoOptInQueryId: number | null
  autoOptOutQueryId: number | null
  grantOnSignUp: boolean
}

export type OptInTypeFields = Omit<OptInType, 'key'>

export interface OperatorGroup {
  id: number
  name: string
  canAddTypes: boolean
  memberIds: number[]
}

export interface Operator {
  id: number
  email: string
  name: string
  role: Role
}

export interface TypePermission {
  groupId: number
  view: boolean
  change: boolean
}

export interface SavedQuery {
  id: number
  name: string
  description: string
  definition: unknown
  usedBy: { types: string[]; queries: { id: number; name: string }[] }
}

export type SavedQueryFields = Pick<SavedQuery, 'name' | 'description' | 'definition'>

export interface Mailing {
  id: number
  name: string
  subject: string
  type: string | null
  createdAt: string
  sentAt: string | null
}

export interface MailingReport {
  sent: number
  opens: { human: number; machine: number }
  clicks: { human: number; machine: number }
  unsubscribes: { total: number; byChannel: Record<string, number> }
  bounces: { hard: number; soft: number }
  complaints: number
}

export interface ConsentOverTime {
  interval: 'day' | 'week' | 'month'
  periods: string[]
  series: { type: string; labels: LocalisedText; optIns: number[]; optOuts: number[] }[]
}

export interface CurrentConsent {
  types: { type: string; labels: LocalisedText; optedIn: number; optedOut: number }[]
}

export interface BouncesPerMailing {
  mailings: {
    id: number
    name: string
    sentAt: string | null
    sent: number
    hardBounces: number
    softBounces: number
    complaints: number
  }[]
}

export interface LedgerFilter {
  type?: string
  channel?: string
  from?: string
  to?: string
  optIn?: string
  soft?: string
}

export interface InvalidField {
  path: string
  message: string
  /** Set by the API's validation, so the console can word the problem itself. */
  code?: 'required' | 'unknown-field' | 'too-long' | 'too-short' | 'invalid'
  limit?: number
}

/** A refused or failed request; status 0 means the server could not be reached. */
export class ApiError extends Error {
  readonly status: number
  readonly type: string
  readonly detail: string
  readonly errors: InvalidField[]
  /** Seconds the server asks to wait (the `Retry-After` header), or null when it named none. */
  readonly retryAfter: number | null

  constructor(problem: {
    status: number
    type?: string
    title?: string
    detail?: string
    errors?: InvalidField[]
    retryAfter?: number | null
  }) {
    super(problem.detail ?? problem.title ?? `HTTP ${problem.status}`)
    this.name = 'ApiError'
    this.status = problem.status
    this.type = problem.type ?? 'about:blank'
    this.detail = problem.detail ?? ''
    this.errors = problem.errors ?? []
    this.retryAfter = problem.retryAfter ?? null
  }
}

/** Fired on window when the server no longer knows the session, so the console asks to sign in. */
export const sessionEndedEvent = 'smp-session-ended'

const unsafeMethods = new Set(['POST', 'PATCH', 'PUT', 'DELETE'])

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' }
  if (body !== undefined) headers['content-type'] = 'application/json'
  if (unsafeMethods.has(method)) headers['x-smp-console'] = '1'

  let response: Response
  try {
    response = await fetch(apiUrl(path), {
      method,
      headers,
      credentials: 'same-origin',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    })
  } catch {
    throw new ApiError({ status: 0, type: 'offline' })
  }

  if (!response.ok) {
    const error = await errorFrom(response)
    if (error.status === 401 && !path.startsWith('/session')) {
      window.dispatchEvent(new Event(sessionEndedEvent))
    }
    throw error
  }
  if (response.status === 204) return undefined as T
  return (await response.json()) as T
}

async function errorFrom(response: Response): Promise<ApiError> {
  const retryAfter = secondsToWait(response.headers.get('retry-after'))
  try {
    const problem = (await response.json()) as ConstructorParameters<typeof ApiError>[0]
    return new ApiError({ ...problem, status: response.status, retryAfter })
  } catch {
    return new ApiError({ status: response.status, retryAfter })
  }
}

/** `Retry-After` as seconds; RFC 9110 also allows an HTTP date. */
function secondsToWait(header: string | null): number | null {
  if (!header) return null
  if (/^\d+$/.test(header.trim())) return Number(header.trim())
  const date = Date.parse(header)
  return Number.isNaN(date) ? null : Math.max(0, Math.round((date - Date.now()) / 1000))
}

/** The address of an API path, with empty query values left out; also for download links. */
export function apiUrl(path: string, query: Record<string, string | number | undefined> = {}) {
  const search = new URLSearchParams()
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') search.set(name, String(value))
  }
  const text = search.toString()
  return `/api/v1${path}${text ? `?${text}` : ''}`
}

const get = <T>(path: string, query: Record<string, string | number | undefined> = {}) =>
  request<T>('GET', apiUrl(path, query).slice('/api/v1'.length))

export const api = {
  signIn: (email: string, password: string) =>
    request<Session>('POST', '/session', { email, password }),
  session: () => request<Session>('GET', '/session'),
  signOut: () => request<void>('DELETE', '/session'),

  searchPersons: (q: string) =>
    get<{ persons: Person[]; nextAfterId: number | null }>('/persons', { q, limit: 50 }),
  person: (id: number) => get<Person>(`/persons/${id}`),
  changePerson: (id: number, changes: Partial<Pick<Person, 'deceased' | 'bouncer'>>) =>
    request<Person>('PATCH', `/persons/${id}`, changes),
  consentRecordsOf: (id: number) =>
    get<{ records: ConsentRecord[] }>(`/persons/${id}/consent-records`),
  consentOf: (id: number) => get<{ consent: EffectiveConsent[] }>(`/persons/${id}/consent`),
  recordConsent: (
    id: number,
    entry: { type: string; optIn: boolean; channel: OperatorChannel; description: string },
  ) => request<{ record: ConsentRecord }>('POST', `/persons/${id}/consent-records`, entry),
  fullyUnsubscribe: (id: number, request_: { channel: OperatorChannel; description: string }) =>
    request<{ records: ConsentRecord[] }>('POST', `/persons/${id}/full-unsubscribe`, request_),
  anonymise: (id: number) =>
    request<{ anonymisedAt: string }>('POST', `/persons/${id}/anonymise`, {}),

  optInTypes: () => get<{ types: OptInType[] }>('/opt-in-types'),
  createOptInType: (type: Partial<OptInTypeFields> & { key: string }) =>
    request<OptInType>('POST', '/opt-in-types', type),
  changeOptInType: (key: string, changes: Partial<OptInTypeFields>) =>
    request<OptInType>('PATCH', `/opt-in-types/${key}`, changes),

  operators: () => get<{ operators: Operator[] }>('/operators'),
  operatorGroups: () => get<{ groups: OperatorGroup[] }>('/operator-groups'),
  createOperatorGroup: (group: Omit<OperatorGroup, 'id'>) =>
    request<OperatorGroup>('POST', '/operator-groups', group),
  changeOperatorGroup: (id: number, changes: Partial<Omit<OperatorGroup, 'id'>>) =>
    request<OperatorGroup>('PATCH', `/operator-groups/${id}`, changes),
  typePermissions: (key: string) =>
    get<{ permissions: TypePermission[] }>(`/opt-in-types/${key}/permissions`),
  setTypePermissions: (key: string, permissions: TypePermission[]) =>
    request<{ permissions: TypePermission[] }>('PUT', `/opt-in-types/${key}/permissions`, {
      permissions,
    }),

  ledger: (filter: LedgerFilter, afterId?: number) =>
    get<{ records: ConsentRecord[]; nextAfterId: number | null }>('/consent-records', {
      ...filter,
      afterId,
      limit: 100,
    }),

  savedQueries: () => get<{ queries: SavedQuery[] }>('/queries'),
  previewQuery: (id: number) => get<{ count: number }>(`/queries/${id}/preview`, { limit: 1 }),
  previewDefinition: (definition: unknown) =>
    request<{ count: number }>('POST', '/queries/preview?limit=1', { definition }),
  createSavedQuery: (query: SavedQueryFields) => request<SavedQuery>('POST', '/queries', query),
  changeSavedQuery: (id: number, changes: Partial<SavedQueryFields>) =>
    request<SavedQuery>('PATCH', `/queries/${id}`, changes),
  deleteSavedQuery: (id: number) => request<void>('DELETE', `/queries/${id}`),

  mailings: () => get<{ mailings: Mailing[] }>('/mailings'),
  mailingReport: (id: number) => get<MailingReport>(`/mailings/${id}/report`),

  consentOverTime: (query: { from: string; to: string; interval: string }) =>
    get<ConsentOverTime>('/stats/consent-over-time', query),
  currentConsent: () => get<CurrentConsent>('/stats/current-consent'),
  bouncesPerMailing: () => get<BouncesPerMailing>('/stats/bounces-per-mailing'),
}
