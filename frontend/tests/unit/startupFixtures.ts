import { vi } from 'vitest'
import type { StartupStatus } from '@/api/system'
import { resetBrowserState, stubGo } from './helpers'

/** The start-up statuses of the background database check (app/dbcheck.go). */
export const checking: StartupStatus = { ok: true, code: '', check: 'checking', dataDir: '/d', dbPath: '/d/plantel.db', latestBackup: null }
export const failed: StartupStatus = {
  ...checking, ok: false, code: 'db_corrupt', check: 'failed',
  latestBackup: { path: '/d/backups/b.db', at: '2026-12-05T10:00:00Z', size: 1 },
}

const signedOut = () => ({ needsSetup: false, session: null, version: '0.1.0', workstationId: 'w' })

/** A signed-out window whose StartupService answers status(); its calls are spies. */
export function withStartup(status: () => StartupStatus) {
  stubGo({ Boot: signedOut })
  const startup = { Status: vi.fn(async () => status()), RestoreLatest: vi.fn(async () => undefined), Retry: vi.fn(async () => undefined) }
  ;(window.go!.app as Record<string, unknown>).StartupService = startup
  return startup
}

/** A fresh browser state and a Wails runtime whose 'db:check-failed' listener the test can call. */
export function installRuntime(): { failed: () => ((...data: unknown[]) => void) | undefined } {
  resetBrowserState()
  let onFailed: ((...data: unknown[]) => void) | undefined
  window.runtime = {
    EventsOn: (name: string, cb: (...data: unknown[]) => void) => {
      if (name === 'db:check-failed') onFailed = cb
      return () => { onFailed = undefined }
    },
  }
  return { failed: () => onFailed }
}
