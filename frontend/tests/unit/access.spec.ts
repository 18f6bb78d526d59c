import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { defineComponent, h } from 'vue'
import { NDialogProvider, NMessageProvider } from 'naive-ui'
import TwoFactorCard from '@/components/security/TwoFactorCard.vue'
import { installPlantel } from '@/plantel'
import type { Module, SessionInfo } from '@/api'
import { guardTarget } from '@/router'
import { codePoints, moduleLock, normalizeModules } from '@/utils/profileForm'
import { profileLabel } from '@/utils/profiles'
import { byTestId, makeSession, mountApp, resetBrowserState, settle, stubGo, typeInto, waitFor } from './helpers'

const ALL: Module[] = ['users', 'profiles', 'teams', 'campaigns', 'clients', 'agenda', 'reports', 'settings', 'sync', 'audit']
const AGENT_MODULES: Module[] = ['teams', 'campaigns', 'clients', 'agenda', 'reports']
const OPTIONS = {
  icons: ['shield', 'headset', 'star', 'ribbon', 'person', 'people', 'briefcase', 'call', 'chatbubbles', 'school', 'trophy', 'rocket'],
  modules: ALL, agentModules: AGENT_MODULES, colors: { admin: '#70C0E8', agent: '#F0A020' }, maxName: 60, maxDescription: 75,
}
const PROFILES = [
  { id: 'pa', name: 'Administrator', role: 'admin', icon: 'shield', color: '#70C0E8', description: '', modules: ['users', 'profiles'], builtin: true, users: 1, createdAt: '', updatedAt: '' },
  { id: 'pg', name: 'Agent', role: 'agent', icon: 'headset', color: '#F0A020', description: '', modules: ['clients', 'agenda'], builtin: true, users: 0, createdAt: '', updatedAt: '' },
  { id: 'pr', name: 'Retention', role: 'agent', icon: 'trophy', color: '#F0A020', description: 'Call-backs', modules: ['teams'], builtin: false, users: 3, createdAt: '', updatedAt: '' },
]

// Whole-app mounts are slow on a shared 2-core machine.
vi.setConfig({ testTimeout: 20_000 })
/** waitFor with room for lazy pages on a loaded machine. */
const wait = (check: () => void) => waitFor(check, 10_000)

let wrapper: VueWrapper | undefined
beforeEach(() => resetBrowserState())
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

function stubService(name: string, methods: Record<string, (...args: any[]) => unknown>): Record<string, ReturnType<typeof vi.fn>> {
  const service: Record<string, ReturnType<typeof vi.fn>> = {}
  for (const [method, impl] of Object.entries(methods)) {
    service[method] = vi.fn(async (...args: unknown[]) => {
      try {
        return await impl(...args)
      } catch (err) {
        throw err instanceof Error ? err : new Error(JSON.stringify(err))
      }
    })
  }
  window.go!.app![name] = service as never
  return service
}

async function boot(session: SessionInfo, me: () => SessionInfo = () => session) {
  const go = stubGo({ Boot: () => ({ needsSetup: false, session, version: '1', workstationId: 'w' }), Me: me, SignOut: () => null })
  return go
}

