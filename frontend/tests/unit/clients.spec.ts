import { describe, expect, it } from 'vitest'
import { canSubmit, evenShares, moveRequest, percent, recipientsOk, type TransferSource } from '@/components/clients/transferPlan'

const portfolio: TransferSource = { fromUserId: 'ana', clientIds: [], allUnassigned: false, count: 10 }

describe('evenShares', () => {
  it('splits evenly: shares differ by at most one and add up', () => {
    for (let total = 0; total <= 50; total++) {
      for (let n = 1; n <= 7; n++) {
        const s = evenShares(total, n)
        expect(s).toHaveLength(n)
        expect(s.reduce((a, b) => a + b, 0)).toBe(total)
        expect(Math.max(...s) - Math.min(...s)).toBeLessThanOrEqual(1)
      }
    }
    expect(evenShares(10, 3)).toEqual([4, 3, 3])
    expect(evenShares(100000, 3)).toEqual([33334, 33333, 33333])
  })
  it('has no shares without recipients', () => {
    expect(evenShares(10, 0)).toEqual([])
  })
})

describe('the transfer dialog', () => {
  it('wants one recipient to transfer or assign, two or more to spread, none to unassign', () => {
    expect(recipientsOk('transfer', ['bea'], 'ana')).toBe(true)
    expect(recipientsOk('transfer', ['bea', 'carl'], 'ana')).toBe(false)
    expect(recipientsOk('transfer', [], 'ana')).toBe(false)
    expect(recipientsOk('spread', ['bea'], 'ana')).toBe(false)
    expect(recipientsOk('spread', ['bea', 'carl', 'dan'], 'ana')).toBe(true)
    expect(recipientsOk('assign', ['bea'], '')).toBe(true)
    expect(recipientsOk('unassign', [], 'ana')).toBe(true)
  })
  it('never sends a portfolio to its own owner', () => {
    expect(recipientsOk('transfer', ['ana'], 'ana')).toBe(false)
    expect(recipientsOk('spread', ['ana', 'bea'], 'ana')).toBe(false)
  })
  it('is not sent with nothing to move or while a transfer runs', () => {
    expect(canSubmit('transfer', portfolio, ['bea'], false)).toBe(true)
    expect(canSubmit('transfer', { ...portfolio, count: 0 }, ['bea'], false)).toBe(false)
    expect(canSubmit('transfer', portfolio, ['bea'], true)).toBe(false)
  })
  it('sends the selection, or the whole portfolio, or all unassigned', () => {
    expect(moveRequest('spread', portfolio, ['bea', 'carl', 'bea'])).toEqual({
      fromUserId: 'ana', clientIds: [], allUnassigned: false, toUserIds: ['bea', 'carl'],
    })
    expect(moveRequest('unassign', { ...portfolio, clientIds: ['c1'] }, ['bea'])).toEqual({
      fromUserId: 'ana', clientIds: ['c1'], allUnassigned: false, toUserIds: [],
    })
    expect(moveRequest('assign', { fromUserId: '', clientIds: [], allUnassigned: true, count: 5 }, ['bea']).allUnassigned).toBe(true)
    expect(moveRequest('assign', { fromUserId: '', clientIds: ['c1'], allUnassigned: true, count: 1 }, ['bea']).allUnassigned).toBe(false)
  })
  it('shows progress as a percentage', () => {
    expect(percent(null)).toBe(0)
    expect(percent({ done: 0, total: 0 })).toBe(0)
    expect(percent({ done: 500, total: 2000 })).toBe(25)
    expect(percent({ done: 2000, total: 2000 })).toBe(100)
  })
})

// ---------------------------------------------------------------------------------------------
// The transfer dialog on a user's Clients tab, against stubbed bindings.

