import { defineStore } from 'pinia'
import { computed, ref } from 'vue'
import {
  passwordsApi, sessionApi, toApiError,
  type ChangePasswordRequest, type SecondFactorRequest,
  type ApiError, type BootInfo, type Module, type Presence, type SessionInfo, type SetupRequest,
  type SignInRequest, type Theme,
} from '@/api'
import { useUiStore } from './ui'

let earlyBoot: Promise<BootInfo> | null = null

/**
 * Asks Go how to start now (app.ts, before the window mounts), so the answer is on its way
 * while the bundle builds the window; the first boot() takes it. Go's Boot only reads; a
 * window that goes to recovery instead never uses the answer.
 */
export function askBootEarly(): void {
  earlyBoot = sessionApi.boot()
  earlyBoot.catch(() => undefined)
}

/** Boot state, the signed-in session and the user's own preferences and presence. */
export const useSessionStore = defineStore('session', () => {
  const bootInfo = ref<BootInfo | null>(null)
  const bootError = ref<ApiError | null>(null)
  const session = ref<SessionInfo | null>(null)
  let booting: Promise<void> | null = null

  const booted = computed(() => bootInfo.value !== null)
  const needsSetup = computed(() => bootInfo.value?.needsSetup === true)
  const signedIn = computed(() => session.value !== null)
  const user = computed(() => session.value?.user ?? null)
  const modules = computed<Module[]>(() => session.value?.modules ?? [])
  /** Go refuses everything but the password change until it is done. */
  const mustChangePassword = computed(() => session.value?.user.mustChangePassword === true)
  /** The policy requires a second factor of this user and none is set up: Go refuses the rest. */
  const mustSetUpTwoFactor = computed(() => session.value?.user.mustSetUpTwoFactor === true)

  function hasModule(m: Module): boolean {
    return modules.value.includes(m)
  }

  /**
   * Takes a session from Go and applies the user's saved language and theme; resolves when the
   * language is shown (its messages may need to load), so the next page opens in it.
   */
  function applySession(info: SessionInfo): Promise<void> {
    session.value = info
    if (bootInfo.value) bootInfo.value = { ...bootInfo.value, needsSetup: false }
    const ui = useUiStore()
    ui.setTheme(info.user.theme)
    return ui.setLanguage(info.user.language)
  }

  /** Asks Go how to start: first run, signed in already, or sign-in. Once, unless forced. */
  function boot(force = false): Promise<void> {
    if (!booting || force) {
      const asked = force ? null : earlyBoot
      earlyBoot = null
      booting = (async () => {
        try {
          const info = await (asked ?? sessionApi.boot())
          bootInfo.value = info
          bootError.value = null
          if (info.session) await applySession(info.session)
        } catch (err) {
          bootError.value = toApiError(err)
          booting = null
        }
      })()
    }
    return booting
  }

  async function setup(req: SetupRequest): Promise<void> {
    await applySession(await sessionApi.setup(req))
  }

  async function signIn(req: SignInRequest): Promise<void> {
    await applySession(await sessionApi.signIn(req))
  }

  /** The second step of a sign-in that Go answered with two_factor_required. */
  async function signInSecondFactor(req: SecondFactorRequest): Promise<void> {
    await applySession(await sessionApi.signInSecondFactor(req))
  }

  /** Changes the signed-in user's own password; Go answers with the fresh session. */
  async function changeOwnPassword(req: ChangePasswordRequest): Promise<void> {
    await applySession(await passwordsApi.changeOwn(req))
  }

  /** Reads the session again from Go (after a change of the user's own security state). */
  async function refresh(): Promise<void> {
    await applySession(await sessionApi.me())
  }

  /** Signs out; the local session ends even if Go cannot be reached. */
  async function signOut(): Promise<void> {
    try {
      await sessionApi.signOut()
    } finally {
      clear()
    }
  }

  /** Forgets the session (signed out, or Go said it is gone). */
  function clear(): void {
    session.value = null
  }

  /**
   * Changes language and/or theme now and saves them for the user; resolves when both are
   * saved and the language is shown (a language's messages load on the first switch to it).
   */
  async function setPreferences(change: { language?: string; theme?: Theme }): Promise<void> {
    const ui = useUiStore()
    const before = { language: ui.language, theme: ui.theme }
    const shown = change.language ? ui.setLanguage(change.language) : undefined
    if (change.theme) ui.setTheme(change.theme)
    if (!session.value) return shown
    try {
      session.value = await sessionApi.setPreferences({ language: ui.language, theme: ui.theme })
    } catch (err) {
      ui.setTheme(before.theme)
      await ui.setLanguage(before.language)
      throw err
    }
    await shown
  }

  async function setPresence(presence: Presence): Promise<void> {
    session.value = await sessionApi.setPresence({ presence })
  }

  return {
    bootInfo, bootError, session, booted, needsSetup, signedIn, user, modules, mustChangePassword, mustSetUpTwoFactor,
    hasModule, boot, refresh, setup, signIn, signInSecondFactor, changeOwnPassword, signOut, clear, setPreferences, setPresence,
  }
})
