/** The real server on a free loopback port, over a fresh test database. */
import { systemClock, type Clock } from '../../server/clock.ts'
import type { Database } from '../../db/client.ts'
import type { WebhookAdapters } from '../../server/bounces/routes.ts'
import type { ServerConfig } from '../../server/config.ts'
import { defaultRetentionPolicy } from '../../server/jobs/retentionPolicy.ts'
import { type Logger, silentLogger } from '../../server/logger.ts'
import { type RunningServer, startServer } from '../../server/startServer.ts'
import { freeLoopbackPort } from './freePort.ts'
import { createTestDatabase, type TestDatabase } from './testDatabase.ts'

export const testSecret = 'test-secret-that-is-long-enough-for-hmac-0123456789'

export interface TestServer extends RunningServer {
  database: TestDatabase
  /** The demo admin's API key. */
  apiKey: string
  /** fetch() against the server, with the admin key unless other headers are given. */
  api(path: string, init?: RequestInit & { json?: unknown }): Promise<Response>
}

export async function startTestServer(
  options: {
    clock?: Clock
    allowedOrigins?: string[]
    smtpUrl?: string
    logger?: Logger
    retentionSchedule?: string
    secret?: string
    rateLimitScale?: number
    previousSecrets?: string[]
    /** Adapters built by the test, e.g. SES with a certificate fetcher of its own. */
    webhookAdapters?: (db: Database) => WebhookAdapters
    /** Replaces fetching an SNS SubscribeURL, which would leave this machine. */
    confirmSubscription?: (url: string) => Promise<void>
  } = {},
): Promise<TestServer> {
  const database = await createTestDatabase()
  // Links in mails must point at this server, so the port is chosen before it starts.
  const port = await freeLoopbackPort()
  const config: ServerConfig = {
    port,
    host: '127.0.0.1',
    databaseUrl: database.url ?? undefined,
    dataDir: '',
    secret: options.secret ?? testSecret,
    previousSecrets: options.previousSecrets ?? [],
    publicUrl: `http://127.0.0.1:${port}`,
    demo: true,
    allowedOrigins: options.allowedOrigins ?? [],
    smtpUrl: options.smtpUrl,
    mailFrom: 'Voorkeurencentrum <no-reply@example.org>',
    linkLifetimeDays: 365,
    retentionSchedule: options.retentionSchedule ?? null,
    retentionPolicy: defaultRetentionPolicy,
    autoConsentSchedule: null,
    webhooks: {
      sesTopicArns: null,
      sendgridPublicKey: undefined,
      mailgunSigningKey: undefined,
      postmark: undefined,
    },
    // Tests send many requests from one address; the limits get a test of their own.
    rateLimitScale: options.rateLimitScale ?? 100,
    logLevel: 'silent',
  }
  const server = await startServer(config, {
    logger: options.logger ?? silentLogger(),
    clock: options.clock ?? systemClock,
    connection: database.connection,
    ...(options.webhookAdapters
      ? { webhookAdapters: options.webhookAdapters(database.connection.db) }
      : {}),
    confirmSubscription:
      options.confirmSubscription ??
      (async () => {
        throw new Error('This test server does not confirm SNS subscriptions.')
      }),
  })
  const apiKey = server.demo!.apiKey

  const api = (path: string, init: RequestInit & { json?: unknown } = {}) => {
    const { json, headers, ...rest } = init
    return fetch(`${server.url}${path}`, {
      ...rest,
      headers: {
        authorization: `Bearer ${apiKey}`,
        ...(json !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      ...(json !== undefined ? { body: JSON.stringify(json) } : {}),
    })
  }

  return {
    ...server,
    database,
    apiKey,
    api,
    close: async () => {
      await server.close()
      await database.dispose()
    },
  }
}
