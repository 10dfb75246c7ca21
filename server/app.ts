/** Builds the Hono application from its dependencies; no I/O happens here. */
import { fileURLToPath } from 'node:url'
import { serveStatic } from '@hono/node-server/serve-static'
import { sql } from 'drizzle-orm'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { except } from 'hono/combine'
import { cors } from 'hono/cors'
import { secureHeaders } from 'hono/secure-headers'
import type { Database } from '../db/client.ts'
import type { Clock } from './clock.ts'
import { consoleRoutes } from './console/consoleRoutes.ts'
import { ledgerRoutes } from './consent/ledgerRoutes.ts'
import { statsRoutes } from './stats/statsRoutes.ts'
import { consentOperatorRoutes } from './consent/operatorRoutes.ts'
import type { AppEnv } from './http/appEnv.ts'
import { handleError, handleNotFound } from './http/errorHandler.ts'
import { operatorAuth } from './http/operatorAuth.ts'
import { problemResponse } from './http/problem.ts'
import {
  bearerCredential,
  pathTokenCredential,
  perClientAddress,
  perCredential,
  type RateLimitName,
  jsonBodyCredential,
} from './http/rateLimits.ts'
import { requestLogger } from './http/requestLogger.ts'
import type { Logger } from './logger.ts'
import { operatorGroupRoutes } from './operators/groupRoutes.ts'
import { normaliseEmail } from './persons/emailAddress.ts'
import { sessionRoutes } from './operators/sessionRoutes.ts'
import { optInTypeRoutes } from './optInTypes/routes.ts'
import { hostedPageRoutes } from './pages/hostedPage.ts'
import { personRoutes } from './persons/routes.ts'
import { preferenceLinkRoutes } from './preferences/linkRoutes.ts'
import { preferenceRoutes } from './preferences/routes.ts'
import { anonymisationRoutes } from './privacy/anonymisationRoutes.ts'
import { privacyExportRoutes } from './privacy/routes.ts'
import { retentionRoutes } from './jobs/retentionRoutes.ts'
import type { RetentionPolicy } from './jobs/retentionPolicy.ts'
import type { Mailer } from './mail/mailer.ts'
import { confirmationPageRoutes } from './pages/confirmationPage.ts'
import { signUpRoutes } from './signUps/routes.ts'
import { createOriginPolicy, type OriginPolicy } from './sites/originPolicy.ts'
import { siteRoutes } from './sites/routes.ts'
import { mailingRoutes } from './mailings/routes.ts'
import { savedQueryRoutes } from './queries/routes.ts'
import { unsubscribePageRoutes } from './pages/unsubscribePage.ts'
import { trackingRoutes } from './tracking/routes.ts'
import { type WebhookAdapters, webhookRoutes } from './bounces/routes.ts'
import type { BackgroundTasks } from './background/backgroundTasks.ts'

export interface AppDependencies {
  db: Database
  /** Signs new tokens; `previousSecrets` still verify during a key rotation. */
  secret: string
  previousSecrets: string[]
  clock: Clock
  logger: Logger
  publicUrl: string
  /** Browser origins allowed on the public API besides those of the registered sites. */
  allowedOrigins: string[]
  mailer: Mailer
  /** Multiplies every public rate limit; 1 in production. */
  rateLimitScale: number
  /** Work done after answering (tracking, sign-up mail); drained when the server stops. */
  backgroundTasks: BackgroundTasks
  linkLifetimeDays: number
  webhookAdapters: WebhookAdapters
  retentionPolicy: RetentionPolicy
  confirmSubscription: (url: string) => Promise<void>
  /** Extra routes mounted at the root, such as the demo site. */
  extraRoutes?: Hono<AppEnv>
}

/** Everything under these needs an operator: an API key or a console session. */
const operatorApiPaths = [
  '/api/v1/persons',
  '/api/v1/persons/*',
  '/api/v1/opt-in-types',
  '/api/v1/opt-in-types/*',
  '/api/v1/mailings',
  '/api/v1/mailings/*',
  '/api/v1/queries',
  '/api/v1/queries/*',
  '/api/v1/retention/*',
  '/api/v1/consent-records',
  '/api/v1/consent-records.csv',
  '/api/v1/stats/*',
  '/api/v1/operators',
  '/api/v1/operator-groups',
  '/api/v1/operator-groups/*',
]

export const widgetPath = '/widget/smp-preferences.js'

/** Far above any real request (100 changes of 1,000 characters), far below harm. */
const maxBodyBytes = 256 * 1024

const refuseLargeBody = () =>
  problemResponse({
    type: '/problems/body-too-large',
    title: 'The request body is too large',
    status: 413,
    detail: `Send at most ${maxBodyBytes / 1024} KB.`,
  })

const root = (path: string) => fileURLToPath(new URL(`../${path}`, import.meta.url))

