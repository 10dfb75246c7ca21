/**
 * Tells likely machine opens and clicks (mail scanners, link previewers, prefetching proxies)
 * from people's, so reports can show them apart. A heuristic: it marks, it never drops.
 */
export interface TrackingRequest {
  userAgent: string | null
  acceptLanguage: string | null
  /** Seconds between sending the mail and this request. */
  secondsSinceSent: number
}

export type MachineVerdict = { machine: false; reason: null } | { machine: true; reason: string }

/** Scanners open and follow links within seconds of delivery; people rarely do. */
const fastestHumanSeconds = 10

const machineAgents =
  /bot|crawl|spider|scan|preview|python|curl|wget|go-http-client|java\/|okhttp|libwww|headless|phantom|slurp|proofpoint|mimecast|barracuda|safelinks|^node$|undici|axios|node-fetch/i

export function classifyRequest(request: TrackingRequest): MachineVerdict {
  if (!request.userAgent) return { machine: true, reason: 'no user agent' }
  if (machineAgents.test(request.userAgent)) return { machine: true, reason: 'scanner user agent' }
  if (request.secondsSinceSent < fastestHumanSeconds) {
    return { machine: true, reason: `within ${fastestHumanSeconds} seconds of sending` }
  }
  // Browsers name real languages; HTTP libraries send nothing or `*`.
  if (!request.acceptLanguage || request.acceptLanguage.trim() === '*') {
    return { machine: true, reason: 'no browser language' }
  }
  return { machine: false, reason: null }
}
