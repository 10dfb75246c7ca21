/**
 * Abuse limits on the public endpoints, per client address and per credential (token, site
 * key). Counters live in each server's memory (hono-rate-limiter's MemoryStore): with several
 * servers behind a load balancer each counts on its own, so a client may get up to the limit
 * times the number of servers. docs/SECURITY.md says how to share counters.
 */
import { createHash } from 'node:crypto'
import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context, MiddlewareHandler } from 'hono'
import { rateLimiter } from 'hono-rate-limiter'
import type { AppEnv } from './appEnv.ts'
import { bearerToken } from './bearerToken.ts'
import { problemResponse } from './problem.ts'

export interface RateLimit {
  /** Requests allowed per window. */
  limit: number
  windowMs: number
}

const minute = 60_000

/** The limits, per IP and per credential; multiplied by SMP_RATE_LIMIT_SCALE. */
export const publicRateLimits = {
  preferencesPerIp: { limit: 300, windowMs: minute },
  preferencesPerToken: { limit: 60, windowMs: minute },
  renewalPerToken: { limit: 5, windowMs: 60 * minute },
  signUpsPerIp: { limit: 20, windowMs: 10 * minute },
  signUpsPerSite: { limit: 2000, windowMs: 10 * minute },
  sitesPerIp: { limit: 300, windowMs: minute },
  // Mail clients fetch images through shared proxies: one address speaks for many people.
  trackingPerIp: { limit: 6000, windowMs: minute },
  trackingPerToken: { limit: 60, windowMs: minute },
  unsubscribePerIp: { limit: 300, windowMs: minute },
  unsubscribePerToken: { limit: 20, windowMs: minute },
  confirmPerIp: { limit: 60, windowMs: minute },
  pagesPerIp: { limit: 300, windowMs: minute },
  webhooksPerIp: { limit: 3000, windowMs: minute },
  // Password guessing: a person types a password a few times, a script thousands of times.
  // Per account only failed sign-ins count; per address all do (an office shares one).
  signInsPerIp: { limit: 60, windowMs: 10 * minute },
  signInsPerAccount: { limit: 10, windowMs: 15 * minute },
} satisfies Record<string, RateLimit>

export type RateLimitName = keyof typeof publicRateLimits

/** Limits by the client's address. */
export function perClientAddress(name: RateLimitName, scale: number): MiddlewareHandler<AppEnv> {
  return limiter(name, scale, (c) => `${name}:ip:${clientAddress(c)}`)
}

/** Limits by a credential: the Bearer token, a path token, or a site key. */
export function perCredential(
  name: RateLimitName,
  scale: number,
  credentialOf: (c: Context<AppEnv>) => string | null | Promise<string | null>,
  options: { failuresOnly?: boolean } = {},
): MiddlewareHandler<AppEnv> {
  return limiter(
    name,
    scale,
    async (c) => {
      const credential = (await credentialOf(c)) ?? 'none'
      // Hashed, so that the memory of the limiter holds no usable token.
      return `${name}:credential:${createHash('sha256').update(credential).digest('base64url')}`
    },
    options,
  )
}

/**
 * A string field of the JSON body, such as a sign-up's site key (Hono keeps the parsed body),
 * in the form the handler will look it up by: every spelling of one account must share a
 * budget, or each variant would bring a fresh one.
 */
export function jsonBodyCredential(field: string, canonical = (value: string) => value) {
  return async (c: Context<AppEnv>): Promise<string | null> => {
    try {
      const body = (await c.req.json()) as Record<string, unknown> | null
      const value = body?.[field]
      return typeof value === 'string' ? canonical(value).toLowerCase() : null
    } catch {
      return null
    }
  }
}

export const bearerCredential = (c: Context<AppEnv>) => bearerToken(c.req.header('authorization'))
export const pathTokenCredential = (c: Context<AppEnv>) => c.req.param('token') ?? null

function limiter(
  name: RateLimitName,
  scale: number,
  keyGenerator: (c: Context<AppEnv>) => string | Promise<string>,
  options: { failuresOnly?: boolean } = {},
): MiddlewareHandler<AppEnv> {
  const { limit, windowMs } = publicRateLimits[name]

  return rateLimiter<AppEnv>({
    windowMs,
    limit: Math.max(1, Math.round(limit * scale)),
    standardHeaders: 'draft-7',
    keyGenerator,
    skipSuccessfulRequests: options.failuresOnly ?? false,
    handler: (c) => {
      c.var.logger.warn({ limit: name }, 'rate limit reached')
      const response = problemResponse({
        type: '/problems/too-many-requests',
        title: 'Too many requests',
        status: 429,
        detail: 'Wait a moment before trying again.',
      })
      response.headers.set('retry-after', String(secondsUntilReset(c, windowMs)))
      return response
    },
  })
}

/** Until this client's window ends, as the limiter counted it; the whole window if unknown. */
function secondsUntilReset(c: Context<AppEnv>, windowMs: number): number {
  const info = (c.get as (key: string) => unknown)('rateLimit') as { resetTime?: Date } | undefined
  const left = info?.resetTime ? info.resetTime.getTime() - Date.now() : windowMs
  return Math.max(1, Math.ceil(left / 1000))
}

function clientAddress(c: Context<AppEnv>): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown'
  } catch {
    return 'unknown'
  }
}
