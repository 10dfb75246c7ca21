/** `npm start`: reads the environment, starts the server and stops it cleanly on a signal. */
import { demoOperators, demoPassword } from '../demo/demoOperators.ts'
import { readConfig } from './config.ts'
import { createLogger } from './logger.ts'
import { startServer } from './startServer.ts'

const config = readConfig(process.env)
const logger = createLogger({ level: config.logLevel })

try {
  const server = await startServer(config, { logger })
  const base = config.publicUrl

  if (server.demo) {
    process.stdout.write(
      [
        '',
        'SMP preference centre is running (demo data loaded).',
        `  Demo website:        ${base}/demo/`,
        `  Demo mailing:        ${base}/demo/mailing`,
        `  Sign-up form:        ${base}/demo/sign-up   (mails land in ${base}/demo/outbox)`,
        `  Widget script:       ${base}/widget/smp-preferences.js`,
        `  Operator console:    ${base}/admin`,
        `    sign in as ${demoOperators.map((operator) => operator.email).join(', ')}`,
        `    (admin, editor, viewer) with the password ${demoPassword}`,
        `  Operator API key:    ${server.demo.apiKey}`,
        `  Try:                 curl -H "Authorization: Bearer ${server.demo.apiKey}" ${base}/api/v1/opt-in-types`,
        '',
      ].join('\n') + '\n',
    )
  }

  const stop = async (signal: string) => {
    logger.info({ signal }, 'stopping')
    await server.close()
    process.exit(0)
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
} catch (error) {
  logger.fatal({ err: error }, 'could not start')
  // Exit even if a database pool or timer is still open: a supervisor must see the failure.
  process.exit(1)
}