describe('profile form rules', () => {
  const base = { role: 'agent' as const, agentModules: AGENT_MODULES, actorRole: 'owner' as const, actorModules: ALL, stored: [] as Module[] }

  it('keeps administrator modules off agent profiles', () => {
    expect(moduleLock('users', base)).toBe('adminOnly')
    expect(moduleLock('settings', base)).toBe('adminOnly')
    expect(moduleLock('teams', base)).toBeNull()
    expect(moduleLock('users', { ...base, role: 'admin' })).toBeNull()
    expect(normalizeModules('agent', ['users', 'teams'], ALL, AGENT_MODULES)).toEqual(['teams'])
    expect(normalizeModules('admin', ['audit', 'users'], ALL, AGENT_MODULES)).toEqual(['users', 'audit'])
  })

  it('lets an administrator grant only modules they hold, but keep ones the profile has', () => {
    const admin = { ...base, actorRole: 'admin' as const, actorModules: ['profiles', 'clients'] as Module[] }
    expect(moduleLock('clients', admin)).toBeNull()
    expect(moduleLock('teams', admin)).toBe('notHeld')
    expect(moduleLock('teams', { ...admin, stored: ['teams'] })).toBeNull()
  })

  it('counts the description in code points, as Go does', () => {
    expect(codePoints('Agentes de retención 👩‍💻')).toBe(24) // 21 + woman, joiner, laptop
    expect(codePoints('ñ'.repeat(75))).toBe(75)
  })

  it('translates the built-in profiles by their builtin flag and role, not a custom name', () => {
    const t = (k: string) => ({ 'profiles.builtin.agent': 'Agente', 'profiles.builtin.admin': 'Administrador' })[k] ?? k
    expect(profileLabel({ name: 'Agent', role: 'agent', builtin: true }, t)).toBe('Agente')
    expect(profileLabel({ name: 'Administrator', role: 'admin' }, t)).toBe('Administrador')
    expect(profileLabel({ name: 'Call floor', role: 'agent', builtin: true }, t)).toBe('Call floor')
    expect(profileLabel({ name: 'Retention', role: 'agent', builtin: false }, t)).toBe('Retention')
  })
})

describe('Profiles page', () => {
  async function openPage(session = makeSession({}, { role: 'owner' })) {
    await boot(session)
    const svc = stubService('ProfilesService', {
      Options: () => OPTIONS, List: () => PROFILES,
      Create: (input: any) => ({ ...PROFILES[2], id: 'new', ...input }),
      Delete: () => { throw { code: 'profile_in_use', params: { users: 3 } } },
    })
    let router!: Awaited<ReturnType<typeof mountApp>>['router']
    ;({ wrapper, router } = await mountApp())
    await router.push('/profiles')
    await wait(() => expect(document.querySelectorAll('[data-testid="profile-row"]').length).toBe(3))
    return { svc, router }
  }

  it('shows icons in the role colour and the built-in names translated', async () => {
    await openPage(makeSession({}, { role: 'owner', language: 'es' }))
    await settle()
    const icons = [...document.querySelectorAll('[data-testid="profile-icon"]')].map((e) => e.getAttribute('data-color'))
    expect(icons).toEqual(['#70C0E8', '#F0A020', '#F0A020'])
    const names = [...document.querySelectorAll('[data-testid="profile-name-cell"]')].map((e) => e.textContent)
    expect(names).toEqual(['Administrador', 'Agente', 'Retention'])
  })

  it('counts the description against 75 characters and offers no Workspace module', async () => {
    const { svc } = await openPage()
    byTestId('profiles-new')!.click()
    await wait(() => expect(byTestId('profile-name')).not.toBeNull())
    typeInto('profile-name', 'Back office')
    const area = document.querySelector<HTMLTextAreaElement>('[data-testid="profile-description"] textarea')!
    area.value = 'd'.repeat(76)
    area.dispatchEvent(new Event('input', { bubbles: true }))
    await settle()
    expect(byTestId('profile-description-count')!.textContent!.trim()).toBe('76 / 75')
    expect(byTestId('profile-description-count')!.className).toContain('over')
    // "workspace" is no module any more (issue 11): the form does not offer it.
    expect(byTestId('profile-module-workspace')).toBeNull()
    expect(byTestId('profile-module-users')!.getAttribute('data-lock')).toBe('adminOnly')

    byTestId('profile-save')!.click()
    await settle()
    expect(svc.Create).not.toHaveBeenCalled()

    area.value = 'Handles paperwork'
    area.dispatchEvent(new Event('input', { bubbles: true }))
    await settle()
    expect(byTestId('profile-description-count')!.textContent!.trim()).toBe('17 / 75')
    byTestId('profile-save')!.click()
    await wait(() => expect(svc.Create).toHaveBeenCalled())
    expect(svc.Create.mock.calls[0][0]).toEqual({
      name: 'Back office', role: 'agent', icon: 'headset', description: 'Handles paperwork', modules: ['clients', 'agenda'],
      workspaceId: '', // the Owner's default: the whole organization
    })
  })

  it('lets an administrator manage agent profiles only, granting only modules they hold', async () => {
    const admin = makeSession({ modules: ['users', 'profiles', 'clients', 'agenda'] }, { role: 'admin' })
    await openPage(admin)
    const rows = document.querySelectorAll('[data-testid="profile-row"]')
    expect(rows[0].querySelector<HTMLButtonElement>('[data-testid="profile-edit"]')!.disabled).toBe(true)
    expect(rows[2].querySelector<HTMLButtonElement>('[data-testid="profile-edit"]')!.disabled).toBe(false)
    byTestId('profiles-new')!.click()
    await wait(() => expect(byTestId('profile-name')).not.toBeNull())
    expect(document.querySelector<HTMLInputElement>('[data-testid="profile-role-admin"] input')!.disabled).toBe(true)
    expect(byTestId('profile-module-teams')!.getAttribute('data-lock')).toBe('notHeld')
    expect(byTestId('profile-module-clients')!.getAttribute('data-lock')).toBe('')
  })

  it('tells how many users have a profile instead of deleting it, with the way to them', async () => {
    const { svc, router } = await openPage()
    const rows = document.querySelectorAll('[data-testid="profile-row"]')
    rows[2].querySelector<HTMLButtonElement>('[data-testid="profile-delete"]')!.click()
    await wait(() => expect(byTestId('profile-in-use-text')).not.toBeNull())
    expect(byTestId('profile-in-use-text')!.textContent).toContain('Users with the profile “Retention”: 3.')
    expect(svc.Delete).not.toHaveBeenCalled()
    stubService('UsersService', { List: () => ({ rows: [], total: 0 }), Options: () => ({}) })
    byTestId('profile-in-use-users')!.click()
    await wait(() => expect(router.currentRoute.value.fullPath).toBe('/users?profileId=pr'))
  })
})

