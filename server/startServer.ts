/** Starts the whole product: database, migrations, demo data, HTTP server. */
import { serve } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import { connectDatabase, type DatabaseConnection } from '../db/client.ts'
import { ensureDemoApiKey } from '../demo/demoApiKey.ts'
import { ensureDemoOperators } from '../demo/demoOperators.ts'
import { demoRoutes } from '../demo/routes.ts'
import { type DemoData, seedDemo } from '../demo/seed.ts'
import { createApp } from './app.ts'
import { type Clock, systemClock } from './clock.ts'
import type { ServerConfig } from './config.ts'
import type { Logger } from './logger.ts'
import { createMailer } from './mail/mailer.ts'
import { startScheduler } from './jobs/scheduler.ts'
import { webhookAdapters } from './bounces/webhookAdapters.ts'
import type { WebhookAdapters } from './bounces/routes.ts'
import { createBackgroundTasks } from './background/backgroundTasks.ts'
import { checkedSecret, resolveSecret } from './secrets.ts'

/** Tests replace the webhook adapters and SNS confirmation; a server builds its own. */
interface WebhookOptions {
  webhookAdapters?: WebhookAdapters
  confirmSubscription?: (url: string) => Promise<void>
}

async function confirmSubscriptionByFetch(url: string): Promise<void> {
  const response = await fetch(url)
  if (!response.ok) throw new Error(`Confirming the subscription answered ${response.status}.`)
}

export interface RunningServer {
  /** Where the server listens, e.g. http://127.0.0.1:3000 */
  url: string
  connection: DatabaseConnection
  secret: string
  demo: (DemoData & { apiKey: string }) | null
  close(): Promise<void>
}

export async function startServer(
  config: ServerConfig,
  options: {
    logger: Logger
    clock?: Clock
    /** An open database to use instead of the configured one; the caller closes it. */
    connection?: DatabaseConnection
  } & WebhookOptions,
): Promise<RunningServer> {
  const clock = options.clock ?? systemClock
  const connection =
    options.connection ??
    (await connectDatabase(
      config.databaseUrl === undefined ? { dataDir: config.dataDir } : { url: config.databaseUrl },
    ))
  try {
    return await serveOn(connection, config, { ...options, clock })
  } catch (error) {
    if (!options.connection) await connection.close()
    throw error
  }
}

async function serveOn(
  connection: DatabaseConnection,
  config: ServerConfig,
  options: { logger: Logger; clock: Clock; connection?: DatabaseConnection } & WebhookOptions,
): Promise<RunningServer> {
  const { logger, clock } = options
  const embedded = config.databaseUrl === undefined

  await connection.migrate()
  logger.info({ database: connection.kind }, 'migrations applied')

  const secret = await resolveSecret({
    configured: config.secret,
    dataDir: embedded ? config.dataDir : undefined,
  })
  const demo = config.demo
    ? await loadDemo(connection, embedded ? config.dataDir : undefined, clock)
    : null

  const mailer = createMailer(
    { db: connection.db, clock, logger },
    { smtpUrl: config.smtpUrl, from: config.mailFrom },
  )
  const backgroundTasks = createBackgroundTasks(logger)
  const deps = {
    db: connection.db,
    secret,
    previousSecrets: config.previousSecrets.map(checkedSecret),
    clock,
    logger,
    publicUrl: config.publicUrl,
    mailer,
    backgroundTasks,
    linkLifetimeDays: config.linkLifetimeDays,
    webhookAdapters:
      options.webhookAdapters ?? webhookAdapters(config.webhooks, { db: connection.db, clock }),
    confirmSubscription: options.confirmSubscription ?? confirmSubscriptionByFetch,
    retentionPolicy: config.retentionPolicy,
    rateLimitScale: config.rateLimitScale,
  }
  const app = createApp({
    ...deps,
    allowedOrigins: config.allowedOrigins,
    ...(demo ? { extraRoutes: demoRoutes({ ...deps, demo }) } : {}),
  })

  const scheduler = startScheduler({
    ...deps,
    retentionSchedule: config.retentionSchedule,
    autoConsentSchedule: config.autoConsentSchedule,
  })
  const server = await listen(app.fetch, config.host, config.port)
  const address = server.address() as AddressInfo
  const url = `http://${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`
  logger.info({ url }, 'listening')

  return {
    url,
    connection,
    secret,
    demo,
    close: async () => {
      scheduler.stop()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      // Opens, clicks and sign-ups were acknowledged with their answer: finish them first.
      await backgroundTasks.drain()
      if (!options.connection) await connection.close()
    },
  }
}

async function loadDemo(connection: DatabaseConnection, dataDir: string | undefined, clock: Clock) {
  const data = await seedDemo(connection.db, clock)
  const apiKey = await ensureDemoApiKey(connection.db, dataDir)
  await ensureDemoOperators(connection.db)
  return { ...data, apiKey }
}

function listen(fetch: Parameters<typeof serve>[0]['fetch'], hostname: string, port: number) {
  return new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const server = serve({ fetch, hostname, port }, () => resolve(server))
    server.once('error', reject)
  })
}
