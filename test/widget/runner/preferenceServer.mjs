// @ts-check
/**
 * The web-test-runner plugin that gives the browser tests a real preference server: it builds
 * the widget, starts an SMTP mailbox and the server, and answers the tests' commands.
 */
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { createInterface } from 'node:readline'
import { build } from 'vite'
import { startMailbox } from './mailbox.mjs'

const serverScript = 'test/support/browserTestServer.ts'

/**
 * @typedef {object} RunningServer
 * @property {string} api - The server's origin.
 * @property {string} token - A person token for the demo person.
 * @property {string} expiredToken - An expired token for the demo person.
 * @property {string} operatorKey - The demo admin's API key; it never reaches the browser.
 * @property {number} personId - The demo person.
 * @property {string} site - The demo site's public key.
 */

/**
 * Starts everything once for all test files and serves what the tests may know at
 * /smp-test-env.json, adding `closedApi` (a loopback address where nothing listens) and
 * `demoEmail`. The operator key stays in Node: the operator API rightly refuses cross-origin
 * requests, so tests read the ledger and create persons through commands.
 *
 * Commands: `smp-ledger` ({ personId } or { email }, default the demo person), `smp-person`
 * (a new person and a token for them), `smp-mail-mark`, `smp-mail` ({ to, after }: the next
 * mail to that address) and `smp-browse` ({ url, submit }: open a page from a mail in a new
 * tab, and with `submit` press its form's button).
 *
 * @returns {{ plugin: import('@web/test-runner').TestRunnerPlugin, api: () => string }}
 */
export function preferenceServer() {
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let child
  /** @type {RunningServer | undefined} */
  let server
  /** @type {Awaited<ReturnType<typeof startMailbox>> | undefined} */
  let mailbox
  /** @type {string | undefined} */
  let env
  let people = 0
  const stopChild = () => child?.kill('SIGTERM')
  const running = () => {
    if (!server) throw new Error('The preference server has not started')
    return server
  }

  /**
   * The operator API as the demo admin.
   *
   * @param {string} path
   * @param {unknown} [json]
   * @returns {Promise<any>}
   */
  const operator = async (path, json) => {
    const { api, operatorKey } = running()
    const response = await fetch(`${api}${path}`, {
      method: json === undefined ? 'GET' : 'POST',
      headers: { authorization: `Bearer ${operatorKey}`, 'content-type': 'application/json' },
      body: json === undefined ? undefined : JSON.stringify(json),
    })
    if (!response.ok) throw new Error(`${path} answered ${response.status}`)
    return response.json()
  }

  /** @type {Record<string, (payload: any, session: any) => Promise<unknown>>} */
  const commands = {
    async 'smp-ledger'(payload) {
      let personId = payload?.personId ?? running().personId
      if (payload?.email) {
        const { persons } = await operator(
          `/api/v1/persons?email=${encodeURIComponent(payload.email)}`,
        )
        if (!persons.length) return []
        personId = persons[0].id
      }
      return (await operator(`/api/v1/persons/${personId}/consent-records`)).records
    },

    async 'smp-person'() {
      const email = `widget-test-${++people}-${Date.now()}@example.org`
      const person = await operator('/api/v1/persons', {
        firstName: 'Test',
        lastName: 'Person',
        email,
      })
      const { token } = await operator(`/api/v1/persons/${person.id}/preference-links`, {})
      return { personId: person.id, email, token }
    },

    async 'smp-mail-mark'() {
      return mailbox?.mark()
    },

    async 'smp-mail'(payload) {
      if (!mailbox) throw new Error('The mailbox has not started')
      return mailbox.next(payload.to, payload.after ?? 0)
    },

    async 'smp-browse'(payload, session) {
      return browse(
        session.browser.getPage(session.id),
        onServer(payload.url, running().api),
        payload.submit,
      )
    },
  }

  /** @type {import('@web/test-runner').TestRunnerPlugin} */
  const plugin = {
    name: 'smp-preference-server',

    async serverStart() {
      // The server serves dist/widget, which the embedding tests load: build it from this
      // source, with Lit's production build whatever NODE_ENV says, as `npm start` ships it.
      await build({
        logLevel: 'warn',
        resolve: { conditions: ['module', 'browser', 'production'] },
      })
      mailbox = await startMailbox()

      // One process (no npx or tsx wrapper) so that killing its pid stops the server.
      child = spawn(process.execPath, ['--import', 'tsx', serverScript], {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, SMTP_URL: mailbox.url },
      })
      process.once('exit', stopChild)
      server = /** @type {RunningServer} */ (await readServerLine(child))

      const { api, token, expiredToken, site, personId } = server
      const person = await operator(`/api/v1/persons/${personId}`)
      env = JSON.stringify({
        api,
        token,
        expiredToken,
        site,
        demoEmail: person.email,
        closedApi: await closedApi(),
      })
    },

    serve(context) {
      if (context.path === '/smp-test-env.json') return { body: env, type: 'json' }
    },

    async executeCommand({ command, payload, session }) {
      return commands[command]?.(payload, session)
    },

    async serverStop() {
      await mailbox?.close()
      if (!child || child.exitCode !== null) return
      const exited = new Promise((resolve) => child?.once('exit', resolve))
      stopChild()
      await exited
    },
  }

  return { plugin, api: () => running().api }
}

