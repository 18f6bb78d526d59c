import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { SessionInfo } from '@/api'
import type { UserDetail } from '@/api/profile'
import { byTestId, makeSession, mountApp, resetBrowserState, settle, stubGo, typeInto, waitFor } from './helpers'
import { makeDetail } from './profileFixtures'

// Each test mounts the whole app; on a loaded machine that can pass the default 5 s.
vi.setConfig({ testTimeout: 20_000 })

const AGENT_ID = '0193a1b2-7c4d-7e8f-9a0b-00000000a9e7'
let wrapper: VueWrapper | undefined

beforeEach(() => resetBrowserState())
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

type Impl = (...args: any[]) => unknown
function stubService(name: string, methods: Record<string, Impl>): Record<string, ReturnType<typeof vi.fn>> {
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

/** An agent of the admin's workspace, as Go describes them to an administrator. */
function agentDetail(over: Partial<UserDetail> = {}): UserDetail {
  return makeDetail({
    editable: ['profileId', 'workspaceIds', 'active', 'skills', 'customFields', 'firstName', 'lastName', 'username',
      'email', 'phone', 'extension', 'language', 'signature'],
    canDeactivate: true, canDelete: true, modules: ['clients', 'agenda', 'workspace'],
    can: { resetPassword: true, resetTwoFactor: true, changePhoto: true, transferOwnership: false },
    ...over,
  }, {
    id: AGENT_ID, shortId: '00a9e7', displayName: 'Jan Kowalski', firstName: 'Jan', lastName: 'Kowalski',
    username: 'jkowalski', email: 'jan@andes-cc.com', role: 'agent', profileId: 'pa', profileName: 'Agent',
    profileRole: 'agent', profileIcon: 'headset',
  })
}

/** Boots signed in as session and opens /users/<id> (with query), Go answering Get with detail. */
async function openUser(session: SessionInfo, detail: UserDetail, query: Record<string, string> = {}) {
  stubGo({
    Boot: () => ({ needsSetup: false, session, version: '1', workstationId: 'w' }),
    Me: () => session,
    CheckPassword: (req: { password: string }) => ({ ok: req.password.length >= 15, length: req.password.length, min: 15, max: 64, failures: [] }),
  })
  const users = stubService('UsersService', {
    Get: () => detail,
    Update: (_id: string, input: Record<string, unknown>) => ({ ...detail, phone: String(input.phone ?? detail.phone) }),
    History: () => ({ rows: [], total: 0 }),
    SignIns: () => ({ rows: [], total: 0 }),
    MyPreferences: () => ({ notifyFrequency: 'immediately', idleMinutes: 0 }),
    Options: () => ({ profiles: [{ id: 'pa', name: 'Agent', role: 'agent', icon: 'headset' }], teams: [], campaigns: [], workspaces: [] }),
  })
  const passwords = stubService('PasswordsService', { ResetUser: () => ({ password: 'Generated-Pass-1234567' }) })
  let router!: Awaited<ReturnType<typeof mountApp>>['router']
  ;({ wrapper, router } = await mountApp())
  await router.push({ name: 'user', params: { id: detail.user.id }, query })
  await settle()
  await waitFor(() => expect(byTestId('profile-header')).not.toBeNull())
  return { users, passwords, router }
}

const adminSession = () => makeSession({}, { role: 'admin' })

describe('a user profile page: controls follow what Go allows', () => {
  it('an administrator on an agent gets Edit, reset password, reset two-step and photo; no transfer', async () => {
    await openUser(adminSession(), agentDetail({ twoFactorEnabled: true }))
    expect(byTestId('profile-name')!.textContent).toBe('Jan Kowalski')
    expect(byTestId('profile-tag')!.getAttribute('data-profile-role')).toBe('agent')
    for (const id of ['profile-edit', 'profile-reset-password', 'profile-reset-2fa', 'avatar-change']) {
      expect(byTestId(id), id).not.toBeNull()
    }
    expect(byTestId('profile-transfer')).toBeNull()
    // Other people's pages have no Preferences or Security tab.
    expect(document.body.textContent).not.toContain('Preferences')
  })

  it('shows no edit or admin action on a user the signed-in user may only look at', async () => {
    await openUser(adminSession(), agentDetail({
      editable: [], canDeactivate: false, canDelete: false,
      can: { resetPassword: false, resetTwoFactor: false, changePhoto: false, transferOwnership: false },
    }, ))
    for (const id of ['profile-edit', 'profile-reset-password', 'profile-reset-2fa', 'avatar-change', 'profile-transfer', 'avatar-remove']) {
      expect(byTestId(id), id).toBeNull()
    }
  })

  it('offers the Owner the ownership transfer on an administrator', async () => {
    await openUser(makeSession({}, { role: 'owner' }), agentDetail({
      can: { resetPassword: true, resetTwoFactor: true, changePhoto: true, transferOwnership: true },
    }))
    expect(byTestId('profile-transfer')).not.toBeNull()
    // Without two-step sign-in on, there is nothing to reset.
    expect(byTestId('profile-reset-2fa')).toBeNull()
  })

  it('opens Details in edit mode with ?edit=1 and sends only the changed fields', async () => {
    const { users } = await openUser(adminSession(), agentDetail(), { edit: '1' })
    await waitFor(() => expect(byTestId('details-form')).not.toBeNull())
    typeInto('edit-phone', '+51 1 555 0199')
    await settle()
    byTestId('details-save')!.click()
    await settle()
    await waitFor(() => expect(users.Update).toHaveBeenCalledTimes(1))
    expect(users.Update.mock.calls[0]).toEqual([AGENT_ID, { phone: '+51 1 555 0199' }])
    await waitFor(() => expect(byTestId('details-view')).not.toBeNull())
  })

  it('shows the fields an administrator may not change on an invited user disabled, with the reason', async () => {
    await openUser(adminSession(), agentDetail({ invited: true, editable: ['profileId', 'workspaceIds', 'active', 'skills', 'customFields'] }))
    byTestId('profile-edit')!.click()
    await settle()
    await waitFor(() => expect(byTestId('details-form')).not.toBeNull())
    const first = document.querySelector<HTMLInputElement>('[data-testid="edit-firstName"] input')!
    expect(first.disabled).toBe(true)
    expect(byTestId('details-form')!.textContent).toContain('Jan joined by invitation: their personal data is theirs to change.')
  })

  it('on My profile: own e-mail and access disabled with the reason; Preferences and Security tabs; no admin actions', async () => {
    const session = makeSession({}, { role: 'agent' })
    stubGo({ Boot: () => ({ needsSetup: false, session, version: '1', workstationId: 'w' }), Me: () => session })
    stubService('UsersService', {
      Get: () => makeDetail({ editable: ['firstName', 'lastName', 'phone', 'language', 'signature', 'skills', 'customFields'] }, { role: 'agent' }),
      History: () => ({ rows: [], total: 0 }),
      SignIns: () => ({ rows: [], total: 0 }),
      MyPreferences: () => ({ notifyFrequency: 'hourly', idleMinutes: 10 }),
    })
    let router!: Awaited<ReturnType<typeof mountApp>>['router']
    ;({ wrapper, router } = await mountApp())
    await router.push({ name: 'profile' })
    await settle()
    await waitFor(() => expect(byTestId('profile-edit')).not.toBeNull())
    expect(byTestId('profile-reset-password')).toBeNull()
    expect(byTestId('avatar-change')).not.toBeNull()
    expect(document.body.textContent).toContain('Preferences')
    expect(document.body.textContent).toContain('Security')
    byTestId('profile-edit')!.click()
    await settle()
    await waitFor(() => expect(byTestId('details-form')).not.toBeNull())
    expect(document.querySelector<HTMLInputElement>('[data-testid="edit-email"] input')!.disabled).toBe(true)
    expect(document.querySelector<HTMLInputElement>('[data-testid="edit-phone"] input')!.disabled).toBe(false)
    const text = byTestId('details-form')!.textContent!
    expect(text).toContain('You cannot change your own e-mail address.')
    expect(text).toContain('Nobody can change their own role, profile or active state.')
  })

  it('resets a password with "generate" and shows it once, with a copy button', async () => {
    const { passwords } = await openUser(adminSession(), agentDetail())
    byTestId('profile-reset-password')!.click()
    await settle()
    await waitFor(() => expect(byTestId('reset-submit')).not.toBeNull())
    byTestId('reset-submit')!.click()
    await settle()
    expect(passwords.ResetUser).toHaveBeenCalledWith({ userId: AGENT_ID, password: '', repeat: '', generate: true })
    await waitFor(() => expect(byTestId('reset-generated')).not.toBeNull())
    expect(byTestId('reset-generated')!.textContent).toBe('Generated-Pass-1234567')
    expect(byTestId('reset-copy')).not.toBeNull()
    byTestId('reset-close')!.click()
    await settle(10)
    // Once closed, the password is gone from the page.
    await waitFor(() => expect(document.body.textContent).not.toContain('Generated-Pass-1234567'))
  })

  it('resets two-step sign-in after a confirmation, through TwoFactorService.ResetUser', async () => {
    await openUser(adminSession(), agentDetail({ twoFactorEnabled: true }))
    const tf = stubService('TwoFactorService', { ResetUser: () => undefined })
    byTestId('profile-reset-2fa')!.click()
    await settle()
    await waitFor(() => expect(byTestId('reset-2fa-confirm')).not.toBeNull())
    expect(document.body.textContent).toContain('Jan Kowalski will sign in with the password only')
    expect(tf.ResetUser).not.toHaveBeenCalled()
    byTestId('reset-2fa-confirm')!.click()
    await settle()
    await waitFor(() => expect(tf.ResetUser).toHaveBeenCalledWith(AGENT_ID))
  })

  it('History says each change as a sentence naming who did it, secrets only as changed, and pages from Go', async () => {
    const { users } = await openUser(adminSession(), agentDetail())
    users.History.mockImplementation(async (_id: string, offset: number) => ({
      total: 12,
      rows: offset === 0
        ? [{ id: 'h1', at: '2026-11-23T09:00:00.000Z', actorId: 'a', actorName: 'Ana Lozano', action: 'update', workstationId: 'w',
            changes: [{ field: 'phone', old: '', new: '+34 910 555 123' }, { field: 'password_hash', old: null, new: null, secret: true }] }]
        : [{ id: 'h11', at: '2026-11-22T09:00:00.000Z', actorId: 'a', actorName: 'Ana Lozano', action: 'create', workstationId: 'w',
            changes: [{ field: 'first_name', old: null, new: 'Jan' }] }],
    }))
    byTestId('tab-history')!.click()
    await settle()
    await waitFor(() => expect(byTestId('history-table')!.textContent).toContain('Ana Lozano set the phone to +34 910 555 123'))
    expect(byTestId('history-table')!.textContent).toContain('Ana Lozano changed the password')
    expect(users.History).toHaveBeenLastCalledWith(AGENT_ID, 0, 10)
    document.querySelector<HTMLElement>('[data-testid="history-table"] .n-pagination-item:not(.n-pagination-item--active):not(.n-pagination-item--button)')!.click()
    await settle()
    await waitFor(() => expect(users.History).toHaveBeenLastCalledWith(AGENT_ID, 10, 10))
    await waitFor(() => expect(byTestId('history-table')!.textContent).toContain('Ana Lozano created the account'))
  })

  it('resets a password typed twice: differing repeats are refused before Go, then the pair is sent', async () => {
    const { passwords } = await openUser(adminSession(), agentDetail())
    passwords.ResetUser.mockImplementation(async () => ({ password: '' }))
    byTestId('profile-reset-password')!.click()
    await settle()
    await waitFor(() => expect(byTestId('reset-mode-type')).not.toBeNull())
    byTestId('reset-mode-type')!.querySelector('input')!.click()
    await settle()
    await waitFor(() => expect(byTestId('reset-password')).not.toBeNull())
    typeInto('reset-password', 'Marmalade-Orbit-4471-sparrow')
    typeInto('reset-repeat', 'Marmalade-Orbit-4471-sparrox')
    await settle()
    expect(document.body.textContent).toContain('The two passwords are not the same.')
    expect(byTestId<HTMLButtonElement>('reset-submit')!.disabled).toBe(true)
    typeInto('reset-repeat', 'Marmalade-Orbit-4471-sparrow')
    await settle()
    byTestId('reset-submit')!.click()
    await settle()
    await waitFor(() => expect(passwords.ResetUser).toHaveBeenCalledWith({
      userId: AGENT_ID, password: 'Marmalade-Orbit-4471-sparrow', repeat: 'Marmalade-Orbit-4471-sparrow', generate: false,
    }))
    await waitFor(() => expect(document.body.textContent).toContain('The password of Jan Kowalski has been reset.'))
    expect(byTestId('reset-generated')).toBeNull()
  })
})
