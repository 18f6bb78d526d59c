import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { byTestId, makeSession, resetBrowserState, settle, stubGo, typeInto, waitFor } from './helpers'

// Issue 10 (app_start): what a start asks for. It parses only the chosen language's messages
// (each other language loads on the first switch to it) and asks Go before the window mounts.
// Each test starts the app on fresh modules (a new vue-i18n with nothing loaded), as a window does.

let wrapper: VueWrapper | undefined
let i18n: typeof import('@/i18n')['i18n']
let mountApp: typeof import('./helpers')['mountApp']
beforeEach(async () => {
  resetBrowserState()
  vi.resetModules()
  ;({ i18n } = await import('@/i18n'))
  ;({ mountApp } = await import('./helpers'))
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

const signedOut = () => ({ needsSetup: false, session: null, version: '0.1.0', workstationId: 'w' })
const loadedLocales = () => [...i18n.global.availableLocales].sort()
const signInTitle = () => byTestId('signin-submit')!.textContent!.trim()

describe('the interface language at start', () => {
  it('loads only the chosen language, and another on the first switch, the page showing the old one until then', async () => {
    localStorage.setItem('plantel.language', 'pl')
    stubGo({ Boot: signedOut })
    ;({ wrapper } = await mountApp())
    expect(document.documentElement.lang).toBe('pl')
    expect(signInTitle()).toBe('Zaloguj się')
    expect(loadedLocales()).toEqual(['pl'])

    const ui = (await import('@/stores/ui')).useUiStore()
    const shown = ui.setLanguage('es')
    // The choice is taken at once (and kept); the page goes on in Polish, never bare keys.
    expect(ui.language).toBe('es')
    expect(localStorage.getItem('plantel.language')).toBe('es')
    expect(signInTitle()).toBe('Zaloguj się')
    await shown
    await settle()
    expect(loadedLocales()).toEqual(['es', 'pl'])
    expect(document.documentElement.lang).toBe('es')
    expect(signInTitle()).toBe('Iniciar sesión')

    // Back to a loaded language: nothing more loads.
    await ui.setLanguage('pl')
    await settle()
    expect(signInTitle()).toBe('Zaloguj się')
    expect(loadedLocales()).toEqual(['es', 'pl'])
  })

  it('opens the home in the language saved for the user after signing in', async () => {
    localStorage.setItem('plantel.language', 'en')
    const session = makeSession({}, { language: 'pt' })
    stubGo({ Boot: signedOut, SignIn: () => session })
    ;({ wrapper } = await mountApp())
    expect(signInTitle()).toBe('Sign in')
    typeInto('signin-login', 'mgarcia')
    typeInto('signin-password', 'uma senha longa')
    await settle()
    byTestId('signin-submit')!.click()
    await waitFor(() => expect(byTestId('app-shell')).not.toBeNull())
    expect(document.documentElement.lang).toBe('pt')
    expect(byTestId('lang-switch')!.textContent).toContain('Português')
    expect(loadedLocales()).toEqual(['en', 'pt'])
  })
})

describe('the command palette in another language', () => {
  it('loads English on opening, so actions are found by their English names too', async () => {
    localStorage.setItem('plantel.language', 'es') // this workstation's last language
    const session = makeSession({}, { language: 'es' })
    stubGo({ Boot: () => ({ needsSetup: false, session, version: '1', workstationId: 'w' }) })
    ;({ wrapper } = await mountApp())
    await waitFor(() => expect(byTestId('app-shell')).not.toBeNull())
    expect(loadedLocales()).toEqual(['es'])

    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'k', ctrlKey: true, bubbles: true, cancelable: true }))
    await settle()
    const input = await (async () => {
      let el: HTMLInputElement | null = null
      await waitFor(() => expect((el = document.querySelector<HTMLInputElement>('[data-testid="palette-input"] input'))).not.toBeNull())
      return el!
    })()
    input.value = 'create user'
    input.dispatchEvent(new Event('input', { bubbles: true }))
    await settle()
    await waitFor(() => expect(loadedLocales()).toEqual(['en', 'es']))
    await waitFor(() => {
      const keys = [...document.querySelectorAll('[data-testid="palette-item"]')].map((el) => el.getAttribute('data-key'))
      expect(keys).toContain('action:create-user')
    })
    // The palette speaks the user's language.
    expect(document.querySelector('[data-testid="palette-item"][data-key="action:create-user"]')!.textContent).toContain('Crear usuario')
  })
})

describe("Go's first answers", () => {
  it('are asked before the window mounts: the first navigation takes the boot state asked early, Boot runs once', async () => {
    localStorage.setItem('plantel.language', 'es')
    const go = stubGo({ Boot: signedOut })
    const { askBootEarly } = await import('@/stores/session')
    askBootEarly()
    expect(go.Boot).toHaveBeenCalledTimes(1)
    ;({ wrapper } = await mountApp())
    expect(signInTitle()).toBe('Iniciar sesión')
    expect(go.Boot).toHaveBeenCalledTimes(1)
  })
})
