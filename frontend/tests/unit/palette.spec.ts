import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { nextTick } from 'vue'
import type { Router } from 'vue-router'
import type { Role } from '@/api'
import { filterItems, moveIndex, normalize, type PaletteItem } from '@/components/shell/palette'
import { byTestId, makeSession, mountApp, resetBrowserState, settle, stubGo, waitFor } from './helpers'

const item = (key: string, label: string, extra: Partial<PaletteItem> = {}): PaletteItem =>
  ({ key, kind: 'page', label, run: () => {}, ...extra })

describe('palette filtering', () => {
  const items = [
    item('page:users', 'Go to Users', { keywords: 'Users Usuarios users' }),
    item('page:clients', 'Go to Clients'),
    item('action:theme-dark', 'Theme: Dark', { kind: 'action', keywords: 'night' }),
    item('user:1', 'Łucja Gąsiorowska', { kind: 'user', detail: '@lgasiorowska' }),
    item('user:2', 'María José García', { kind: 'user' }),
  ]

  it('shows everything for an empty text, in the given order', () => {
    expect(filterItems(items, '  ').map((i) => i.key)).toEqual(items.map((i) => i.key))
  })

  it('matches without case or accents, Polish ł included', () => {
    expect(normalize('  Łódź GARCÍA ')).toBe('lodz garcia')
    expect(filterItems(items, 'garcia').map((i) => i.key)).toEqual(['user:2'])
    expect(filterItems(items, 'lucja').map((i) => i.key)).toEqual(['user:1'])
    expect(filterItems(items, 'gasiorow').map((i) => i.key)).toEqual(['user:1'])
  })

  it('needs every word, in any order, in the label, detail or keywords', () => {
    expect(filterItems(items, 'garcia maria').map((i) => i.key)).toEqual(['user:2'])
    expect(filterItems(items, 'maria clients')).toEqual([])
    expect(filterItems(items, 'night').map((i) => i.key)).toEqual(['action:theme-dark'])
    expect(filterItems(items, 'usuarios').map((i) => i.key)).toEqual(['page:users'])
  })

  it('puts labels that start with the text first', () => {
    const list = [item('a', 'Go to Teams'), item('b', 'Teams report'), item('c', 'Open my teams')]
    expect(filterItems(list, 'teams').map((i) => i.key)).toEqual(['b', 'a', 'c'])
  })

  it('arrow keys wrap around the list and do nothing on an empty one', () => {
    expect(moveIndex(0, 1, 3)).toBe(1)
    expect(moveIndex(2, 1, 3)).toBe(0)
    expect(moveIndex(0, -1, 3)).toBe(2)
    expect(moveIndex(-1, 1, 3)).toBe(0)
    expect(moveIndex(-1, -1, 3)).toBe(2)
    expect(moveIndex(0, 1, 0)).toBe(-1)
  })
})

// ---------------------------------------------------------------------------------------------

let wrapper: VueWrapper | undefined
/** A navigation first loads (transforms) the lazy page: seconds on a loaded 2-core machine. */
const LAZY_PAGE_MS = 25_000
let router: Router

beforeEach(() => resetBrowserState())
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

const ANA = { id: 'u-ana', displayName: 'Ana Nowak', username: 'anowak', email: 'ana@x.pl', avatarId: '' }
const ANDRZEJ = { id: 'u-andrzej', displayName: 'Andrzej Kowal', username: 'akowal', email: 'a@x.pl', avatarId: '' }

/** The app signed in with the given modules; the list methods answer from small fixtures. */
async function signedIn(modules: string[], role: Role = 'admin') {
  const session = makeSession({ modules: modules as never }, { role, language: 'en' })
  stubGo({ Boot: () => ({ needsSetup: false, session, version: '1', workstationId: 'w' }) })
  const users = { List: vi.fn(async (q: { search: string; limit: number }) => ({ rows: [ANA, ANDRZEJ].filter((u) => u.displayName.toLowerCase().includes(q.search.toLowerCase())), total: 2 })), Options: vi.fn(async () => ({})), Get: vi.fn(async () => null) }
  const teams = { List: vi.fn(async (q: { search: string }) => (q.search.toLowerCase().startsWith('an') ? [{ id: 't1', name: 'Andes Norte', workspaceName: 'Lima' }] : [])) }
  const campaigns = { List: vi.fn(async () => []) }
  const clients = { List: vi.fn(async () => { throw new Error(JSON.stringify({ code: 'forbidden' })) }) }
  Object.assign(window.go!.app!, { UsersService: users, TeamsService: teams, CampaignsService: campaigns, ClientsService: clients })
  ;({ wrapper, router } = await mountApp())
  return { users, teams, campaigns, clients }
}

function press(key: string, init: KeyboardEventInit = {}, target: EventTarget = paletteInput() ?? window): void {
  target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true, ...init }))
}
const isOpen = () => byTestId('palette-open')!.getAttribute('aria-expanded') === 'true'
const paletteInput = () => document.querySelector<HTMLInputElement>('[data-testid="palette-input"] input')
const keys = () => [...document.querySelectorAll('[data-testid="palette-item"]')].map((el) => el.getAttribute('data-key'))
const selected = () => document.querySelector('[data-testid="palette-item"][aria-selected="true"]')?.getAttribute('data-key')

async function openPalette(): Promise<void> {
  press('k', { ctrlKey: true }, window)
  await settle()
  await waitFor(() => expect(isOpen()).toBe(true))
  await waitFor(() => expect(paletteInput()).not.toBeNull())
}

