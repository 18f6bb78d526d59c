/// <reference types="vitest/config" />
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import { fileURLToPath, URL } from 'node:url'

// The Go binary embeds frontend/dist (`all:frontend/dist`), so the build writes there.
// public/.gitkeep is copied into dist on every build: emptyOutDir removes the committed
// dist/.gitkeep and the copy puts it back, so `go build` works on a fresh clone too.
export default defineConfig({
  plugins: [vue()],
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  base: './',
  define: {
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false,
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  test: {
    environment: 'happy-dom',
    include: ['tests/unit/**/*.spec.ts'],
    setupFiles: ['tests/unit/setup.ts'],
    restoreMocks: true,
    // Pages mount lazily with Naive UI; on a loaded 2-core machine one test can take several
    // seconds. A slow machine is not a failure; a hang still is.
    testTimeout: 30_000,
    // The whole-app specs (shell.spec.ts: mountApp with the real router, Pinia and every
    // watcher of the shell) have failed one test at random, a different one each time, only on
    // a machine at load 10+ and never when run alone: under CI=true a failed test gets two more
    // tries; a test that really fails still fails all three.
    retry: process.env.CI ? 2 : 0,
  },
})
