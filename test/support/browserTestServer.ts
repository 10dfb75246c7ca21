/**
 * Starts the real server for the browser tests and prints, as one JSON line, what they need:
 * its URL, tokens for the demo person and the demo admin's API key. Runs until killed.
 */
import { signPersonToken } from '../../server/tokens/personToken.ts'
import { startTestServer, testSecret } from './testServer.ts'

const server = await startTestServer({ allowedOrigins: ['*'] })
const demo = server.demo!
const inOneDay = new Date(Date.now() + 86_400_000)

const environment = {
  api: server.url,
  token: signPersonToken(
    { personId: demo.personId, contactMomentId: demo.contactMomentId, expiresAt: inOneDay },
    testSecret,
  ),
  expiredToken: signPersonToken(
    { personId: demo.personId, contactMomentId: null, expiresAt: new Date(Date.now() - 1000) },
    testSecret,
  ),
  operatorKey: server.apiKey,
  personId: demo.personId,
  contactMomentId: demo.contactMomentId,
}
process.stdout.write(`${JSON.stringify(environment)}\n`)

const stop = async () => {
  await server.close()
  process.exit(0)
}
process.once('SIGTERM', stop)
process.once('SIGINT', stop)