async function type(text: string): Promise<void> {
  const input = paletteInput()!
  input.value = text
  input.dispatchEvent(new Event('input', { bubbles: true }))
  await settle()
}

describe('the command palette', () => {
  it('opens with Ctrl+K and from the header, lists only the pages of the session, closes with Esc', async () => {
    await signedIn(['users', 'teams', 'clients'])
    expect(byTestId('palette')).toBeNull()
    expect(byTestId('palette-open')!.textContent).toContain('Ctrl+K')

    await openPalette()
    const pages = keys().filter((k) => k!.startsWith('page:'))
    expect(pages).toEqual(['page:home', 'page:users', 'page:teams', 'page:clients', 'page:profile'])
    expect(keys()).toContain('action:create-user')
    expect(keys()).toContain('action:sign-out')
    expect(keys()).toContain('action:theme-dark')
    expect(keys()).not.toContain('action:theme-light') // the current theme
    expect(keys()).not.toContain('action:language-en') // the current language

    press('Escape')
    await settle()
    await waitFor(() => expect(isOpen()).toBe(false))

    byTestId('palette-open')!.click()
    await settle()
    await waitFor(() => expect(isOpen()).toBe(true))
  })

  it('searches by name through the bound lists of the modules the session has, debounced', async () => {
    const go = await signedIn(['users', 'teams', 'clients'])
    await openPalette()
    // Three keystrokes, each seen by the palette (nextTick) well within the debounce.
    for (const text of ['A', 'An', 'Ana']) {
      const input = paletteInput()!
      input.value = text
      input.dispatchEvent(new Event('input', { bubbles: true }))
      await nextTick()
    }
    await settle()
    await waitFor(() => expect(keys()[0]).toBe('user:u-ana'))
    // One search for the last text only; no campaigns module, so CampaignsService is not asked.
    // (The shell also reads the users page's first page, 50 rows and no search, to set that page
    // up ahead: not the palette's.)
    const searches = go.users.List.mock.calls.filter((c: unknown[]) => (c[0] as { limit?: number }).limit === 5)
    expect(searches).toHaveLength(1)
    expect(searches[0][0]).toMatchObject({ search: 'Ana', limit: 5 })
    expect(go.teams.List).toHaveBeenCalledTimes(1)
    expect(go.campaigns.List).not.toHaveBeenCalled()
    // The client list refused: the other results still show.
    expect(go.clients.List).toHaveBeenCalledTimes(1)
    expect(keys().slice(0, 2)).toEqual(['user:u-ana', 'team:t1'])
    const first = document.querySelector('[data-key="user:u-ana"]')!
    expect(first.textContent).toContain('Ana Nowak')
    expect(first.textContent).toContain('@anowak')
    expect(first.textContent).toContain('User')
  })

  it('moves with the arrow keys and opens the highlighted entry with Enter', async () => {
    await signedIn(['users', 'teams'])
    await openPalette()
    await type('an')
    await waitFor(() => expect(keys().slice(0, 3)).toEqual(['user:u-ana', 'user:u-andrzej', 'team:t1']))
    expect(selected()).toBe('user:u-ana')
    press('ArrowDown')
    await settle()
    expect(selected()).toBe('user:u-andrzej')
    expect(paletteInput()!.getAttribute('aria-activedescendant')).toBe('palette-option-1')
    press('ArrowDown')
    press('ArrowUp')
    press('ArrowUp')
    press('ArrowUp') // wraps to the last entry
    await settle()
    expect(selected()).toBe(keys()[keys().length - 1])
    press('Home')
    press('ArrowDown')
    press('ArrowDown')
    await settle()
    expect(selected()).toBe('team:t1')
    press('Enter')
    await settle()
    await waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/teams?teamId=t1'), LAZY_PAGE_MS)
    await waitFor(() => expect(isOpen()).toBe(false))
  })

  it('Enter right after typing waits for the search and opens the top name', async () => {
    await signedIn(['users'])
    await openPalette()
    const input = paletteInput()!
    input.value = 'andrzej'
    input.dispatchEvent(new Event('input', { bubbles: true }))
    press('Enter') // before the debounce has run
    await settle()
    await waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/users/u-andrzej'), LAZY_PAGE_MS)
  })

  it('filters the actions as one types and runs them: a page, create user', async () => {
    await signedIn(['users', 'teams'])
    await openPalette()
    await type('create')
    await waitFor(() => expect(keys()).toEqual(['action:create-user']))
    press('Enter')
    await settle()
    await waitFor(() => expect(router.currentRoute.value.fullPath).toBe('/users?create=1'), LAZY_PAGE_MS)
    await waitFor(() => expect(byTestId('create-dialog')).not.toBeNull())

    await openPalette()
    await type('go teams')
    await waitFor(() => expect(keys()).toEqual(['page:teams']))
    press('Enter')
    await waitFor(() => expect(router.currentRoute.value.name).toBe('teams'), LAZY_PAGE_MS)
  })

  it('offers no user search and no create or invite to a session without the users module', async () => {
    const go = await signedIn(['clients', 'agenda'], 'agent')
    await openPalette()
    expect(keys()).not.toContain('action:create-user')
    expect(keys()).not.toContain('action:invite')
    expect(keys()).not.toContain('page:users')
    await type('ana')
    await waitFor(() => expect(go.clients.List).toHaveBeenCalledTimes(1))
    expect(go.users.List).not.toHaveBeenCalled()
    expect(go.teams.List).not.toHaveBeenCalled()
    expect(byTestId('palette-empty')).not.toBeNull()
  })
})
