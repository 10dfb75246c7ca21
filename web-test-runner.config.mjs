// @ts-check
/** Runs the widget's browser tests in Debian's Chromium against a real preference server. */
import { spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { esbuildPlugin } from '@web/dev-server-esbuild'
import { chromeLauncher } from '@web/test-runner-chrome'
import { chromiumArgs, chromiumPath } from './test/support/chromium.mjs'

const serverScript = 'test/support/browserTestServer.ts'

/** @type {import('@web/test-runner').TestRunnerConfig} */
export default {
  files: ['test/widget/**/*.test.ts'],
  nodeResolve: true,
  hostname: '127.0.0.1',
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: chromiumPath,
        headless: true,
        args: chromiumArgs,
      },
    }),
  ],
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: fileURLToPath(new URL('tsconfig.json', import.meta.url)) }),
    preferenceServerPlugin(),
  ],
  // Dev mode stays on for its warnings; its banner on every page is noise.
  filterBrowserLogs: ({ args }) => !String(args[0]).startsWith('Lit is in dev mode'),
  // One test file at a time: they all change the consent of the same demo person.
  concurrency: 1,
  testFramework: { config: { timeout: 15_000 } },
}

/**
 * Starts the real server once for all test files and serves what the tests need to reach
 * it at /smp-test-env.json, adding `closedApi`: an address where nothing listens. The
 * operator key stays in Node: the operator API rightly refuses cross-origin requests, so
 * tests read the ledger through the `smp-ledger` command.
 *
 * @returns {import('@web/test-runner').TestRunnerPlugin}
 */
function preferenceServerPlugin() {
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let child
  /** @type {Record<string, unknown>} */
  let server = {}
  /** @type {string | undefined} */
  let env
  const stopChild = () => child?.kill('SIGTERM')

  return {
    name: 'smp-preference-server',

    async serverStart() {
      // One process (no npx or tsx wrapper) so that killing its pid stops the server.
      child = spawn(process.execPath, ['--import', 'tsx', serverScript], {
        stdio: ['ignore', 'pipe', 'inherit'],
      })
      process.once('exit', stopChild)
      server = await readServerLine(child)
      const { api, token, expiredToken } = server
      env = JSON.stringify({ api, token, expiredToken, closedApi: await closedApi() })
    },

    serve(context) {
      if (context.path === '/smp-test-env.json') return { body: env, type: 'json' }
    },

    async executeCommand({ command }) {
      if (command !== 'smp-ledger') return undefined
      const { api, operatorKey, personId } = server
      const response = await fetch(`${api}/api/v1/persons/${personId}/consent-records`, {
        headers: { authorization: `Bearer ${operatorKey}` },
      })
      if (!response.ok) throw new Error(`consent-records answered ${response.status}`)
      return /** @type {{ records: unknown[] }} */ (await response.json()).records
    },

    async serverStop() {
      if (!child || child.exitCode !== null) return
      const exited = new Promise((resolve) => child?.once('exit', resolve))
      stopChild()
      await exited
    },
  }
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
