import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { SyncStatus } from '@/api'
import { byTestId, makeSession, mountApp, resetBrowserState, settle, stubGo, typeInto, waitFor } from './helpers'

vi.setConfig({ testTimeout: 20_000 })

let wrapper: VueWrapper | undefined
beforeEach(() => resetBrowserState())
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

const OFF: SyncStatus = {
  configured: false, serverUrl: '', deviceId: '', fingerprint: '', connected: false, running: false, lastSync: '',
  pending: 0, parked: 0, conflicts: 0, pulled: 0, cursor: 0, pulling: false, headKnown: false, pullDone: 0, pullTotal: 0, progress: 0,
  snapshot: false, copy: false, restart: false, error: '', clockAhead: false, seq: 1,
}
const ON: SyncStatus = {
  ...OFF, configured: true, serverUrl: 'https://sync.office.test', deviceId: 'dev-1', fingerprint: 'AB:CD', connected: true,
  lastSync: '2026-11-23T09:00:00.000Z', pending: 3, conflicts: 1,
}

function stubSync(methods: Record<string, (...args: any[]) => unknown>) {
  const service: Record<string, ReturnType<typeof vi.fn>> = {}
  for (const [name, impl] of Object.entries(methods)) {
    service[name] = vi.fn(async (...args: unknown[]) => {
      try {
        return await impl(...args)
      } catch (err) {
        throw new Error(JSON.stringify(err))
      }
    })
  }
  window.go!.app!.SyncService = service as never
  return service
}

async function open(path: string, user: Record<string, unknown>, sync: Record<string, (...args: any[]) => unknown>) {
  const session = makeSession({}, user)
  stubGo({ Boot: () => ({ needsSetup: false, session, version: '1', workstationId: 'w' }), Me: () => session })
  const svc = stubSync(sync)
  let router!: Awaited<ReturnType<typeof mountApp>>['router']
  ;({ wrapper, router } = await mountApp())
  await router.push(path)
  await settle()
  return svc
}

