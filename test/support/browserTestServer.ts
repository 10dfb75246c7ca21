/**
 * Starts the real server for the browser tests and prints, as one JSON line, what they need:
 * its URL, tokens for the demo person, the demo site's key and the demo admin's API key.
 * Mails go to the SMTP server at SMTP_URL when set. Runs until killed.
 */
import { demoSite } from '../../demo/seed.ts'
import { signPersonToken } from '../../server/tokens/personToken.ts'
import { startTestServer, testSecret } from './testServer.ts'

const server = await startTestServer({ allowedOrigins: ['*'], smtpUrl: process.env.SMTP_URL })
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
  site: demoSite.publicKey,
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
