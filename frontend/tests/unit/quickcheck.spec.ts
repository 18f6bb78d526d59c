import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { defineComponent, h } from 'vue'
import { NMessageProvider } from 'naive-ui'
import AboutDialog from '@/components/release/AboutDialog.vue'
import { installPlantel } from '@/plantel'
import { byTestId, mountApp, settle, waitFor } from './helpers'
import { checking, failed, installRuntime, withStartup } from './startupFixtures'

let wrapper: VueWrapper | undefined

let runtime: ReturnType<typeof installRuntime>
beforeEach(() => {
  runtime = installRuntime()
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  delete window.runtime
})

describe('the damaged-database dialog', () => {
  it('opens, blocking, when the background check fails, with the recovery advice and the latest backup', async () => {
    localStorage.setItem('plantel.language', 'es')
    const startup = withStartup(() => checking)
    ;({ wrapper } = await mountApp())
    expect(byTestId('db-damaged-dialog')).toBeNull()
    expect(runtime.failed()).toBeDefined()
    runtime.failed()!(failed)
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
