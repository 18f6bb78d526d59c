import { flushPromises, mount, type VueWrapper } from '@vue/test-utils'
import { vi } from 'vitest'
import type { Router } from 'vue-router'
import App from '@/App.vue'
import type { Module, SessionInfo, UserInfo } from '@/api'
import { installPlantel } from '@/plantel'

export const ALL_MODULES: Module[] = [
  'users', 'profiles', 'teams', 'campaigns', 'clients', 'agenda', 'reports',
  'settings', 'sync', 'audit',
]

export function makeUser(over: Partial<UserInfo> = {}): UserInfo {
  return {
    id: '0193a1b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b',
    shortId: '1c2d3e',
    username: 'mgarcia',
    email: 'maria.garcia@andes-cc.com',
    firstName: 'María José',
    lastName: 'García',
    displayName: 'María José García',
    role: 'admin',
    profileId: 'p1',
    profileName: 'Supervisión',
    language: 'en',
    theme: 'light',
    presence: 'online',
    avatarId: '',
    ...over,
  }
}

export function makeSession(over: Partial<SessionInfo> = {}, user: Partial<UserInfo> = {}): SessionInfo {
  return {
    user: makeUser(user),
    modules: ALL_MODULES,
    orgName: 'Andes Contact Center',
    workspaces: [{ id: 'w1', name: 'Oficina central' }],
    ...over,
  }
}

type Method = ReturnType<typeof vi.fn>

/**
 * A stand-in for the Go bindings (window.go.app.SessionService), one vi.fn per method.
 * A rejection is delivered the way the Wails runtime does it: `new Error(text)`, where text is
 * what the Go ErrorFormatter produced (the coded error as JSON) or a plain Go error string.
 */
export function stubGo(methods: Record<string, (arg?: any) => unknown>): Record<string, Method> {
  const service: Record<string, Method> = {}
  for (const [name, impl] of Object.entries(methods)) {
    service[name] = vi.fn(async (arg?: unknown) => {
      try {
        return await impl(arg)
      } catch (err) {
        throw err instanceof Error ? err : new Error(typeof err === 'string' ? err : JSON.stringify(err))
      }
    })
  }
  window.go = { app: { SessionService: service as never } }
  return service
}

/** Mounts the whole app (Pinia, i18n, router, App.vue) into the document, as app.ts does. */
export async function mountApp(): Promise<{ wrapper: VueWrapper; router: Router }> {
  let router!: Router
  const wrapper = mount(App, {
    attachTo: document.body,
    global: { plugins: [{ install: (app) => { router = mountedRouter = installPlantel(app) } }] },
  })
  await router.isReady()
  await settle()
  return { wrapper, router }
}

let mountedRouter: Router | undefined

/**
 * The router of the app mountApp is mounting, available as soon as the app is created: Go
 * stubs called while mountApp has not returned yet (pages the shell sets up right after its
 * first paint) can navigate with it.
 */
export function appRouter(): Router {
  if (!mountedRouter) throw new Error('appRouter: no app mounted')
  return mountedRouter
}

/** Lets promises, lazy route components and renders finish. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await flushPromises()
    await new Promise((r) => setTimeout(r, 0))
  }
}

/** Polls until check passes (or fails after timeout ms with its last error). */
export async function waitFor(check: () => void, timeout = 10_000): Promise<void> {
  const start = Date.now()
  for (;;) {
    try {
      check()
      return
    } catch (err) {
      if (Date.now() - start > timeout) throw err
      await new Promise((r) => setTimeout(r, 20))
    }
  }
}

export function byTestId<T extends Element = HTMLElement>(id: string): T | null {
  return document.querySelector<T>(`[data-testid="${id}"]`)
}

/** Sets an input's value the way typing does (an input event). */
export function typeInto(testid: string, value: string): void {
  const input = document.querySelector<HTMLInputElement>(`[data-testid="${testid}"] input`)
  if (!input) throw new Error(`no input in [data-testid=${testid}]`)
  input.value = value
  input.dispatchEvent(new Event('input', { bubbles: true }))
}

export function resetBrowserState(): void {
  localStorage.clear()
  window.location.hash = ''
  document.body.innerHTML = ''
  document.documentElement.lang = ''
}
