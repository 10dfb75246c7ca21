// @ts-check
/** Runs the widget's browser tests in Debian's Chromium against a real preference server. */
import { fileURLToPath } from 'node:url'
import { esbuildPlugin } from '@web/dev-server-esbuild'
import { chromeLauncher } from '@web/test-runner-chrome'
import { chromiumArgs, chromiumPath } from './test/support/chromium.mjs'
import { embeddingPages } from './test/widget/runner/embeddingPages.mjs'
import { preferenceServer } from './test/widget/runner/preferenceServer.mjs'

const server = preferenceServer()

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
  middleware: embeddingPages(server.api),
  plugins: [
    esbuildPlugin({ ts: true, tsconfig: fileURLToPath(new URL('tsconfig.json', import.meta.url)) }),
    server.plugin,
  ],
  // Dev mode stays on for its warnings; its banner on every page is noise.
  filterBrowserLogs: ({ args }) => !String(args[0]).startsWith('Lit is in dev mode'),
  // One test file at a time: they all change the consent of the same demo person.
  concurrency: 1,
  testFramework: { config: { timeout: 20_000 } },
}
