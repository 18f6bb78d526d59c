import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { defineComponent, h } from 'vue'
import { NMessageProvider } from 'naive-ui'
import AboutDialog from '@/components/release/AboutDialog.vue'
import { installPlantel } from '@/plantel'
import type { StartupStatus } from '@/api/system'
import { byTestId, mountApp, resetBrowserState, settle, stubGo, waitFor } from './helpers'

let wrapper: VueWrapper | undefined
let onFailed: ((...data: unknown[]) => void) | undefined

beforeEach(() => {
  resetBrowserState()
  onFailed = undefined
  window.runtime = {
    EventsOn: (name: string, cb: (...data: unknown[]) => void) => {
      if (name === 'db:check-failed') onFailed = cb
      return () => { onFailed = undefined }
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

describe('the damaged-database dialog', () => {
  it('opens, blocking, when the background check fails, with the recovery advice and the latest backup', async () => {
    localStorage.setItem('plantel.language', 'es')
    const startup = withStartup(() => checking)
    ;({ wrapper } = await mountApp())
    expect(byTestId('db-damaged-dialog')).toBeNull()
    expect(onFailed).toBeDefined()
    onFailed!(failed)
    await settle()
    await waitFor(() => expect(byTestId('db-damaged-dialog')).not.toBeNull())
    const dialog = byTestId('db-damaged-dialog')!
    expect(dialog.textContent).toContain('La base de datos está dañada')
    expect(byTestId('db-damaged-stop')!.textContent).toContain('Deja de trabajar ahora')
    expect(byTestId('recovery-reason')!.textContent).toContain('El archivo de la base de datos está dañado.')
    expect(byTestId('recovery-backup')).not.toBeNull()
    // It cannot be dismissed: Escape leaves it open.
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))
    await settle()
    expect(byTestId('db-damaged-dialog')).not.toBeNull()
    byTestId('recovery-restore')!.click()
    await settle()
    expect(startup.RestoreLatest).toHaveBeenCalled()
    await waitFor(() => expect(byTestId('recovery-restarting')).not.toBeNull())
  })

  it('opens at mount when the check failed before the window listened', async () => {
    let status = checking
    withStartup(() => status)
    // The router's first status said checking; the failure came just after.
    ;({ wrapper } = await mountApp())
    expect(byTestId('db-damaged-dialog')).toBeNull()
    wrapper.unmount()
    status = failed
    ;({ wrapper } = await mountApp())
    await waitFor(() => expect(byTestId('db-damaged-dialog')).not.toBeNull())
    expect(byTestId('recovery-reason')!.getAttribute('data-code')).toBe('db_corrupt')
  })


  it('About says how the database check stands', async () => {
    let status = checking
    withStartup(() => status)
    ;(window.go!.app as Record<string, unknown>).AboutService = {
      Info: async () => ({ version: '0.1.0', commit: 'c', date: 'd', dataDir: '/d', logDir: '/d/logs', os: 'linux/amd64' }),
    }
    const Host = defineComponent({ props: { show: Boolean }, setup: (p) => () => h(NMessageProvider, () => h(AboutDialog, { show: p.show })) })
    wrapper = mount(Host, { attachTo: document.body, props: { show: true }, global: { plugins: [{ install: (app) => { installPlantel(app) } }] } })
    await waitFor(() => expect(byTestId('about-db-check')?.getAttribute('data-state')).toBe('checking'))
    expect(byTestId('about-db-check')!.textContent).toBe('Checking in the background…')
    await wrapper.setProps({ show: false })
    status = failed
    await wrapper.setProps({ show: true })
    await waitFor(() => expect(byTestId('about-db-check')?.getAttribute('data-state')).toBe('failed'))
  })
})
