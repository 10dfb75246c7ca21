import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vite'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

/**
 * Builds the operator console, served by the server at /admin with assets under
 * /admin/assets. Lit's production build, also when vitest (NODE_ENV=test) builds it.
 */
export default defineConfig({
  root: here('.'),
  base: '/admin/',
  publicDir: false,
  resolve: { conditions: ['module', 'browser', 'production'] },
  build: {
    outDir: here('../dist/console'),
    emptyOutDir: true,
    target: 'es2022',
    // No inline script or style may land in index.html: the CSP allows only files.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
  },
})