describe('sync in the window', () => {
  it('the status area says what is waiting and the server form enrolls with a code', async () => {
    let status = OFF
    const svc = await open('/sync', { role: 'owner', language: 'en' }, {
      Status: () => status,
      Enroll: (url: string, code: string) => { status = { ...ON, serverUrl: url }; expect(code).toBe('ABCD-1234'); return status },
      SyncNow: () => ({ ...status, pending: 0 }),
      Devices: () => [{ id: 'dev-1', name: 'Desk 1', created_at: '', last_seen_at: '', revoked: false, revoked_at: '' },
        { id: 'dev-2', name: 'Desk 2', created_at: '', last_seen_at: '', revoked: false, revoked_at: '' }],
      RevokeDevice: () => undefined,
      Conflicts: () => [],
    })
    await waitFor(() => expect(byTestId('sync-status-area')!.textContent).toContain('Not synced'))
    await waitFor(() => expect(byTestId('sync-enroll')).not.toBeNull())
    byTestId('sync-enroll')!.click()
    await settle()
    expect(byTestId('sync-form-error')!.textContent).toContain('Enter the server address and the code.')
    typeInto('sync-url', 'https://sync.office.test')
    typeInto('sync-code', 'ABCD-1234')
    byTestId('sync-enroll')!.click()
    await waitFor(() => expect(svc.Enroll).toHaveBeenCalledWith('https://sync.office.test', 'ABCD-1234'))
    await waitFor(() => expect(byTestId('sync-fingerprint')!.textContent).toBe('AB:CD'))
    expect(svc.SyncNow).toHaveBeenCalled()
    await waitFor(() => expect(byTestId('sync-devices')!.textContent).toContain('Desk 2'))
  })

  it('revoking a workstation says the key was renewed and marks the workstations still waiting for their key', async () => {
    let renewed = false
    const svc = await open('/sync', { role: 'owner', language: 'en' }, {
      Status: () => ON,
      Devices: () => [{ id: 'dev-1', name: 'Desk 1', created_at: '', last_seen_at: '', revoked: false, revoked_at: '', waiting_key: false },
        { id: 'dev-2', name: 'Desk 2', created_at: '', last_seen_at: '', revoked: renewed, revoked_at: '', waiting_key: false },
        { id: 'dev-3', name: 'Desk 3', created_at: '', last_seen_at: '', revoked: false, revoked_at: '', waiting_key: renewed }],
      RevokeDevice: () => { renewed = true; return { keyId: 'k-2', sealed: 0, waiting: ['dev-3'] } },
      Conflicts: () => [],
    })
    await waitFor(() => expect(byTestId('sync-revoke-dev-2')).not.toBeNull())
    byTestId('sync-revoke-dev-2')!.click()
    await waitFor(() => expect(document.querySelector('.n-popconfirm__action')).not.toBeNull())
    const buttons = document.querySelectorAll<HTMLButtonElement>('.n-popconfirm__action button')
    buttons[buttons.length - 1].click()
    await waitFor(() => expect(svc.RevokeDevice).toHaveBeenCalledWith('dev-2'))
    await waitFor(() => expect(document.body.textContent).toContain('The organization key was renewed'))
    expect(document.body.textContent).toContain('Desk 3 have not sent their device key yet: they receive the new key at their next sync')
    expect(byTestId('sync-waiting-key-dev-1')).toBeNull()
    await waitFor(() => expect(byTestId('sync-waiting-key-dev-3')!.textContent).toBe('Waits for its key'))
  })

  it('a status event that arrives after a newer one does not replace it', async () => {
    // The Wails dev server sends each event from its own goroutine: "receiving… 3" can reach
    // the window after the finished sync's status. Go numbers them; the window keeps the newest.
    const listeners: ((data: unknown) => void)[] = []
    const emit = (data: unknown) => { for (const cb of listeners) cb(data) }
    ;(window as unknown as { runtime: unknown }).runtime = {
      EventsOn: (name: string, cb: (data: unknown) => void) => {
        if (name === 'sync:status') listeners.push(cb)
        return () => {}
      },
    }
    try {
      await open('/sync', { role: 'owner', language: 'en' }, {
        Status: () => ON, Devices: () => [], Conflicts: () => [],
      })
      await waitFor(() => expect(listeners.length).toBeGreaterThan(0))
      emit({ ...ON, conflicts: 2, seq: 9 })
      emit({ ...ON, running: true, pulled: 3, seq: 8 })
      await settle()
      expect(byTestId('sync-status-area')!.textContent).toContain('2 conflicts')
      emit({ ...ON, running: true, pulled: 5, seq: 10 })
      await waitFor(() => expect(byTestId('sync-status-area')!.textContent).not.toContain('2 conflicts'))
    } finally {
      delete (window as unknown as { runtime?: unknown }).runtime
    }
  })

  it('an error shows in plain words in the user language', async () => {
    await open('/sync', { role: 'owner', language: 'es' }, {
      Status: () => ({ ...ON, connected: false, error: 'sync_unreachable' }),
      Devices: () => [],
      Conflicts: () => [],
    })
    await waitFor(() => expect(byTestId('sync-error')!.textContent).toContain('No se puede llegar al servidor de sincronización'))
    expect(byTestId('sync-status-area')!.textContent).toContain('Problema de sincronización')
  })

  it('a conflict is renamed from the Conflicts tab', async () => {
    let conflicts = [{ id: 7, source: 'push', table: 'users', rowId: 'u-1', hlc: 'h', code: 'conflict_unique', field: 'username',
      deleted: false, fields: { username: 'zed', first_name: 'Zed', last_name: 'Ruiz' }, actorId: 'o', deviceId: 'd',
      createdAt: '2026-11-23T09:00:00.000Z', resolvedAt: '', resolution: '' }]
    const svc = await open('/sync', { role: 'admin', language: 'en', }, {
      Status: () => ON, Devices: () => [],
      Conflicts: () => conflicts,
      ResolveConflict: () => { conflicts = [] },
    })
    await waitFor(() => expect(byTestId('sync-tabs')).not.toBeNull())
    document.querySelector<HTMLElement>('[data-name="conflicts"]')?.click()
    await waitFor(() => expect(byTestId('sync-conflicts')!.textContent).toContain('Another row already uses this username.'))
    expect(byTestId('sync-conflicts')!.textContent).toContain('Zed Ruiz (zed)')
    byTestId('conflict-rename-7')!.click()
    await waitFor(() => expect(byTestId('conflict-new-value')).not.toBeNull())
    typeInto('conflict-new-value', 'zed.ruiz')
    byTestId('conflict-rename-save')!.click()
    await waitFor(() => expect(svc.ResolveConflict).toHaveBeenCalledWith(7, 'rename', 'zed.ruiz'))
    await waitFor(() => expect(byTestId('sync-conflicts')!.textContent).toContain('No conflicts.'))
  })

  it('a refused new user is merged into the existing one; discarding asks first', async () => {
    const push = { id: 7, source: 'push', table: 'users', rowId: 'u-1', hlc: 'h', code: 'conflict_unique', field: 'username',
      deleted: false, fields: { username: 'zed', first_name: 'Zed', last_name: 'Ruiz' }, actorId: 'o', deviceId: 'd',
      createdAt: '2026-11-23T09:00:00.000Z', resolvedAt: '', resolution: '' }
    let conflicts = [push, { ...push, id: 8, source: 'pull', rowId: 'u-2' }, { ...push, id: 9, table: 'clients', field: 'name' }]
    const svc = await open('/sync', { role: 'owner', language: 'es' }, {
      Status: () => ({ ...ON, conflicts: 3 }), Devices: () => [],
      Conflicts: () => conflicts,
      ResolveConflict: (id: number) => { conflicts = conflicts.filter((c) => c.id !== id) },
    })
    await waitFor(() => expect(byTestId('sync-status-area')!.textContent).toContain('3 conflictos por resolver'))
    document.querySelector<HTMLElement>('[data-name="conflicts"]')?.click()
    await waitFor(() => expect(byTestId('conflict-merge-7')).not.toBeNull())
    expect(byTestId('sync-conflicts')!.textContent).toContain('Otra fila ya usa este nombre de usuario.')
    // Only a user the server refused can be merged (not the pulled side, not a client).
    expect(byTestId('conflict-merge-8')).toBeNull()
    expect(byTestId('conflict-merge-9')).toBeNull()
    byTestId('conflict-merge-7')!.click()
    await waitFor(() => expect(byTestId('conflict-merge-dialog')!.textContent).toContain('otro usuario ya tiene el nombre de usuario zed'))
    byTestId('conflict-merge-confirm')!.click()
    await waitFor(() => expect(svc.ResolveConflict).toHaveBeenCalledWith(7, 'merge', ''))
    await waitFor(() => expect(byTestId('conflict-merge-7')).toBeNull())
    // Discard is confirmed first (a refused edit shows the server's value again).
    byTestId('conflict-discard-9')!.click()
    await settle()
    expect(svc.ResolveConflict).toHaveBeenCalledTimes(1)
    await waitFor(() => expect(document.body.textContent).toContain('Se vuelve a mostrar lo que tiene el servidor.'))
  })

  it('a key code is typed to receive the organization key; the Owner makes one', async () => {
    let arrived = false
    const svc = await open('/sync', { role: 'owner', language: 'en' }, {
      Status: () => ({ ...ON, conflicts: 0 }), Devices: () => [], Conflicts: () => [],
      NewKeyCode: () => ({ code: 'KEY1-KEY2-KEY3-KEY4', expires_at: '' }),
      ReceiveKeys: () => ({ received: arrived, waiting: !arrived }),
    })
    await waitFor(() => expect(byTestId('sync-key-new')).not.toBeNull())
    byTestId('sync-key-new')!.click()
    await waitFor(() => expect(byTestId('sync-key-new-value')!.textContent).toBe('KEY1-KEY2-KEY3-KEY4'))
    typeInto('sync-key-code', 'abcd-efgh')
    await settle()
    byTestId('sync-key-receive')!.click()
    await waitFor(() => expect(byTestId('sync-key-note')!.textContent).toContain('The key has not arrived yet.'))
    expect(svc.ReceiveKeys).toHaveBeenCalledWith('abcd-efgh')
    arrived = true
    byTestId('sync-key-receive')!.click()
    await waitFor(() => expect(byTestId('sync-key-note')!.textContent).toContain('two-step sign-in works on this workstation'))
  })

  it('a large pull shows its percentage in the status area and a determinate bar on the Sync page', async () => {
    let status: SyncStatus = { ...ON, conflicts: 0, running: true, pulling: true, headKnown: true, pulled: 4000, cursor: 4000,
      pullDone: 4000, pullTotal: 10000, progress: 0.4 }
    await open('/sync', { role: 'owner', language: 'es' }, { Status: () => status, Devices: () => [], Conflicts: () => [] })
    await waitFor(() => expect(byTestId('sync-status-area')!.textContent).toContain('Recibiendo… 40 %'))
    await waitFor(() => expect(byTestId('sync-settings')!.textContent).toContain('4000 de 10.000 cambios · 40 %'))
    const bars = document.querySelectorAll('[data-testid="sync-progress-bar"]')
    expect([...bars].map((b) => b.getAttribute('aria-valuenow'))).toEqual(['40', '40'])
    // An older server (no head): the count received, an indeterminate bar.
    status = { ...status, headKnown: false, pullTotal: 0, pullDone: 0, progress: 0, seq: 2 }
    wrapper!.unmount()
    wrapper = undefined
    await open('/sync', { role: 'owner', language: 'es' }, { Status: () => status, Devices: () => [], Conflicts: () => [] })
    await waitFor(() => expect(byTestId('sync-status-area')!.textContent).toContain('Recibiendo… 4000'))
    expect(byTestId('sync-progress')!.getAttribute('data-determinate')).toBe('false')
  })
})
