import { beforeAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { errorMessage, type Translate } from '@/api'
import { i18n } from '@/i18n'
import { avatarErrorMessage } from '@/utils/avatarErrors'
import { profileLock } from '@/utils/profileForm'
import { makeSession, mountApp, resetBrowserState, stubGo, typeInto, waitFor } from './helpers'
import { loadAllLanguages } from './languages'

// The specs below switch vue-i18n's locale directly: every language's messages are loaded first.
beforeAll(loadAllLanguages)

function tIn(locale: 'es' | 'en' | 'pt' | 'pl'): Translate {
  return (key, params) => {
    i18n.global.locale.value = locale
    return i18n.global.t(key, params ?? {})
  }
}

let wrapper: VueWrapper | undefined
beforeEach(() => resetBrowserState())
afterEach(() => {
  i18n.global.locale.value = 'en'
  wrapper?.unmount()
  wrapper = undefined
})

vi.setConfig({ testTimeout: 40_000 })

describe('profile lock (issue 12: built-in and organization-wide profiles are the Owner’s)', () => {
  const t = tIn('en')
  it('lets the caller change what Go marks editable, and says why not otherwise', () => {
    expect(profileLock({ builtin: true, workspaceId: '', editable: true }, t)).toBeNull()
    expect(profileLock({ builtin: false, workspaceId: 'ws', editable: undefined }, t)).toBeNull()
    expect(profileLock({ builtin: true, workspaceId: '', editable: false }, t)).toContain('only the Owner')
    expect(profileLock({ builtin: false, workspaceId: '', editable: false }, t)).toContain('across the organization')
    expect(profileLock({ builtin: false, workspaceId: 'other', editable: false }, t)).toContain('do not administer')
  })
})

describe('hardening errors are translated in every language', () => {
  const coded = [
    { code: 'validation', field: 'name', params: { rule: 'control_chars' } },
    { code: 'validation', field: 'file', params: { rule: 'too_many_columns', max: 64, row: 2 } },
    { code: 'validation', field: 'file', params: { rule: 'too_many_cells', max: 300000 } },
    { code: 'validation', params: { rule: 'csv_quote', row: 4 } },
    { code: 'validation', params: { rule: 'csv_fields', max: 2, row: 5 } },
    { code: 'validation', field: 'userId', params: { rule: 'not_admin' } },
  ]
  for (const locale of ['es', 'en', 'pt', 'pl'] as const) {
    it(locale, () => {
      const t = tIn(locale)
      const generic = t('errors.validation')
      for (const e of coded) {
        const text = errorMessage(t, e)
        expect(text, JSON.stringify(e)).not.toBe(generic)
        expect(text).not.toMatch(/validation\.|\{/)
      }
      expect(errorMessage(t, coded[1])).toContain('64')
      const avatar = avatarErrorMessage(t, { code: 'avatar_invalid', params: { reason: 'memory', width: 6300, height: 6300, maxBytes: 1 } })
      expect(avatar).toContain('6300')
      expect(avatar).not.toBe(t('errors.avatar_invalid'))
    })
  }
})

describe('Profiles page as an administrator of one workspace', () => {
  const OPTIONS = {
    icons: ['shield', 'headset', 'star'], modules: ['clients', 'agenda'], agentModules: ['clients', 'agenda'],
    colors: { admin: '#70C0E8', agent: '#F0A020' }, maxName: 60, maxDescription: 75,
  }
  const base = { icon: 'headset', color: '#F0A020', description: '', modules: ['clients'], users: 0, createdAt: '', updatedAt: '' }
  const PROFILES = [
    { ...base, id: 'pg', name: 'Agent', role: 'agent', builtin: true, workspaceId: '', editable: false },
    { ...base, id: 'po', name: 'Night shift', role: 'agent', builtin: false, workspaceId: '', editable: false },
    { ...base, id: 'pw', name: 'Lima retention', role: 'agent', builtin: false, workspaceId: 'wa', editable: true },
  ]

  it('offers edit and delete only on the profiles Go says are theirs, and says why not', async () => {
    const session = makeSession({ modules: ['users', 'profiles', 'clients', 'agenda'] }, { role: 'admin' })
    stubGo({ Boot: () => ({ needsSetup: false, session, version: '1', workstationId: 'w' }), Me: () => session, SignOut: () => null })
    window.go!.app!.ProfilesService = { Options: vi.fn(async () => OPTIONS), List: vi.fn(async () => PROFILES) } as never
    let router!: Awaited<ReturnType<typeof mountApp>>['router']
    ;({ wrapper, router } = await mountApp())
    await router.push('/profiles')
    await waitFor(() => expect(document.querySelectorAll('[data-testid="profile-row"]').length).toBe(3), 20_000)
    const button = (id: string, what: string) =>
      document.querySelector<HTMLButtonElement>(`[data-testid="profile-row"][data-profile-id="${id}"] [data-testid="${what}"]`)!
    for (const id of ['pg', 'po']) {
      expect(button(id, 'profile-edit').disabled, id).toBe(true)
      expect(button(id, 'profile-delete').disabled, id).toBe(true)
    }
    expect(button('pw', 'profile-edit').disabled).toBe(false)
    expect(button('pw', 'profile-delete').disabled).toBe(false)
  })

  it('makes a new profile in one of their workspaces, never organization-wide', async () => {
    const session = makeSession({ modules: ['users', 'profiles', 'clients', 'agenda'] }, { role: 'admin' })
    stubGo({ Boot: () => ({ needsSetup: false, session, version: '1', workstationId: 'w' }), Me: () => session, SignOut: () => null })
    const create = vi.fn(async (input: Record<string, unknown>) => ({ ...PROFILES[2], id: 'new', ...input }))
    window.go!.app!.ProfilesService = { Options: vi.fn(async () => OPTIONS), List: vi.fn(async () => PROFILES), Create: create } as never
    let router!: Awaited<ReturnType<typeof mountApp>>['router']
    ;({ wrapper, router } = await mountApp())
    await router.push('/profiles')
    await waitFor(() => expect(document.querySelectorAll('[data-testid="profile-row"]').length).toBe(3), 20_000)
    await waitFor(() => expect(document.querySelector<HTMLButtonElement>('[data-testid="profiles-new"]')?.disabled).toBe(false), 20_000)
    document.querySelector<HTMLButtonElement>('[data-testid="profiles-new"]')!.click()
    await waitFor(() => expect(document.querySelector('[data-testid="profile-name"]')).not.toBeNull(), 20_000)
    expect(document.querySelector('[data-testid="profile-workspace"]')).not.toBeNull()
    typeInto('profile-name', 'Lima evenings')
    document.querySelector<HTMLButtonElement>('[data-testid="profile-save"]')!.click()
    await waitFor(() => expect(create).toHaveBeenCalled(), 20_000)
    expect(create.mock.calls[0][0].workspaceId).toBe(session.workspaces[0].id)
    expect(session.workspaces[0].id).not.toBe('')
  })
})
