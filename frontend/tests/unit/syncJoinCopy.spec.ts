import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { SyncStatus } from '@/api'
import { byTestId, mountApp, resetBrowserState, settle, stubGo, typeInto, waitFor } from './helpers'

vi.setConfig({ testTimeout: 40_000 })

let wrapper: VueWrapper | undefined
beforeEach(() => resetBrowserState())
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

const JOINED: SyncStatus = {
  configured: true, serverUrl: 'https://sync.office.test', deviceId: 'dev-2', fingerprint: '', connected: true, running: false,
  lastSync: '', pending: 0, parked: 0, conflicts: 0, pulled: 0, cursor: 0, pulling: false, headKnown: true, pullDone: 0,
  pullTotal: 0, progress: 0, snapshot: false, copy: false, restart: false, error: '', clockAhead: false, seq: 1,
}

describe('joining a large organization', () => {
  it('says the app restarts into the downloaded copy, and does not go on to the sign-in', async () => {
    const boot = vi.fn(() => ({ needsSetup: true, session: null, version: '1', workstationId: 'w' }))
    stubGo({ Boot: boot })
    const sync = {
      Status: vi.fn(async () => ({ ...JOINED, configured: false })),
      Join: vi.fn(async () => JOINED),
      SyncNow: vi.fn(async () => ({ ...JOINED, copy: true, restart: true, pullDone: 10, pullTotal: 10, progress: 1 })),
    }
    window.go!.app!.SyncService = sync as never
    let router!: Awaited<ReturnType<typeof mountApp>>['router']
    ;({ wrapper, router } = await mountApp())
    await waitFor(() => expect(byTestId('setup-join-open')).not.toBeNull())
    byTestId('setup-join-open')!.click()
    await settle()
    typeInto('join-url', 'https://sync.office.test')
    typeInto('join-code', 'ABCD-1234')
    await settle()
    const calls = boot.mock.calls.length
    byTestId('join-submit')!.click()
    await waitFor(() => expect(byTestId('join-restarting')?.textContent).toContain('Plantel restarts to open it'))
    expect(sync.Join).toHaveBeenCalledWith('https://sync.office.test', 'ABCD-1234')
    expect(router.currentRoute.value.name).toBe('setup')
    expect(boot.mock.calls.length).toBe(calls)
  })
})
