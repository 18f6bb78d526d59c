import {
  createRouter, createWebHashHistory, type RouteLocationNormalized, type RouteLocationRaw, type RouteRecordRaw, type Router,
} from 'vue-router'
import { MODULES, type Module } from '@/api'
import { useSessionStore } from '@/stores/session'
import { useUiStore } from '@/stores/ui'
import { startupStatus } from '@/api/system'

declare module 'vue-router' {
  interface RouteMeta {
    /** Reachable without a session (setup, sign-in). */
    public?: boolean
    /** The module a page belongs to; the route is open only when the session has it. */
    module?: Module
  }
}

/**
 * The page of each module that has one. A module without a page has no route, so the
 * sidebar does not offer it (SideNav shows only modules the router knows): no dead ends.
 */
const modulePages: Partial<Record<Module, () => Promise<unknown>>> = {
  users: () => import('@/pages/UsersPage.vue'),
  profiles: () => import('@/pages/ProfilesPage.vue'),
  teams: () => import('@/pages/TeamsPage.vue'),
  campaigns: () => import('@/pages/CampaignsPage.vue'),
  clients: () => import('@/pages/ClientsPage.vue'),
  agenda: () => import('@/pages/AgendaPage.vue'),
  reports: () => import('@/pages/DashboardPage.vue'),
  settings: () => import('@/pages/SettingsPage.vue'),
  sync: () => import('@/pages/SyncPage.vue'),
  audit: () => import('@/pages/AuditPage.vue'),
}

/**
 * Pages not loaded ahead: the dashboard's chunk is mostly ECharts (~550 kB), and loading it
 * ahead cost the window's web process ~9 MB that a supervisor who never opens the dashboard
 * never gets back (issue 10, app_memory_growth); it is not a list, so issue 14's click → rows
 * does not apply to it.
 */
const NOT_PREFETCHED: readonly Module[] = ['reports']

/** The modules whose pages prefetchModulePages loads for a session (hasModule). */
export function prefetchedModules(hasModule: (m: Module) => boolean): Module[] {
  return (Object.keys(modulePages) as Module[]).filter((m) => hasModule(m) && !NOT_PREFETCHED.includes(m))
}

/**
 * Loads the pages of the modules the session opens while the window is idle after sign-in, so
 * the first click in the sidebar does not wait for a chunk to download and compile (issue 14:
 * click to rows). Vite shares the chunk with the route's own import().
 */
export function prefetchModulePages(hasModule: (m: Module) => boolean): void {
  whenIdle(() => {
    for (const m of prefetchedModules(hasModule)) void modulePages[m]?.().catch(() => undefined)
  })
}

function whenIdle(run: () => void): void {
  const idle = (globalThis as { requestIdleCallback?: (cb: () => void, o?: { timeout: number }) => void }).requestIdleCallback
  if (idle) idle(run, { timeout: 3000 })
  else setTimeout(run, 1000)
}

const loadShell = () => import('@/components/shell/AppShell.vue')
const loadHome = () => import('@/pages/HomePage.vue')

/**
 * Loads what signing in opens (the shell and the home) while the sign-in page waits for the
 * person to type, so Enter → home does not wait for those chunks too (issue 10: app_start).
 * Resolves once both are loaded (never rejects: the route's own import() reports a failure).
 */
export function prefetchAfterSignIn(): Promise<void> {
  return Promise.all([loadShell(), loadHome()]).then(() => undefined, () => undefined)
}

export const routes: RouteRecordRaw[] = [
  // The recovery window (issue 12.7): the only page when the database failed at start.
  { path: '/recovery', name: 'recovery', component: () => import('@/pages/RecoveryPage.vue'), meta: { public: true } },
  { path: '/setup', name: 'setup', component: () => import('@/pages/SetupPage.vue'), meta: { public: true } },
  { path: '/sign-in', name: 'sign-in', component: () => import('@/pages/SignInPage.vue'), meta: { public: true } },
  // Accepting an invitation (F2.4) needs no session: the code is the credential.
  { path: '/accept-invitation', name: 'accept-invitation', component: () => import('@/pages/AcceptInvitationPage.vue'), meta: { public: true } },
  // Outside the shell, like sign-in, but it needs a session: forced after sign-in when Go says
  // mustChangePassword, and open from the user menu otherwise.
  { path: '/change-password', name: 'change-password', component: () => import('@/pages/ChangePasswordPage.vue') },
  // Outside the shell too: forced when Go says mustSetUpTwoFactor (the policy requires a second
  // factor of this user and none is set up); Go refuses everything else until then.
  { path: '/two-factor-setup', name: 'two-factor-setup', component: () => import('@/pages/TwoFactorSetupPage.vue') },
  {
    path: '/',
    component: loadShell,
    children: [
      { path: '', name: 'home', component: loadHome },
      { path: 'profile', name: 'profile', component: () => import('@/pages/ProfilePage.vue') },
      // Another user's profile page ("View" in the user list, F4.7); Go decides what it shows.
      {
        path: 'users/:id',
        name: 'user',
        component: () => import('@/pages/UserProfilePage.vue'),
        meta: { module: 'users' },
      },
      ...MODULES.filter((module) => modulePages[module] !== undefined).map<RouteRecordRaw>((module) => ({
        path: module,
        name: module,
        component: modulePages[module]!,
        meta: { module },
      })),
    ],
  },
  { path: '/:rest(.*)*', redirect: '/' },
]

/**
 * Where the boot state sends a navigation: first run → setup, no session → sign-in,
 * must change the password → that page first, must set up two-step sign-in → that page next,
 * signed in → the shell (and only to modules the session has). undefined = let it through.
 */
export function guardTarget(
  to: { name?: unknown; meta: { public?: boolean; module?: Module } },
  state: {
    needsSetup: boolean; signedIn: boolean; mustChangePassword?: boolean; mustSetUpTwoFactor?: boolean
    hasModule: (m: Module) => boolean
  },
): RouteLocationRaw | undefined {
  if (state.needsSetup) return to.name === 'setup' ? undefined : { name: 'setup' }
  if (!state.signedIn) return to.name === 'sign-in' || to.name === 'accept-invitation' ? undefined : { name: 'sign-in' }
  if (state.mustChangePassword) return to.name === 'change-password' ? undefined : { name: 'change-password' }
  if (state.mustSetUpTwoFactor) return to.name === 'two-factor-setup' ? undefined : { name: 'two-factor-setup' }
  if (to.name === 'two-factor-setup') return { name: 'home' }
  if (to.meta.public) return { name: 'home' }
  if (to.meta.module && !state.hasModule(to.meta.module)) return { name: 'home' }
  return undefined
}

export function createAppRouter(): Router {
  const router = createRouter({ history: createWebHashHistory(), routes })
  router.beforeEach(async (to) => {
    const ui = useUiStore()
    const target = await bootTarget(to)
    // Every page opens in its language: its messages load while Go answers (app.ts).
    await ui.languageShown()
    return target
  })
  return router
}

/** Where the start-up status and the boot state send a navigation (true: let it through). */
async function bootTarget(to: RouteLocationNormalized): Promise<RouteLocationRaw | true> {
  const startup = await startupStatus()
  if (startup && !startup.ok) return to.name === 'recovery' ? true : { name: 'recovery' }
  if (to.name === 'recovery') return { name: 'home' }
  const session = useSessionStore()
  await session.boot()
  if (session.bootError) return to.name === 'sign-in' ? true : { name: 'sign-in' }
  return guardTarget(to, session) ?? true
}
