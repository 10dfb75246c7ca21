/**
 * The product under benchmark, as it runs in production (startServer with pino logging at
 * `info`, here into /dev/null) but in a child process of its own: the benchmark's load
 * generator and the floor servers must not share its event loop. Started by the runner with
 * fork(); the database comes from the environment (hostProtocol.ts).
 */
import { sql } from 'drizzle-orm'
import { pino } from 'pino'
import { connectDatabase, rowsOf } from '../db/client.ts'
import type { ServerConfig } from '../server/config.ts'
import { defaultRetentionPolicy } from '../server/jobs/retentionPolicy.ts'
import { createLogger } from '../server/logger.ts'
import { startServer } from '../server/startServer.ts'
import { freeLoopbackPort } from '../test/support/freePort.ts'
import { hostDatabaseOf, serveParent } from './runner/hostProtocol.ts'

/**
 * Every request comes from 127.0.0.1, so the per-address limits (300 a minute on the
 * preference API) would answer 429 within a second. The limiters stay in the path, and so
 * does their cost; only their ceilings are raised.
 */
const benchRateLimitScale = 100_000

const database = hostDatabaseOf(process.env)
const secret = process.env.BENCH_SECRET
if (!secret) throw new Error('The product host needs BENCH_SECRET.')

const port = await freeLoopbackPort()
const config: ServerConfig = {
  port,
  host: '127.0.0.1',
  databaseUrl: 'url' in database ? database.url : undefined,
  dataDir: 'dataDir' in database ? database.dataDir : '',
  secret,
  previousSecrets: [],
  publicUrl: `http://127.0.0.1:${port}`,
  demo: false,
  allowedOrigins: [],
  smtpUrl: undefined,
  mailFrom: 'Voorkeurencentrum <no-reply@example.org>',
  linkLifetimeDays: 365,
  retentionSchedule: null,
  retentionPolicy: defaultRetentionPolicy,
  autoConsentSchedule: null,
  webhooks: {
    sesTopicArns: null,
    sendgridPublicKey: undefined,
    mailgunSigningKey: undefined,
    postmark: undefined,
  },
  rateLimitScale: benchRateLimitScale,
  logLevel: 'info',
}
const logger = createLogger({
  level: 'info',
  destination: pino.destination({ dest: '/dev/null', sync: false }),
})
const connection = await connectDatabase(
  'url' in database ? { url: database.url } : { dataDir: database.dataDir },
)
const server = await startServer(config, { logger, connection })

serveParent({
  query: async (text) => rowsOf(await connection.db.execute(sql.raw(text))),
  stop: async () => {
    await server.close()
    await connection.close()
  },
})
process.send?.({ type: 'ready', url: server.url })
