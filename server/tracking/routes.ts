/** The open pixel and the click redirect that links in mailings point to. */
import { getConnInfo } from '@hono/node-server/conninfo'
import { Hono } from 'hono'
import type { Context } from 'hono'
import type { Clock } from '../clock.ts'
import type { AppEnv } from '../http/appEnv.ts'
import { InvalidLinkError, verifyLinkToken } from '../tokens/linkToken.ts'
import type { Database } from '../../db/client.ts'
import type { BackgroundTasks } from '../background/backgroundTasks.ts'
import type { Logger } from '../logger.ts'
import type { TrackingHit } from './recordTracking.ts'
import { createTrackingRecorder } from './trackingRecorder.ts'

/** The smallest transparent GIF: 1×1 pixel. */
const pixel = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64')

export function trackingRoutes(deps: {
  db: Database
  secret: string
  previousSecrets: string[]
  clock: Clock
  logger: Logger
  backgroundTasks: BackgroundTasks
}) {
  const { clock } = deps
  const secrets = [deps.secret, ...deps.previousSecrets]
  // Hits are written in batches after the answer; shutdown drains them before the database.
  const recorder = createTrackingRecorder(deps)
  deps.backgroundTasks.holdBuffer('tracking', () => recorder.close())

  const hitFrom = (
    c: Context<AppEnv>,
    contactMomentId: number,
    kind: 'open' | 'click',
    url: string | null,
  ): TrackingHit => ({
    kind,
    contactMomentId,
    url,
    userAgent: c.req.header('user-agent') ?? null,
    acceptLanguage: c.req.header('accept-language') ?? null,
    ipAddress: remoteAddress(c),
    occurredAt: clock(),
  })

  return new Hono<AppEnv>()
    .get('/o/:token', (c) => {
      // The image is answered whatever the token: a mail client shows nothing either way.
      const claims = verifiedOrNull(() =>
        verifyLinkToken('open', c.req.param('token'), secrets, clock()),
      )
      if (claims) recorder.record(hitFrom(c, claims.contactMomentId, 'open', null))

      return c.body(pixel, 200, {
        'content-type': 'image/gif',
        'cache-control': 'no-store, private',
      })
    })
    .get('/c/:token', (c) => {
      const url = c.req.query('u') ?? ''
      const token = c.req.param('token')

      // Only the URL signed for this contact moment is followed: no open redirect.
      try {
        const claims = verifyLinkToken('click', token, secrets, clock(), url)
        recorder.record(hitFrom(c, claims.contactMomentId, 'click', url))
      } catch (error) {
        if (!(error instanceof InvalidLinkError)) throw error
        // A genuine but expired link still leads where it said; it is just not counted.
        if (error.reason !== 'expired') return c.text('This link is not valid.', 404)
      }
      return c.redirect(url, 302)
    })
}

function verifiedOrNull<T>(verify: () => T): T | null {
  try {
    return verify()
  } catch (error) {
    if (error instanceof InvalidLinkError) return null
    throw error
  }
}

function remoteAddress(c: Context<AppEnv>): string | null {
  try {
    return getConnInfo(c).remote.address ?? null
  } catch {
    return null
  }
}
