/** Fetch calls to the preference API, always without cookies. */

/** One opt-in type as the person sees it, with their effective consent now. */
export interface PreferenceType {
  key: string
  parentKey: string | null
  label: string
  description: string
  channel: string
  kind: 'hard' | 'soft'
  optIn: boolean
  soft: boolean
  decidedAt: string | null
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

/** Where and as whom the widget talks to the server. */
export interface ApiTarget {
  api: string
  token: string
  lang: string
}

/**
 * A failed call. `status` 0 means the server was not reached at all, so the same request
 * may succeed later; `detail` is the server's RFC 9457 explanation when it sent one.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail = '',
  ) {
    super(detail || `Preference API answered ${status}`)
  }
}

export async function loadPreferences(target: ApiTarget): Promise<PreferenceType[]> {
  const body = (await request(target, 'GET')) as { types: PreferenceType[] }
  return body.types
}

export async function savePreferences(
  target: ApiTarget,
  channel: string,
  changes: ConsentChange[],
): Promise<SaveResult> {
  return (await request(target, 'POST', { channel, changes })) as SaveResult
}

async function request(target: ApiTarget, method: string, body?: object): Promise<unknown> {
  // An empty base keeps the path relative, so the widget talks to its own origin.
  const base = target.api.replace(/\/+$/, '')
  const url = `${base}/api/v1/preferences?lang=${encodeURIComponent(target.lang)}`
  const headers: Record<string, string> = {
    accept: 'application/json',
    authorization: `Bearer ${target.token}`,
  }
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
  if (!response.ok) {
    const detail = (json as { detail?: unknown } | null)?.detail
    throw new ApiError(response.status, typeof detail === 'string' ? detail : '')
  }
  if (!json) throw new ApiError(response.status, 'The answer was not JSON')
  return json
}
