import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { byTestId, makeSession, mountApp, resetBrowserState, settle, stubGo, typeInto, waitFor } from './helpers'

let wrapper: VueWrapper | undefined

beforeEach(() => resetBrowserState())
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

const signedOut = () => ({ needsSetup: false, session: null, version: '0.1.0', workstationId: 'w' })

async function submit(login: string, password: string): Promise<void> {
  typeInto('signin-login', login)
  typeInto('signin-password', password)
  await settle()
  byTestId('signin-submit')!.click()
  await settle()
}

describe('the sign-in page', () => {
  it('shows account_locked translated, with the minutes, in the chosen language', async () => {
    localStorage.setItem('plantel.language', 'es')
    const go = stubGo({ Boot: signedOut, SignIn: () => Promise.reject({ code: 'account_locked', params: { minutes: 12 } }) })
    ;({ wrapper } = await mountApp())
    expect(document.documentElement.lang).toBe('es')
    await submit('ana', 'una contraseña')
    expect(go.SignIn).toHaveBeenCalledWith({ login: 'ana', password: 'una contraseña' })
    await waitFor(() =>
      expect(byTestId('signin-error')!.textContent!.trim()).toBe('Demasiados intentos fallidos. Vuelve a intentarlo en 12\u00a0min.'),
    )
  })

  it('shows invalid_credentials and clears the password', async () => {
    stubGo({ Boot: signedOut, SignIn: () => Promise.reject({ code: 'invalid_credentials' }) })
    ;({ wrapper } = await mountApp())
    await submit('ana@example.com', 'wrong one')
    await waitFor(() =>
      expect(byTestId('signin-error')!.textContent!.trim()).toBe('The username, e-mail or password is not correct.'),
    )
    expect(document.querySelector<HTMLInputElement>('[data-testid="signin-password"] input')!.value).toBe('')
  })

  it('gets the shell ready while the person types: its widgets render once, hidden, and go; the login box keeps focus', async () => {
    stubGo({ Boot: signedOut })
    const shown: { hidden: string | null; inert: boolean }[] = []
    const seen = new MutationObserver(() => {
      const w = byTestId('shell-warmup')
      if (w && !shown.length) shown.push({ hidden: w.getAttribute('aria-hidden'), inert: w.hasAttribute('inert') })
    })
    seen.observe(document.body, { childList: true, subtree: true })
    ;({ wrapper } = await mountApp())
    const login = () => document.querySelector<HTMLInputElement>('[data-testid="signin-login"] input')!
    login().focus()
    await waitFor(() => expect(shown.length).toBe(1))
    await waitFor(() => expect(byTestId('shell-warmup')).toBeNull())
    seen.disconnect()
    expect(shown[0]).toEqual({ hidden: 'true', inert: true })
    // What it was for: the styles of the shell's sidebar and menu are in place before Enter
    // (the sign-in page itself uses neither).
    const styles = [...document.head.querySelectorAll('style[cssr-id]')].map((s) => s.getAttribute('cssr-id'))
    expect(styles).toEqual(expect.arrayContaining(['n-layout-sider', 'n-menu', 'n-card']))
    expect(document.activeElement).toBe(login())
    expect(byTestId('app-shell')).toBeNull()
  })

  it("readies Go's password check once, at the password's first key, not for the login", async () => {
    const go = stubGo({ Boot: signedOut, PrepareSignIn: () => undefined })
    ;({ wrapper } = await mountApp())
    typeInto('signin-login', 'ana')
    await settle()
    expect(go.PrepareSignIn).not.toHaveBeenCalled()
    typeInto('signin-password', 'h')
    await settle()
    typeInto('signin-password', 'ho')
    await settle()
    expect(go.PrepareSignIn).toHaveBeenCalledTimes(1)
  })

  it('asks for both fields without calling Go', async () => {
    const go = stubGo({ Boot: signedOut, SignIn: () => makeSession() })
    ;({ wrapper } = await mountApp())
    await submit('ana', '')
    expect(go.SignIn).not.toHaveBeenCalled()
    expect(byTestId('signin-error')!.textContent).toContain('Enter your username or e-mail and your password.')
  })

  it('signs in, opens the shell and the saved language wins over the one picked here', async () => {
    localStorage.setItem('plantel.language', 'en')
    stubGo({ Boot: signedOut, SignIn: () => makeSession({}, { language: 'pt', theme: 'dark' }) })
    ;({ wrapper } = await mountApp())
    await submit('mgarcia', 'verde caballo batería grapa')
    await waitFor(() => expect(byTestId('app-shell')).not.toBeNull())
    expect(document.documentElement.lang).toBe('pt')
    expect(document.documentElement.dataset.theme).toBe('dark')
    expect(byTestId('nav-users')!.textContent).toContain('Usuários')
    expect(localStorage.getItem('plantel.language')).toBe('pt')
  })

  it("its language picker, Naive UI's select once the first frame is out, switches the language", async () => {
    localStorage.setItem('plantel.language', 'en')
    stubGo({ Boot: signedOut })
    ;({ wrapper } = await mountApp())
    await waitFor(() => expect(byTestId('signin-language')?.querySelector('.n-base-selection')).not.toBeNull())
    byTestId('signin-language')!.querySelector<HTMLElement>('.n-base-selection')!.click()
    await settle()
    await chooseOption('Español')
    await waitFor(() => expect(byTestId('signin-submit')!.textContent!.trim()).toBe('Iniciar sesión'))
    expect(document.documentElement.lang).toBe('es')
    expect(localStorage.getItem('plantel.language')).toBe('es')
  })

  it('its language picker clicked before the select is there opens the select’s menu', async () => {
    localStorage.setItem('plantel.language', 'en')
    stubGo({ Boot: signedOut })
    // No frame ever comes: only the click brings the select.
    const raf = vi.spyOn(window, 'requestAnimationFrame').mockImplementation(() => 0)
    ;({ wrapper } = await mountApp())
    await waitFor(() => expect(byTestId('signin-language')).not.toBeNull())
    const early = byTestId('signin-language')!
    expect(early.tagName).toBe('BUTTON')
    expect(early.textContent).toContain('English')
    early.click()
    await chooseOption('Português')
    await waitFor(() => expect(document.documentElement.lang).toBe('pt'))
    expect(byTestId('signin-language')!.querySelector('.n-base-selection')).not.toBeNull()
    raf.mockRestore()
  })
})

async function chooseOption(label: string): Promise<void> {
  let option: HTMLElement | undefined
  await waitFor(() => {
    option = [...document.querySelectorAll<HTMLElement>('.n-base-select-option')].find((o) => o.textContent === label)
    expect(option).toBeDefined()
  })
  option!.click()
  await settle()
}
