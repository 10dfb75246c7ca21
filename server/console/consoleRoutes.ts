/**
 * Serves the operator console (built by console/vite.config.ts into dist/console) at /admin.
 * Every path without a file extension gets the console's page, so that a reload of
 * /admin/persons/12 lands where the operator was.
 */
import { readFile } from 'node:fs/promises'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'
import type { AppEnv } from '../http/appEnv.ts'
import { problemResponse } from '../http/problem.ts'

export function consoleRoutes(distDir: string) {
  const indexFile = `${distDir}/index.html`

  const consolePage = async () => {
    const html = await readFile(indexFile, 'utf8').catch(() => null)
    if (html === null) {
      return problemResponse({
        type: '/problems/console-not-built',
        title: 'The console has not been built',
        status: 503,
        detail: 'Run "npm run build" (npm start does this) to build the console.',
      })
    }
    return new Response(html, {
      headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' },
    })
  }

  return new Hono<AppEnv>()
    .use('/assets/*', async (c, next) => {
      await next()
      // Vite puts a content hash in every asset name, so a name never changes meaning.
      if (c.res.ok) c.header('cache-control', 'public, max-age=31536000, immutable')
    })
    .use(
      '/assets/*',
      serveStatic({ root: distDir, rewriteRequestPath: (path) => path.replace(/^\/admin/, '') }),
    )
    .get('/', consolePage)
    .get('/:path{[^.]*}', consolePage)
}