export function createApp(deps: AppDependencies): Hono<AppEnv> {
  const app = new Hono<AppEnv>()

  app.use(requestLogger(deps.logger))
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
      crossOriginResourcePolicy: false,
    }),
  )
  // Webhooks carry batches of thousands of events and set their own, larger limit.
  app.use(
    '*',
    except('/webhooks/*', bodyLimit({ maxSize: maxBodyBytes, onError: refuseLargeBody })),
  )
  applyRateLimits(app, deps.rateLimitScale)
  app.onError(handleError)
  app.notFound(handleNotFound)

  const originPolicy = createOriginPolicy(deps.db, deps.allowedOrigins)
  for (const path of [
    '/api/v1/preferences',
    '/api/v1/preferences/*',
    '/api/v1/sign-ups',
    '/api/v1/sites/*',
  ]) {
    app.use(path, publicCors(originPolicy))
  }
  app.route('/api/v1/preferences', preferenceRoutes(deps))
  app.route('/api/v1/sign-ups', signUpRoutes(deps))
  app.route('/api/v1/sites', siteRoutes({ ...deps, originPolicy }))

  app.route('/api/v1/session', sessionRoutes(deps))
  for (const path of operatorApiPaths) app.use(path, operatorAuth(deps))
  // Before personRoutes, whose GET /:id would take /personal-data.schema.json for an id.
  app.route(
    '/api/v1/persons',
    privacyExportRoutes({
      ...deps,
      personRetentionDays: deps.retentionPolicy.personsDays,
    }),
  )
  app.route('/api/v1/persons', personRoutes(deps))
  app.route('/api/v1/persons', consentOperatorRoutes(deps))
  app.route('/api/v1/persons', preferenceLinkRoutes(deps))
  app.route('/api/v1/persons', anonymisationRoutes(deps))
  app.route('/api/v1', operatorGroupRoutes(deps))
  app.route('/api/v1/opt-in-types', optInTypeRoutes(deps))
  app.route('/api/v1/mailings', mailingRoutes(deps))
  app.route('/api/v1/queries', savedQueryRoutes(deps))
  app.route('/api/v1', ledgerRoutes(deps))
  app.route('/api/v1/stats', statsRoutes(deps))
  app.route('/api/v1/retention', retentionRoutes(deps))

  app.use('/widget/*', widgetHeaders)
  app.use('/widget/*', serveStatic({ root: root('dist'), rewriteRequestPath: (path) => path }))
  app.use('/assets/*', serveStatic({ root: root('server') }))
  app.route('/admin', consoleRoutes(root('dist/console')))
  app.route('/p', hostedPageRoutes({ widgetPath }))
  app.route('/confirm', confirmationPageRoutes(deps))
  app.route('/u', unsubscribePageRoutes({ ...deps, widgetPath }))
  app.route('/t', trackingRoutes(deps))
  app.route('/webhooks', webhookRoutes({ ...deps, adapters: deps.webhookAdapters }))
  app.get('/health', (c) => c.json({ status: 'ok' }))
  app.get('/ready', async (c) => {
    // Ready means the database answers; a load balancer sends no traffic before that.
    try {
      await deps.db.execute(sql`select 1`)
      return c.json({ status: 'ready' })
    } catch {
      return problemResponse({
        type: '/problems/not-ready',
        title: 'Not ready',
        status: 503,
        detail: 'The database does not answer.',
      })
    }
  })
  app.get('/favicon.ico', (c) => c.body(null, 204))

  if (deps.extraRoutes) app.route('/', deps.extraRoutes)
  return app
}

/** The widget is loaded by other sites' pages, so it must be readable cross-origin. */
const widgetHeaders = async (
  c: { header: (name: string, value: string) => void },
  next: () => Promise<void>,
) => {
  await next()
  c.header('access-control-allow-origin', '*')
  c.header('cross-origin-resource-policy', 'cross-origin')
  c.header('cache-control', 'public, max-age=300')
}

/** The widget needs no cookies, so credentials stay off and only listed origins get an answer. */
function publicCors(originPolicy: OriginPolicy) {
  return cors({
    origin: async (origin) => ((await originPolicy.allows(origin)) ? origin : null),
    allowMethods: ['GET', 'POST'],
    allowHeaders: ['authorization', 'content-type'],
    credentials: false,
    maxAge: 600,
  })
}

/** Abuse limits on every public endpoint, per client address and per credential. */
function applyRateLimits(app: Hono<AppEnv>, scale: number) {
  const byAddress = (name: RateLimitName) => perClientAddress(name, scale)

  for (const path of ['/api/v1/preferences', '/api/v1/preferences/*']) {
    app.use(path, byAddress('preferencesPerIp'))
    app.use(path, perCredential('preferencesPerToken', scale, bearerCredential))
  }
  app.use('/api/v1/preferences/renewal', perCredential('renewalPerToken', scale, bearerCredential))
  app.use('/api/v1/sign-ups', byAddress('signUpsPerIp'))
  app.use('/api/v1/sign-ups', perCredential('signUpsPerSite', scale, jsonBodyCredential('site')))
  app.use('/api/v1/sites/*', byAddress('sitesPerIp'))
  app.use('/t/*', byAddress('trackingPerIp'))
  app.use('/t/:kind/:token', perCredential('trackingPerToken', scale, pathTokenCredential))
  app.use('/u/:token', byAddress('unsubscribePerIp'))
  app.use('/u/:token', perCredential('unsubscribePerToken', scale, pathTokenCredential))
  app.use('/confirm/*', byAddress('confirmPerIp'))
  app.use('/p/*', byAddress('pagesPerIp'))
  app.use('/webhooks/*', byAddress('webhooksPerIp'))
  app.on('POST', '/api/v1/session', byAddress('signInsPerIp'))
  app.on(
    'POST',
    '/api/v1/session',
    perCredential('signInsPerAccount', scale, jsonBodyCredential('email', normaliseEmail), {
      failuresOnly: true,
    }),
  )
}
