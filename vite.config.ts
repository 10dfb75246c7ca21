import { defineConfig } from 'vitest/config'

/**
 * Builds the widget into one ES module (Lit included) that the server serves at
 * /widget/smp-preferences.js, and runs the server's vitest suites.
 */
export default defineConfig({
  build: {
    outDir: 'dist/widget',
    emptyOutDir: true,
    target: 'es2021',
    lib: {
      entry: 'widget/smp-preferences.ts',
      formats: ['es'],
      fileName: () => 'smp-preferences.js',
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/widget/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})