/**
 * The link moved onto the running server. Mails link to the server's public URL, which in
 * tests names no port; anything that is not loopback is refused, so no test leaves the host.
 *
 * @param {string} link
 * @param {string} api
 */
function onServer(link, api) {
  const url = new URL(link)
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw new Error(`Refusing to open ${url.origin}: tests stay on loopback`)
  }
  const server = new URL(api)
  url.protocol = server.protocol
  url.host = server.host
  return url.href
}

/**
 * Opens a page in a new tab of the test browser, as a person clicking a link in a mail
 * would, and with `submit` presses the button of its POST form.
 *
 * @param {import('puppeteer-core').Page} testPage
 * @param {string} url
 * @param {boolean} submit
 */
async function browse(testPage, url, submit) {
  const tab = await testPage.browserContext().newPage()
  try {
    const opened = await tab.goto(url)
    const page = { status: opened?.status() ?? 0, text: await tab.$eval('body', bodyText) }
    if (!submit) return page

    const button = await tab.$(
      'form[method="post" i] button, form[method="post" i] [type="submit"]',
    )
    if (!button) throw new Error(`No POST form with a button at ${url}`)
    const [submitted] = await Promise.all([tab.waitForNavigation(), button.click()])
    return {
      ...page,
      submitted: { status: submitted?.status() ?? 0, text: await tab.$eval('body', bodyText) },
    }
  } finally {
    await tab.close()
  }
}

/** @param {Element} body */
function bodyText(body) {
  return /** @type {HTMLElement} */ (body).innerText
}

/**
 * The first stdout line that is the server's JSON description; log lines before it are
 * skipped.
 *
 * @param {import('node:child_process').ChildProcess} child
 * @returns {Promise<Record<string, unknown>>}
 */
function readServerLine(child) {
  return new Promise((resolve, reject) => {
    if (!child.stdout) return reject(new Error('The test server has no stdout'))
    const lines = createInterface({ input: child.stdout })
    const timer = setTimeout(() => reject(new Error(`${serverScript} printed no api`)), 60_000)
    child.once('exit', (code) => reject(new Error(`${serverScript} exited with ${code}`)))
    lines.on('line', (line) => {
      try {
        const value = JSON.parse(line)
        if (typeof value?.api !== 'string' || typeof value?.token !== 'string') return
        clearTimeout(timer)
        resolve(value)
      } catch {
        // Not JSON: ordinary output before the description line.
      }
    })
  })
}

/**
 * An address on a loopback port that was free a moment ago, so requests fail like an outage.
 *
 * @returns {Promise<string>}
 */
function closedApi() {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address ? address.port : 0
      probe.close(() => resolve(`http://127.0.0.1:${port}`))
    })
  })
}
