/** Fetch calls to the public preference API, always without cookies. */

/** One opt-in type as the person sees it, with their effective consent now. */
export interface PreferenceType {
  key: string
  parentKey: string | null
  label: string
  description: string
  optIn: boolean
  /** False when the person cannot change it here, e.g. opting out only by letter. */
  selfService: boolean
  /** Why and how to change a type that is not self-service, in the asked language. */
  optOutNote: string | null
}

/** The site the widget is embedded on, as the organisation registered it. */
export interface Site {
  name: string
  privacyStatementUrl: string
}

export interface Preferences {
  site: Site | null
  types: PreferenceType[]
}

/** What an anonymous visitor of a site can sign up for. */
export interface SiteOffer extends Site {
  types: Pick<PreferenceType, 'key' | 'parentKey' | 'label' | 'description'>[]
}

/** One checkbox the person changed; `labelText` is the consent proof. */
export interface ConsentChange {
  type: string
  optIn: boolean
  labelText: string
}

export interface RecordedConsent {
  id: number
  type: string
  optIn: boolean
  recordedAt: string
}

export interface SaveResult {
  recorded: RecordedConsent[]
  types: PreferenceType[]
}

export interface SignUp {
  site: string
  email: string
  channel: string
  types: { type: string; labelText: string }[]
}

/** Where the widget talks to, in which language, and as whom when it knows the person. */
export interface ApiTarget {
  api: string
  lang: string
  token: string
  /** The site's public key, or empty. */
  site: string
}

/** The parts of an RFC 9457 problem the widget acts on. */
export interface Problem {
  type?: string
  detail?: string
  errors?: { path: string; message: string }[]
}

/**
 * A failed call. `status` 0 means the server was not reached at all, so the same request
 * may succeed later; `problem` is the server's RFC 9457 explanation when it sent one.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem = {},
  ) {
    super(problem.detail || `Preference API answered ${status}`)
  }
}

export function loadPreferences(target: ApiTarget): Promise<Preferences> {
  const site = target.site && `&site=${encodeURIComponent(target.site)}`
  return request(target, 'GET', 'preferences', undefined, site) as Promise<Preferences>
}

export function savePreferences(
  target: ApiTarget,
  channel: string,
  changes: ConsentChange[],
): Promise<SaveResult> {
  return request(target, 'POST', 'preferences', { channel, changes }) as Promise<SaveResult>
}

export function unsubscribeFromAll(target: ApiTarget, channel: string): Promise<SaveResult> {
  return request(target, 'POST', 'preferences/full-unsubscribe', {
    channel,
  }) as Promise<SaveResult>
}

/** Asks the server to mail a fresh link; `target.token` is the expired one. */
export function requestRenewal(target: ApiTarget): Promise<unknown> {
  return request(target, 'POST', 'preferences/renewal', {})
}

export function loadSiteOffer(target: ApiTarget): Promise<SiteOffer> {
  const path = `sites/${encodeURIComponent(target.site)}`
  return request({ ...target, token: '' }, 'GET', path) as Promise<SiteOffer>
}

export function signUp(target: ApiTarget, body: SignUp): Promise<unknown> {
  return request({ ...target, token: '' }, 'POST', 'sign-ups', body)
}

async function request(
  target: ApiTarget,
  method: string,
  path: string,
  body?: object,
  query = '',
): Promise<unknown> {
  // An empty base keeps the path relative, so the widget talks to its own origin.
  const base = target.api.replace(/\/+$/, '')
  const url = `${base}/api/v1/${path}?lang=${encodeURIComponent(target.lang)}${query}`
  const headers: Record<string, string> = { accept: 'application/json' }
  if (target.token) headers.authorization = `Bearer ${target.token}`
  if (body) headers['content-type'] = 'application/json'

  let response: Response
  try {
    response = await fetch(url, {
      method,
      headers,
      body: body && JSON.stringify(body),
      credentials: 'omit',
      cache: 'no-store',
    })
  } catch {
    throw new ApiError(0)
  }

  const json: unknown = await response.json().catch(() => null)
  if (!response.ok) throw new ApiError(response.status, (json ?? {}) as Problem)
  if (!json) throw new ApiError(response.status, { detail: 'The answer was not JSON' })
  return json
}
