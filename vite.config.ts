import { defineConfig } from 'vitest/config'

/**
 * Builds the widget into one ES module (Lit included) that the server serves at
 * /widget/smp-preferences.js, and runs the server's vitest suites.
 */
export default defineConfig({
  // Lit's production build always, also when vitest (NODE_ENV=test) builds the widget.
  resolve: { conditions: ['module', 'browser', 'production'] },
  build: {
    outDir: 'dist/widget',
    emptyOutDir: true,
    target: 'es2021',
    // A plain build rather than library mode: library mode leaves ES output unminified.
    rollupOptions: {
      input: 'widget/smp-preferences.ts',
      output: { format: 'es', entryFileNames: 'smp-preferences.js' },
      preserveEntrySignatures: 'exports-only',
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/widget/**'],
    globalSetup: ['test/support/buildWidget.ts'],
    testTimeout: 30_000,
    // Browser screens render after their data arrives; on a busy machine that takes a while.
    expect: { poll: { timeout: 10_000 } },
    hookTimeout: 60_000,
    pool: 'forks',
  },
})
