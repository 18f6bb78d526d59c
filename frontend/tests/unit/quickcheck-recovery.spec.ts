import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { StartupStatus } from '@/api/system'
import { byTestId, mountApp, resetBrowserState, settle, stubGo, waitFor } from './helpers'

let wrapper: VueWrapper | undefined

beforeEach(() => {
  resetBrowserState()
  window.runtime = {
    EventsOn: (name: string, cb: (...data: unknown[]) => void) => {
      void name; void cb
      return () => {}
    },
  }
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  delete window.runtime
})

const signedOut = () => ({ needsSetup: false, session: null, version: '0.1.0', workstationId: 'w' })
const checking: StartupStatus = { ok: true, code: '', check: 'checking', dataDir: '/d', dbPath: '/d/plantel.db', latestBackup: null }
const failed: StartupStatus = {
  ...checking, ok: false, code: 'db_corrupt', check: 'failed',
  latestBackup: { path: '/d/backups/b.db', at: '2026-12-05T10:00:00Z', size: 1 },
}

function withStartup(status: () => StartupStatus) {
  stubGo({ Boot: signedOut })
  const startup = { Status: vi.fn(async () => status()), RestoreLatest: vi.fn(async () => undefined), Retry: vi.fn(async () => undefined) }
  ;(window.go!.app as Record<string, unknown>).StartupService = startup
  return startup
}

// A file of its own: the router asks the start-up status once per page load (api/system.ts).
describe('the damaged-database dialog', () => {
  it('stays out of the recovery window (a database that failed at start)', async () => {
    withStartup(() => ({ ...failed, check: 'failed' }))
    ;({ wrapper } = await mountApp())
    await waitFor(() => expect(byTestId('recovery-page')).not.toBeNull())
    await settle()
    expect(byTestId('db-damaged-dialog')).toBeNull()
    expect(document.querySelectorAll('[data-testid="recovery-reason"]').length).toBe(1)
  })
})