/** The card alone, as the own profile page embeds it (no props). */
function mountCard(): void {
  const Host = defineComponent({ render: () => h(NMessageProvider, null, () => h(NDialogProvider, null, () => h(TwoFactorCard))) })
  wrapper = mount(Host, { attachTo: document.body, global: { plugins: [{ install: (app) => { installPlantel(app) } }] } })
}

describe('two-step sign-in', () => {
  const ENROLL = { secret: 'JBSWY3DPEHPK3PXPJBSWY3DP', uri: 'otpauth://totp/x', qrPng: 'iVBORw0KGgo=' }
  const CODES = Array.from({ length: 10 }, (_, i) => `AAAA-BBBB-CCCC-000${i}`)

  it('sends a session that must set it up to its page, and nowhere else', () => {
    const state = { needsSetup: false, signedIn: true, mustSetUpTwoFactor: true, hasModule: () => true }
    expect(guardTarget({ name: 'home', meta: {} }, state)).toEqual({ name: 'two-factor-setup' })
    expect(guardTarget({ name: 'two-factor-setup', meta: {} }, state)).toBeUndefined()
    expect(guardTarget({ name: 'two-factor-setup', meta: {} }, { ...state, mustSetUpTwoFactor: false })).toEqual({ name: 'home' })
    expect(guardTarget({ name: 'home', meta: {} }, { ...state, mustChangePassword: true })).toEqual({ name: 'change-password' })
  })

  it('walks the forced set-up: QR and key, code check, recovery codes once, then home', async () => {
    const forced = makeSession({}, { role: 'admin', mustSetUpTwoFactor: true })
    const done = makeSession({}, { role: 'admin', mustSetUpTwoFactor: false, twoFactorEnabled: true })
    let enabled = false
    await boot(forced, () => (enabled ? done : forced))
    const tf = stubService('TwoFactorService', {
      Status: () => ({ enabled, pending: false, required: true, recoveryCodesLeft: enabled ? 10 : 0 }),
      Enroll: () => ENROLL,
      Confirm: (req: { code: string }) => {
        if (req.code !== '123456') throw { code: 'code_invalid', field: 'code' }
        enabled = true
        return { codes: CODES }
      },
      SaveRecoveryCodes: () => ({ cancelled: false, path: '/tmp/codes.txt' }),
    })
    let router!: Awaited<ReturnType<typeof mountApp>>['router']
    ;({ wrapper, router } = await mountApp())
    expect(router.currentRoute.value.name).toBe('two-factor-setup')
    const card = () => byTestId('two-factor-card')!
    await wait(() => expect(card().getAttribute('data-step')).toBe('off'))
    expect(byTestId('two-factor-required-text')).not.toBeNull()

    byTestId('two-factor-start')!.click()
    await wait(() => expect(card().getAttribute('data-step')).toBe('enrolling'))
    expect(byTestId<HTMLImageElement>('two-factor-qr')!.src).toBe('data:image/png;base64,iVBORw0KGgo=')
    expect(byTestId('two-factor-secret')!.textContent).toBe('JBSW Y3DP EHPK 3PXP JBSW Y3DP')

    typeInto('two-factor-code', '12')
    byTestId('two-factor-confirm')!.click()
    await settle()
    expect(tf.Confirm).not.toHaveBeenCalled()
    expect(card().textContent).toContain('The code is not correct.')

    typeInto('two-factor-code', '654321')
    byTestId('two-factor-confirm')!.click()
    await wait(() => expect(tf.Confirm).toHaveBeenCalledTimes(1))
    await wait(() => expect(card().textContent).toContain('The code is not correct.'))
    expect(card().getAttribute('data-step')).toBe('enrolling')

    typeInto('two-factor-code', '123 456')
    byTestId('two-factor-confirm')!.click()
    await wait(() => expect(card().getAttribute('data-step')).toBe('codes'))
    expect(tf.Confirm).toHaveBeenLastCalledWith({ code: '123456' })
    expect([...document.querySelectorAll('[data-testid="recovery-code"]')].map((e) => e.textContent)).toEqual(CODES)

    byTestId('two-factor-save')!.click()
    await wait(() => expect(tf.SaveRecoveryCodes).toHaveBeenCalled())
    expect(tf.SaveRecoveryCodes.mock.calls[0][0].codes).toEqual(CODES)

    byTestId('two-factor-done')!.click()
    await wait(() => expect(router.currentRoute.value.name).toBe('home'))
    expect(document.querySelectorAll('[data-testid="recovery-code"]').length).toBe(0)
  })

  it('asks the password to turn it off and says when it is wrong; a required one cannot be turned off', async () => {
    await boot(makeSession({}, { role: 'agent', twoFactorEnabled: true }))
    let required = false
    const tf = stubService('TwoFactorService', {
      Status: () => ({ enabled: true, pending: false, required, recoveryCodesLeft: 2 }),
      Disable: () => { throw { code: 'invalid_credentials', field: 'password' } },
    })
    mountCard()
    await wait(() => expect(byTestId('two-factor-card')?.getAttribute('data-step')).toBe('on'))
    expect(byTestId('two-factor-codes-left')!.textContent).toContain('2')
    expect(byTestId('two-factor-codes-left')!.className).toContain('tf-low')
    byTestId('two-factor-disable')!.click()
    await wait(() => expect(byTestId('two-factor-password')).not.toBeNull())
    typeInto('two-factor-password', 'wrong one')
    byTestId('two-factor-password-submit')!.click()
    await wait(() => expect(tf.Disable).toHaveBeenCalledWith({ password: 'wrong one' }))
    await wait(() => expect(document.body.textContent).toContain('The password is not correct.'))

    wrapper!.unmount()
    wrapper = undefined
    resetBrowserState()
    required = true
    await boot(makeSession({}, { role: 'agent', twoFactorEnabled: true }))
    window.go!.app!.TwoFactorService = tf as never
    mountCard()
    await wait(() => expect(byTestId('two-factor-card')?.getAttribute('data-step')).toBe('on'))
    expect(byTestId<HTMLButtonElement>('two-factor-disable')!.disabled).toBe(true)
  })
})
