/**
 * Bounded loopback load with autocannon: a fixed number of requests and a time limit, with
 * every answer outside the expected status class counted as a failure.
 */
import autocannon from 'autocannon'

export interface LoadRequest {
  method: 'GET' | 'POST'
  path: string
  headers?: Record<string, string>
  body?: string
}

export interface LoadOptions {
  /** The server under load; refused unless it is on 127.0.0.1. */
  url: string
  /** Gives the n-th request (0, 1, …), so each can name another person or token. */
  request: (n: number) => LoadRequest
  amount: number
  connections: number
  maxSeconds: number
  /** 2 for most endpoints, 3 for redirects. */
  expectedClass?: 2 | 3
}

export interface LoadResult {
  /** Answers in the expected status class. */
  succeeded: number
  /** Other answers, connection errors and timeouts. */
  failed: number
  /** Status counts, so a report can say what the failures were. */
  statuses: Record<string, number>
  seconds: number
  perSecond: number
  p50Ms: number
  p99Ms: number
  meanMs: number
  /** True when the time limit ended the run before all requests were answered. */
  stoppedEarly: boolean
  /** Requests that may have been in flight when the time limit stopped the run. */
  unanswered: number
}

export function loopbackOnly(url: string): URL {
  const parsed = new URL(url)
  if (parsed.hostname !== '127.0.0.1') {
    throw new Error(`Benchmark load goes to 127.0.0.1 only, not to "${parsed.hostname}".`)
  }
  return parsed
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  loopbackOnly(options.url)
  const expectedClass = options.expectedClass ?? 2
  let issued = 0
  let firstSent = 0
  let lastAnswered = 0

  let stoppedEarly = false
  let limit: NodeJS.Timeout | undefined
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        // autocannon refuses more connections than requests.
        connections: Math.min(options.connections, options.amount),
        amount: options.amount,
        timeout: 30,
        requests: [
          {
            setupRequest: (request) => {
              if (issued === 0) firstSent = performance.now()
              const next = options.request(issued)
              issued += 1
              return { ...request, ...next, headers: { ...request.headers, ...next.headers } }
            },
            onResponse: () => {
              lastAnswered = performance.now()
            },
          },
        ],
      },
      (error, finished) => (error ? reject(error) : resolve(finished)),
    )
    limit = setTimeout(() => {
      stoppedEarly = true
      instance.stop()
    }, options.maxSeconds * 1000)
  }).finally(() => clearTimeout(limit))

  const statuses = Object.fromEntries(
    Object.entries(result.statusCodeStats ?? {}).map(([code, stats]) => [code, stats.count ?? 0]),
  )
  const succeeded = Object.entries(statuses)
    .filter(([code]) => code.startsWith(String(expectedClass)))
    .reduce((sum, [, count]) => sum + count, 0)
  const answered = Object.values(statuses).reduce((sum, count) => sum + count, 0)
  if (result.errors) statuses.errors = result.errors

  // autocannon notices the last answer only at its next one-second tick, so its duration is
  // rounded up to whole seconds: the time from the first request to the last answer is not.
  const seconds = lastAnswered > firstSent ? (lastAnswered - firstSent) / 1000 : result.duration

  return {
    succeeded,
    failed: answered - succeeded + result.errors,
    statuses,
    seconds,
    perSecond: succeeded / seconds,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    meanMs: result.latency.average,
    stoppedEarly,
    unanswered: stoppedEarly ? Math.min(options.connections, options.amount) : 0,
  }
}
