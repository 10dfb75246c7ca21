/** Builds the Hono application from its dependencies; no I/O happens here. */
import { fileURLToPath } from 'node:url'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'
import { cors } from 'hono/cors'
import { secureHeaders } from 'hono/secure-headers'
import type { Database } from '../db/client.ts'
import type { Clock } from './clock.ts'
import { consentOperatorRoutes } from './consent/operatorRoutes.ts'
import type { AppEnv } from './http/appEnv.ts'
import { handleError, handleNotFound } from './http/errorHandler.ts'
import { operatorAuth } from './http/operatorAuth.ts'
import { requestLogger } from './http/requestLogger.ts'
import type { Logger } from './logger.ts'
import { optInTypeRoutes } from './optInTypes/routes.ts'
import { hostedPageRoutes } from './pages/hostedPage.ts'
import { personRoutes } from './persons/routes.ts'
import { preferenceLinkRoutes } from './preferences/linkRoutes.ts'
import { preferenceRoutes } from './preferences/routes.ts'

export interface AppDependencies {
  db: Database
  secret: string
  clock: Clock
  logger: Logger
  publicUrl: string
  /** Browser origins (other than our own) that may call the public preference API. */
  allowedOrigins: string[]
  /** Extra routes mounted at the root, such as the demo site. */
  extraRoutes?: Hono<AppEnv>
}

export const widgetPath = '/widget/smp-preferences.js'

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
  app.onError(handleError)
  app.notFound(handleNotFound)

  app.use('/api/v1/preferences', publicCors(deps.allowedOrigins))
  app.route('/api/v1/preferences', preferenceRoutes(deps))

  app.use('/api/v1/persons/*', operatorAuth(deps.db))
  app.use('/api/v1/persons', operatorAuth(deps.db))
  app.use('/api/v1/opt-in-types/*', operatorAuth(deps.db))
  app.use('/api/v1/opt-in-types', operatorAuth(deps.db))
  app.route('/api/v1/persons', personRoutes(deps))
  app.route('/api/v1/persons', consentOperatorRoutes(deps))
  app.route('/api/v1/persons', preferenceLinkRoutes(deps))
  app.route('/api/v1/opt-in-types', optInTypeRoutes(deps))

  app.use('/widget/*', widgetHeaders)
  app.use('/widget/*', serveStatic({ root: root('dist'), rewriteRequestPath: (path) => path }))
  app.use('/assets/*', serveStatic({ root: root('server') }))
  app.route('/p', hostedPageRoutes({ widgetPath }))
  app.get('/health', (c) => c.json({ status: 'ok' }))
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

function publicCors(allowedOrigins: string[]) {
  return cors({
    origin: (origin) =>
      allowedOrigins.includes('*') || allowedOrigins.includes(origin) ? origin : null,
    allowMethods: ['GET', 'POST'],
    allowHeaders: ['authorization', 'content-type'],
    credentials: false,
    maxAge: 600,
  })
}
