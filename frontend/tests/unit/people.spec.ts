import { beforeAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { NSelect } from 'naive-ui'
import type { ImportPreview, ImportRow } from '@/api'
import { i18n } from '@/i18n'
import { countOk, defaultPattern, domainOf, percent } from '@/components/users/bulkPattern'
import { rowErrorText } from '@/components/users/importErrors'
import { badRowsFirst, canRunImport } from '@/components/common/importDialog'
import { addEmails, blankRow, isEmail, rowProblems, splitEmails, toInviteRows } from '@/components/users/inviteRows'
import { relativeFrom } from '@/components/users/relative'
import { profileLabel } from '@/utils/profiles'
import { filtersFromQuery, queryHasFilters } from '@/components/users/routeFilters'
import { byTestId, makeSession, mountApp, resetBrowserState, settle, stubGo, typeInto, waitFor } from './helpers'
import { loadAllLanguages } from './languages'

// The specs below switch vue-i18n's locale directly: every language's messages are loaded first.
beforeAll(loadAllLanguages)

const t = (key: string, params?: Record<string, unknown>) => i18n.global.t(key, params ?? {})

describe('invite rows form', () => {
  it('splits typed or pasted addresses on commas, semicolons, spaces and new lines', () => {
    expect(splitEmails('Ana@Example.com, ben@example.com;\n<carla@example.com>  ')).toEqual(['ana@example.com', 'ben@example.com', 'carla@example.com'])
    expect(addEmails(['ana@example.com'], 'ANA@example.com dan@example.com')).toEqual(['ana@example.com', 'dan@example.com'])
  })

  it('tells good addresses from bad ones', () => {
    expect(isEmail('maria.lopez@office.local')).toBe(true)
    for (const bad of ['maria', 'maria@', '@office.local', 'maria@office', 'ma ria@office.local', 'rita.lobo(at)example.com']) expect(isEmail(bad)).toBe(false)
  })

  it('names every problem by row and field: empty, malformed, repeated across rows, no profile, no workspace', () => {
    const rows = [
      { ...blankRow(['w1'], 'p-agent'), emails: ['ana@example.com', 'not-an-address'] },
      { ...blankRow([], null), emails: ['ana@example.com'] },
      { ...blankRow(['w1'], 'p-admin'), emails: [] },
    ]
    expect(rowProblems(rows)).toEqual([
      { row: 0, field: 'emails', rule: 'email', email: 'not-an-address' },
      { row: 1, field: 'emails', rule: 'duplicate', email: 'ana@example.com' },
      { row: 1, field: 'profileId', rule: 'required' },
      { row: 1, field: 'workspaceIds', rule: 'required' },
      { row: 2, field: 'emails', rule: 'required' },
    ])
  })

  it('sends one InviteRow per form row, in the inviter\'s language', () => {
    const rows = [{ ...blankRow(['w1'], 'p-agent'), emails: ['a@example.com', 'b@example.com'] }, { ...blankRow(['w1'], 'p-admin'), emails: ['c@example.com'] }]
    expect(rowProblems(rows)).toEqual([])
    expect(toInviteRows(rows)).toEqual([
      { emails: ['a@example.com', 'b@example.com'], profileId: 'p-agent', workspaceIds: ['w1'], language: '' },
      { emails: ['c@example.com'], profileId: 'p-admin', workspaceIds: ['w1'], language: '' },
    ])
  })
})

describe('bulk pattern', () => {
  it('starts from agent{n:3} on the actor\'s own domain', () => {
    expect(defaultPattern(domainOf('olivia.marsh@northwind.example'))).toBe('agent{n:3}@northwind.example')
    expect(domainOf('')).toBe('office.local')
    expect(domainOf('root@localhost')).toBe('office.local')
  })
  it('accepts counts from 1 to 500 and shows progress as a percentage', () => {
    expect([0, 1, 500, 501, 2.5, null].map((n) => countOk(n))).toEqual([false, true, true, false, false, false])
    expect([percent(0, 0), percent(1, 3), percent(500, 500)]).toEqual([0, 33, 100])
  })
})

function importRow(line: number, errors: ImportRow['errors'] = []): ImportRow {
  return {
    line, firstName: 'Ana', lastName: 'Ruiz', username: 'aruiz', email: 'ana@example.com', phone: '', extension: '',
    language: 'es', profile: 'Agent', workspaces: ['Main floor'], profileId: 'p', workspaceIds: ['w'], proposed: false, errors,
  }
}

describe('import preview states', () => {
  const bad = importRow(4, [{ code: 'validation', field: 'email', params: { rule: 'email' } }])
  const preview = (rows: ImportRow[]): ImportPreview => ({
    rows, valid: rows.filter((r) => !r.errors?.length).length, invalid: rows.filter((r) => r.errors?.length).length,
  })

  // One behaviour for users and clients (components/common/ImportDialog.vue): Import is offered
  // only when it can happen — a file with bad rows needs "import the valid rows only" ticked —
  // and the bad rows are listed first.
  it('offers Import only when it will import something, bad rows first', () => {
    expect(canRunImport(preview([]), false)).toBe(false)
    expect(canRunImport(preview([bad]), true)).toBe(false)
    expect(canRunImport(preview([importRow(2)]), false)).toBe(true)
    expect(canRunImport(preview([importRow(2), bad]), false)).toBe(false)
    expect(canRunImport(preview([importRow(2), bad]), true)).toBe(true)
    expect(badRowsFirst([importRow(2), importRow(3), bad]).map((r) => r.line)).toEqual([4, 2, 3])
  })

  it('translates each row error with its field, in the interface language', () => {
    i18n.global.locale.value = 'en'
    expect(rowErrorText(t, bad.errors![0])).toBe('E-mail: Enter a valid e-mail address.')
    expect(rowErrorText(t, { code: 'conflict_unique', field: 'username', params: { line: 2 } })).toBe('Username: repeats line 2')
    expect(rowErrorText(t, { code: 'validation', field: 'workspaces', params: { rule: 'unknown', name: 'Sótano' } })).toBe('Workspaces: “Sótano” does not exist')
    expect(rowErrorText(t, { code: 'permission_denied', field: 'profile' })).toBe('Profile: you may not give this')
    i18n.global.locale.value = 'es'
    expect(rowErrorText(t, bad.errors![0])).toMatch(/^Correo electrónico: /)
    i18n.global.locale.value = 'en'
  })
})

describe('route query → list filters', () => {
  it('maps each parameter to its filter, repeated or comma-separated, dropping unknown statuses and roles', () => {
    expect(filtersFromQuery({ status: 'inactive', role: ['admin', 'agent'], profileId: 'p1,p2', teamId: 't1', campaignId: 'c1', workspaceId: 'w1' })).toEqual({
      statuses: ['inactive'], roles: ['admin', 'agent'], profiles: ['p1', 'p2'], teams: ['t1'], campaigns: ['c1'], workspaces: ['w1'],
    })
    expect(filtersFromQuery({ status: 'sleeping,active', role: 'root' })).toEqual({ statuses: ['active'], roles: [] })
    // The dashboard's presence chart: /users?status=active&presence=online,busy (unknown presences dropped).
    expect(filtersFromQuery({ status: 'active', presence: 'online,busy,asleep' })).toEqual({ statuses: ['active'], presences: ['online', 'busy'] })
    expect(queryHasFilters({ presence: 'away' })).toBe(true)
    expect(filtersFromQuery({ edit: '1' })).toEqual({})
    expect(queryHasFilters({ edit: '1' })).toBe(false)
    expect(queryHasFilters({ teamId: 't1' })).toBe(true)
  })
})

describe('profile names and times', () => {
  it('translates the built-in profiles by their Go names and keeps custom ones', () => {
    i18n.global.locale.value = 'es'
    expect(profileLabel({ name: 'Agent', role: 'agent' }, t)).toBe('Agente')
    expect(profileLabel({ name: 'Administrator', role: 'admin' }, t)).toBe('Administrador')
    expect(profileLabel({ name: 'Agent', role: 'admin' }, t)).toBe('Agent')
    expect(profileLabel({ name: 'Supervisión', role: 'admin' }, t)).toBe('Supervisión')
    // A built-in profile the Owner renamed, and a custom profile that took a built-in name, as typed.
    expect(profileLabel({ name: 'Agent', role: 'agent', builtin: false }, t)).toBe('Agent')
    i18n.global.locale.value = 'pl'
    expect(profileLabel({ name: 'Agent', role: 'agent', builtin: true }, t)).toBe('Konsultant')
    i18n.global.locale.value = 'en'
  })
  it('says an invitation\'s expiry in hours up to two days', () => {
    const now = Date.parse('2026-11-23T12:00:00Z')
    expect(relativeFrom('2026-11-24T12:00:00Z', 'en', now)).toBe('in 24 hours')
    expect(relativeFrom('2026-11-23T11:59:30Z', 'en', now)).toBe('30 seconds ago')
    expect(relativeFrom('2026-11-27T12:00:00Z', 'es', now)).toBe('dentro de 4 días')
  })
})

// ----- the page, with the Go bindings stood in (mounting the whole app is slow on a loaded machine) -----
let wrapper: VueWrapper | undefined
beforeEach(() => resetBrowserState())
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

type Fn = ReturnType<typeof vi.fn>
function stubPage(invites: Record<string, (...a: any[]) => unknown> = {}): { users: Record<string, Fn>; invites: Record<string, Fn> } {
  const session = makeSession({}, { role: 'owner', id: 'me', email: 'olivia@northwind.example' })
  stubGo({ Boot: () => ({ needsSetup: false, session, version: '1', workstationId: 'w' }) })
  const wrap = (impls: Record<string, (...a: any[]) => unknown>) => Object.fromEntries(Object.entries(impls).map(([k, f]) => [k, vi.fn(async (...a: unknown[]) => {
    try {
      return await f(...a)
    } catch (err) {
      throw new Error(JSON.stringify(err))
    }
  })]))
  const users = wrap({
    List: () => ({ rows: [], total: 0 }),
    Options: () => ({
      profiles: [{ id: 'p-admin', name: 'Administrator', role: 'admin', icon: '' }, { id: 'p-agent', name: 'Agent', role: 'agent', icon: '' }],
      teams: [], campaigns: [], workspaces: [{ id: 'w1', name: 'Main floor' }],
    }),
  })
  const inv = wrap({ List: () => [], ...invites })
  window.go!.app!.UsersService = users as never
  window.go!.app!.InvitesService = inv as never
  return { users, invites: inv }
}

describe('users page', () => {
  it('pre-sets the filters from the route query and asks Go for that list', async () => {
    const { users } = stubPage()
    ;({ wrapper } = await mountApp().then(async (m) => {
      await m.router.push({ name: 'users', query: { status: 'inactive', role: 'agent', workspaceId: 'w1' } })
      await settle()
      return m
    }))
    await waitFor(() => expect(users.List).toHaveBeenCalled())
    const q = users.List.mock.calls.at(-1)![0]
    expect(q).toMatchObject({ statuses: ['inactive'], roles: ['agent'], workspaces: ['w1'], profiles: [], teams: [] })
  }, 20_000)

  it('the bulk dialog previews the pattern through Go and shows its refusal translated', async () => {
    const { invites } = stubPage({
      PreviewPattern: (pattern: string, start: number, count: number) => {
        if (!pattern.includes('{n')) throw { code: 'validation', field: 'pattern', params: { rule: 'placeholder' } }
        const n = (i: number) => pattern.replace('{n:3}', String(i).padStart(3, '0')).split('@')[0]
        return { firstUsername: n(start), firstEmail: '', lastUsername: n(start + count - 1), lastEmail: '' }
      },
    })
    ;({ wrapper } = await mountApp())
    const m = { router: (wrapper.vm as any).$router }
    await m.router.push({ name: 'users' })
    await settle()
    byTestId('users-bulk')!.click()
    await waitFor(() => expect(byTestId('bulk-preview-first')?.textContent).toBe('agent001'))
    expect(invites.PreviewPattern).toHaveBeenLastCalledWith('agent{n:3}@northwind.example', 1, 10)
    expect(byTestId('bulk-preview-last')?.textContent).toBe('agent010')
    typeInto('bulk-pattern', 'agent@northwind.example')
    await waitFor(() => expect(byTestId('bulk-preview')?.getAttribute('data-state')).toBe('error'))
    expect(document.body.textContent).toContain('Put exactly one number placeholder in the pattern: {n} or {n:3}.')
    expect((byTestId<HTMLButtonElement>('bulk-submit'))?.disabled).toBe(true)
  }, 20_000)
})

describe('invite dialog', () => {
  it('checks the rows before sending, then places Go\'s refusal under the row it names and shows the codes', async () => {
    let calls = 0
    const { invites } = stubPage({
      Invite: (rows: { emails: string[] }[]) => {
        calls++
        if (calls === 1) throw { code: 'conflict_unique', field: 'emails', params: { row: 1, email: rows[1].emails[0] } }
        return {
          mailConfigured: false,
          invitations: rows.flatMap((r) => r.emails).map((email, i) => ({
            invitationId: 'i' + i, userId: 'u' + i, email, username: email.split('@')[0], code: `AAAA-BBBB-CCCC-000${i}`,
            expiresAt: new Date(Date.now() + 86_400_000).toISOString(), emailed: false, mailError: '',
          })),
        }
      },
    })
    ;({ wrapper } = await mountApp())
    await (wrapper.vm as any).$router.push({ name: 'users' })
    await settle()
    byTestId('users-invite')!.click()
    await waitFor(() => expect(byTestId('invite-emails-0')).not.toBeNull())
    typeInto('invite-emails-0', 'ana@example.com, not-an-address, ')
    await settle(2)
    expect(document.querySelectorAll('[data-testid="invite-emails-0-tag"]').length).toBe(2)
    byTestId('invite-submit')!.click()
    await waitFor(() => expect(byTestId('invite-emails-error-0')?.textContent).toContain('“not-an-address” is not a valid e-mail address.'))
    expect(invites.Invite).not.toHaveBeenCalled()

    document.querySelector<HTMLElement>('[data-testid="invite-emails-0-tag"][data-valid="false"] .n-base-close')!.click()
    byTestId('invite-add-row')!.click()
    await waitFor(() => expect(byTestId('invite-emails-1')).not.toBeNull())
    typeInto('invite-emails-1', 'taken@example.com ')
    // The added row asks for its own profile.
    byTestId('invite-submit')!.click()
    await settle(2)
    expect(invites.Invite).not.toHaveBeenCalled()
    const profile1 = wrapper!.findAllComponents(NSelect).find((c) => c.attributes('data-testid') === 'invite-profile-1')!
    profile1.vm.$emit('update:value', 'p-admin')
    await settle(2)
    byTestId('invite-submit')!.click()
    await waitFor(() => expect(byTestId('invite-emails-error-1')?.textContent).toBe('“taken@example.com” already belongs to a user.'))
    expect(invites.Invite.mock.calls[0][0]).toEqual([
      { emails: ['ana@example.com'], profileId: 'p-agent', workspaceIds: ['w1'], language: '' },
      { emails: ['taken@example.com'], profileId: 'p-admin', workspaceIds: ['w1'], language: '' },
    ])

    // A third row, removed again (NDynamicInput): the messages, which name rows by number, are cleared.
    byTestId('invite-add-row')!.click()
    await waitFor(() => expect(byTestId('invite-row-2')).not.toBeNull())
    expect(byTestId<HTMLButtonElement>('invite-remove-0')!.disabled).toBe(false)
    byTestId('invite-remove-2')!.click()
    await waitFor(() => expect(byTestId('invite-row-2')).toBeNull())
    expect(byTestId('invite-emails-error-1')).toBeNull()

    byTestId('invite-submit')!.click()
    await waitFor(() => expect(document.querySelectorAll('[data-testid="invite-code"]').length).toBe(2))
    expect(byTestId('invite-result-note')?.textContent).toContain('No e-mail server is set up')
  }, 20_000)
})

describe('accept-invitation route', () => {
  it('is open without a session, and a signed-in user goes home instead', async () => {
    const { guardTarget } = await import('@/router')
    const to = { name: 'accept-invitation', meta: { public: true } }
    const state = { needsSetup: false, signedIn: false, hasModule: () => true }
    expect(guardTarget(to, state)).toBeUndefined()
    expect(guardTarget(to, { ...state, signedIn: true })).toEqual({ name: 'home' })
    expect(guardTarget(to, { ...state, needsSetup: true })).toEqual({ name: 'setup' })
    expect(guardTarget({ name: 'users', meta: {} }, state)).toEqual({ name: 'sign-in' })
  })
})