import { afterEach as afterEachTab, beforeEach as beforeEachTab, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { NSelect } from 'naive-ui'
import { byTestId, makeSession, mountApp, resetBrowserState, settle, stubGo, waitFor } from './helpers'
import { makeDetail } from './profileFixtures'

let wrapper: VueWrapper | undefined
beforeEachTab(() => resetBrowserState())
afterEachTab(() => {
  wrapper?.unmount()
  wrapper = undefined
  delete (window as { runtime?: unknown }).runtime
})

type Fn = ReturnType<typeof vi.fn>

function clientRow(i: number) {
  return {
    id: `c${i}`, shortId: `c${i}`, name: `Cliente ${i}`, documentId: '', phone: '', email: '', workspaceId: 'w1',
    workspaceName: 'Main floor', tags: [], notes: '', ownerId: 'u9', ownerName: 'Ana Ruiz', ownerUsername: 'aruiz',
    ownerAvatarId: '', openFollowups: 1, createdAt: '', updatedAt: '',
  }
}

/** Stubs the session, the user picker's UsersService.List and ClientsService. */
function stubPortfolio(transfer: (req: unknown) => unknown): { clients: Record<string, Fn>; emit: (p: unknown) => void } {
  stubGo({ Boot: () => ({ needsSetup: false, session: makeSession({}, { role: 'admin', id: 'me' }), version: '1', workstationId: 'w' }) })
  const users = ['bsoto', 'cnowak', 'dlis'].map((u, i) => ({
    id: `r${i}`, shortId: `r${i}`, displayName: u.toUpperCase(), firstName: u, lastName: u, username: u, email: '', profileId: '',
    profileName: '', profileRole: 'agent', profileIcon: '', role: 'agent', extension: '', status: 'active', presence: 'online',
    lastActiveAt: '', createdAt: '', avatarId: '', teams: [], campaigns: [], workspaces: [],
  }))
  // The user page of u9 (Ana Ruiz), whose Clients tab holds the portfolio.
  const detail = makeDetail({ modules: ['clients', 'agenda', 'workspace'], canDeactivate: true }, {
    id: 'u9', displayName: 'Ana Ruiz', firstName: 'Ana', lastName: 'Ruiz', username: 'aruiz', role: 'agent', profileRole: 'agent',
  })
  window.go!.app!.UsersService = {
    List: vi.fn(async () => ({ rows: users, total: users.length })),
    Get: vi.fn(async () => detail),
    History: vi.fn(async () => ({ rows: [], total: 0 })),
    SignIns: vi.fn(async () => ({ rows: [], total: 0 })),
  } as never
  const clients: Record<string, Fn> = {
    List: vi.fn(async () => ({ rows: Array.from({ length: 10 }, (_, i) => clientRow(i)), total: 10 })),
    Transfer: vi.fn(async (req: unknown) => transfer(req)),
    Cancel: vi.fn(async () => undefined),
  }
  window.go!.app!.ClientsService = clients as never
  let listener: ((p: unknown) => void) | undefined
  ;(window as { runtime?: unknown }).runtime = {
    EventsOn: (_: string, cb: (p: unknown) => void) => {
      listener = cb
      return () => { listener = undefined }
    },
  }
  return { clients, emit: (p) => listener?.(p) }
}

async function openSpread(): Promise<void> {
  let router
  ;({ wrapper, router } = await mountApp())
  await router.push('/users/u9?tab=clients')
  await settle()
  await waitFor(() => expect(byTestId('portfolio-total')?.getAttribute('data-total')).toBe('10'))
  byTestId('portfolio-spread')!.click()
  await settle()
  await waitFor(() => expect(byTestId('transfer-dialog')).not.toBeNull())
  const picker = wrapper!.findAllComponents(NSelect).find((c) => c.attributes('data-testid') === 'transfer-recipients')
  if (!picker) throw new Error('no recipients picker')
  picker.vm.$emit('update:value', ['r0', 'r1', 'r2'])
  await settle()
}

describe("a user's Clients tab", () => {
  it('spreads the whole portfolio over three users, previewing the even split and showing progress', async () => {
    let finish: (v: unknown) => void = () => {}
    const { clients, emit } = stubPortfolio(() => new Promise((resolve) => { finish = resolve }))
    await openSpread()
    expect(byTestId('transfer-spread-hint')!.textContent).toContain('3 or 4 clients')
    byTestId('transfer-confirm')!.click()
    await settle()
    expect(clients.Transfer).toHaveBeenCalledWith({ fromUserId: 'u9', clientIds: [], allUnassigned: false, toUserIds: ['r0', 'r1', 'r2'] })
    emit({ done: 5, total: 20 })
    await settle()
    expect(byTestId('transfer-progress')!.textContent).toContain('5 of 20')
    finish({ clients: 10, followups: 10, perRecipient: { r0: 4, r1: 3, r2: 3 }, summary: '' })
    await settle()
    await waitFor(() => expect(clients.List.mock.calls.length).toBeGreaterThan(1))
  })

  it('stops a running transfer: Go answers canceled and the dialog says nothing moved', async () => {
    let fail: (e: unknown) => void = () => {}
    const { clients } = stubPortfolio(() => new Promise((_, reject) => { fail = reject }))
    await openSpread()
    byTestId('transfer-confirm')!.click()
    await settle()
    byTestId('transfer-cancel')!.click()
    await settle()
    expect(clients.Cancel).toHaveBeenCalled()
    fail(new Error('{"code":"canceled"}'))
    await settle()
    await waitFor(() => expect(byTestId('transfer-cancelled')?.textContent).toContain('Nothing was moved'))
  })
})

// ---------------------------------------------------------------------------------------------
// Links into the Clients page: the dashboard's portfolio bars and the agenda's "Open client".

describe('the Clients page read from the address', () => {
  function stubClientsPage(): Record<string, Fn> {
    stubGo({ Boot: () => ({ needsSetup: false, session: makeSession({}, { role: 'admin', id: 'me' }), version: '1', workstationId: 'w' }) })
    window.go!.app!.UsersService = { List: vi.fn(async () => ({ rows: [], total: 0 })) } as never
    const clients: Record<string, Fn> = {
      List: vi.fn(async () => ({ rows: [clientRow(3)], total: 1 })),
      Options: vi.fn(async () => ({ workspaces: [{ id: 'w1', name: 'Main floor' }, { id: 'w2', name: 'Kraków' }], tags: ['vip'] })),
      Get: vi.fn(async (id: string) => ({ ...clientRow(3), id })),
    }
    window.go!.app!.ClientsService = clients as never
    return clients
  }

  it('pre-sets owner, workspace and tag; unassigned=1 opens that tab; clientId opens the client form', async () => {
    const clients = stubClientsPage()
    let router
    ;({ wrapper, router } = await mountApp())
    await router.push('/clients?ownerId=u9&workspaceId=w1&tag=vip')
    await settle()
    await waitFor(() => expect(clients.List).toHaveBeenCalled())
    expect(clients.List.mock.calls.at(-1)![0]).toMatchObject({ ownerIds: ['u9'], workspaces: ['w1'], tags: ['vip'], unassigned: false, offset: 0 })
    // The owner filter names the owner from the rows, not the raw id.
    await waitFor(() => expect(byTestId('clients-filter-owner')?.textContent).toContain('Ana Ruiz'))

    // While open: the unassigned clients, with no owner.
    await router.push('/clients?unassigned=1')
    await settle()
    await waitFor(() => expect(clients.List.mock.calls.at(-1)![0]).toMatchObject({ unassigned: true, ownerIds: [], workspaces: [], tags: [] }))
    expect(byTestId('clients-tab-unassigned')?.className).toContain('checked')

    // The agenda's "Open client".
    await router.push('/clients?clientId=c3')
    await settle()
    await waitFor(() => expect(clients.Get).toHaveBeenCalledWith('c3'))
    await waitFor(() => expect((document.querySelector('[data-testid="client-name"] input') as HTMLInputElement | null)?.value).toBe('Cliente 3'))
  })
})
