import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { SessionInfo, SetupRequest } from '@/api'
import { byTestId, makeSession, mountApp, resetBrowserState, settle, stubGo, typeInto, waitFor } from './helpers'

let wrapper: VueWrapper | undefined

beforeEach(() => resetBrowserState())
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

const emptyFigures = {
  scope: 'all', workspaceId: '', workspaces: [], today: '2026-11-23',
  users: { total: 0, byStatus: [], byProfile: [], presence: [] },
  campaigns: { total: 0, active: 0, staff: [] },
  portfolio: { clients: 0, unassigned: 0, owners: 0, top: [], restOwners: 0, restClients: 0, min: 0, median: 0, max: 0 },
  followups: { overdue: 0, today: 0, byOwner: [], restOwners: 0 },
}

describe('the setup page with demo data', () => {
  it('creates the Owner and the demo in one step, shows the demo password, then opens the dashboard', async () => {
    let session: SessionInfo | null = null
    stubGo({
      Boot: () => ({ needsSetup: session === null, session, version: '1', workstationId: 'w' }),
      CheckPassword: () => ({ ok: true, length: 30, min: 15, max: 64, failures: [] }),
    })
    const demoSetup = vi.fn(async (req: SetupRequest) => {
      session = makeSession({ orgName: req.orgName }, { role: 'owner', language: 'en' })
      return {
        session,
        demo: { workspaces: 3, users: 150, teams: 12, campaigns: 10, clients: 5000, followups: 3668,
          password: 'plantel-demo-2026', adminLogin: 'mcastillo', agentLogin: 'adiaz2', elapsedMs: 1400 },
      }
    })
    const figures = vi.fn(async () => emptyFigures)
    window.go!.app!.DemoService = { Setup: demoSetup as never }
    window.go!.app!.DashboardService = { Figures: figures as never }
    ;({ wrapper } = await mountApp())
    await waitFor(() => expect(byTestId('setup-demo')).not.toBeNull())

    byTestId('setup-demo')!.querySelector<HTMLElement>('.n-checkbox-box-wrapper, .n-checkbox')!.click()
    await settle()
    expect(byTestId('setup-workspace')!.querySelector('input')!.value).toBe('Madrid')
    typeInto('setup-org', 'Demo CC')
    typeInto('setup-first-name', 'Rosa')
    typeInto('setup-last-name', 'Vidal')
    typeInto('setup-username', 'rvidal')
    typeInto('setup-email', 'rosa@demo.test')
    typeInto('setup-password', 'verde caballo batería grapa')
    typeInto('setup-password-repeat', 'verde caballo batería grapa')
    await settle()
    byTestId<HTMLButtonElement>('setup-submit')!.click()
    await waitFor(() => expect(demoSetup).toHaveBeenCalledTimes(1))
    expect(demoSetup.mock.calls[0][0]).toMatchObject({ workspaceName: 'Madrid', username: 'rvidal', password: 'verde caballo batería grapa' })

    await waitFor(() => expect(byTestId('demo-ready')).not.toBeNull())
    const note = byTestId('demo-password-note')!.textContent!
    expect(note).toContain('plantel-demo-2026')
    expect(note).toContain('mcastillo')
    expect(byTestId('demo-ready')!.textContent).toContain('5,000')

    byTestId<HTMLButtonElement>('demo-start')!.click()
    await waitFor(() => expect(byTestId('dashboard-page')).not.toBeNull(), 15_000)
    expect(figures).toHaveBeenCalled()
    await waitFor(() => expect(byTestId('chart-status-empty')).not.toBeNull(), 10_000)
  }, 30_000)
})
