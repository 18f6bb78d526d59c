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
const report = (password: string) => ({ ok: true, length: [...password].length, min: 12, max: 128, failures: [] })

/** Adds window.go.app.<name> beside the SessionService stub, failing the Wails way. */
function stubService(name: string, methods: Record<string, (arg?: any) => unknown>): Record<string, ReturnType<typeof vi.fn>> {
  const service: Record<string, ReturnType<typeof vi.fn>> = {}
  for (const [method, impl] of Object.entries(methods)) {
    service[method] = vi.fn(async (arg?: unknown) => {
      try {
        return await impl(arg)
      } catch (err) {
        throw err instanceof Error ? err : new Error(JSON.stringify(err))
      }
    })
  }
  window.go!.app![name] = service as never
  return service
}

async function signIn(login: string, password: string): Promise<void> {
  typeInto('signin-login', login)
  typeInto('signin-password', password)
  await settle()
  byTestId('signin-submit')!.click()
  await settle()
}

async function fillChange(current: string, password: string, repeat = password): Promise<void> {
  typeInto('chpw-current', current)
  typeInto('chpw-new', password)
  typeInto('chpw-repeat', repeat)
  await settle()
  byTestId('chpw-submit')!.click()
  await settle()
}

describe('two-factor sign-in', () => {
  it('asks for the code on two_factor_required and sends it with the challenge id', async () => {
    const go = stubGo({
      Boot: signedOut,
      SignIn: () => Promise.reject({ code: 'two_factor_required', params: { challengeId: 'ch-42' } }),
      SignInSecondFactor: (req: { code: string }) =>
        req.code === '123456' ? makeSession() : Promise.reject({ code: 'code_invalid', field: 'code' }),
    })
    ;({ wrapper } = await mountApp())
    await signIn('mgarcia', 'verde caballo batería grapa')
    await waitFor(() => expect(byTestId('signin-2fa-code')).not.toBeNull())
    expect(byTestId('signin-error')).toBeNull()

    typeInto('signin-2fa-code', '000000')
    await settle()
    byTestId('signin-2fa-submit')!.click()
    await settle()
    await waitFor(() => expect(byTestId('signin-2fa-error')!.textContent!.trim()).toBe('The code is not correct.'))

    typeInto('signin-2fa-code', ' 123456 ')
    await settle()
    byTestId('signin-2fa-submit')!.click()
    await settle()
    expect(go.SignInSecondFactor).toHaveBeenLastCalledWith({ challengeId: 'ch-42', code: '123456' })
    await waitFor(() => expect(byTestId('app-shell')).not.toBeNull())
  })

  it('goes back to the password with the reason when the challenge expired', async () => {
    localStorage.setItem('plantel.language', 'es')
    stubGo({
      Boot: signedOut,
      SignIn: () => Promise.reject({ code: 'two_factor_required', params: { challengeId: 'c' } }),
      SignInSecondFactor: () => Promise.reject({ code: 'challenge_expired' }),
    })
    ;({ wrapper } = await mountApp())
    await signIn('ana', 'x')
    typeInto('signin-2fa-code', 'ABCD-EFGH')
    await settle()
    byTestId('signin-2fa-submit')!.click()
    await settle()
    await waitFor(() =>
      expect(byTestId('signin-error')!.textContent!.trim()).toBe('La verificación tardó demasiado. Vuelve a iniciar sesión.'),
    )
    expect(byTestId('signin-2fa-code')).toBeNull()
  })
})

describe('the forced password change', () => {
  it('routes a user who must change the password to the page, then into the shell', async () => {
    const forced = makeSession({}, { mustChangePassword: true })
    const go = stubGo({
      Boot: signedOut,
      SignIn: () => forced,
      CheckPassword: (req: { password: string }) => report(req.password),
      Me: () => forced,
    })
    const pw = stubService('PasswordsService', { ChangeOwn: () => makeSession() })
    let router!: Awaited<ReturnType<typeof mountApp>>['router']
    ;({ wrapper, router } = await mountApp())
    await signIn('mgarcia', 'temporal-1234')
    await waitFor(() => expect(byTestId('chpw-current')).not.toBeNull())
    expect(router.currentRoute.value.name).toBe('change-password')
    expect(byTestId('app-shell')).toBeNull()
    expect(byTestId('chpw-forced')).not.toBeNull()

    // The shell stays closed until the change is done.
    await router.push('/users')
    await settle()
    expect(router.currentRoute.value.name).toBe('change-password')

    // Live policy feedback checks with the user's own data.
    typeInto('chpw-new', 'nuevo caballo verde')
    await waitFor(() =>
      expect(go.CheckPassword).toHaveBeenLastCalledWith({
        password: 'nuevo caballo verde', username: 'mgarcia', email: 'maria.garcia@andes-cc.com',
        firstName: 'María José', lastName: 'García',
      }),
    )

    await fillChange('temporal-1234', 'nuevo caballo verde')
    expect(pw.ChangeOwn).toHaveBeenCalledWith({
      current: 'temporal-1234', password: 'nuevo caballo verde', repeat: 'nuevo caballo verde',
    })
    await waitFor(() => expect(byTestId('app-shell')).not.toBeNull())
    expect(router.currentRoute.value.name).toBe('home')
  })

  it('sends a booted session that must change the password to the page', async () => {
    stubGo({
      Boot: () => ({ ...signedOut(), session: makeSession({}, { mustChangePassword: true }) }),
      CheckPassword: (req: { password: string }) => report(req.password),
    })
    let router!: Awaited<ReturnType<typeof mountApp>>['router']
    ;({ wrapper, router } = await mountApp())
    await waitFor(() => expect(byTestId('chpw-submit')).not.toBeNull())
    expect(router.currentRoute.value.name).toBe('change-password')
  })

  it('shows a reused password translated, and a wrong current password under its field', async () => {
    localStorage.setItem('plantel.language', 'pl')
    stubGo({
      Boot: () => ({ ...signedOut(), session: makeSession({}, { mustChangePassword: true, language: 'pl' }) }),
      CheckPassword: (req: { password: string }) => report(req.password),
    })
    const pw = stubService('PasswordsService', {
      ChangeOwn: (req: { current: string }) =>
        req.current === 'wrong'
          ? Promise.reject({ code: 'invalid_credentials', field: 'current' })
          : Promise.reject({ code: 'password_policy', field: 'password', params: { failures: [{ code: 'reused' }] } }),
    })
    ;({ wrapper } = await mountApp())
    await waitFor(() => expect(byTestId('chpw-submit')).not.toBeNull())

    await fillChange('temporal-1234', 'stare hasło konia')
    expect(pw.ChangeOwn).toHaveBeenCalledTimes(1)
    await waitFor(() => expect(document.body.textContent).toContain('To hasło było już używane. Wybierz nowe.'))
    expect(byTestId('app-shell')).toBeNull()

    await fillChange('wrong', 'inne hasło konia')
    await waitFor(() => expect(document.querySelector('[data-field="current"]')!.textContent).toContain(
      'Obecne hasło jest nieprawidłowe.',
    ))
  })

  it('does not call Go when the two new passwords differ', async () => {
    stubGo({
      Boot: () => ({ ...signedOut(), session: makeSession({}, { mustChangePassword: true }) }),
      CheckPassword: (req: { password: string }) => report(req.password),
    })
    const pw = stubService('PasswordsService', { ChangeOwn: () => makeSession() })
    ;({ wrapper } = await mountApp())
    await waitFor(() => expect(byTestId('chpw-submit')).not.toBeNull())
    await fillChange('temporal-1234', 'uno caballo verde', 'otro caballo verde')
    expect(pw.ChangeOwn).not.toHaveBeenCalled()
    expect(document.querySelector('[data-field="repeat"]')!.textContent).toContain('The two new passwords are not the same.')
  })

  it('opens from the user menu and comes back to the shell', async () => {
    stubGo({
      Boot: () => ({ ...signedOut(), session: makeSession() }),
      CheckPassword: (req: { password: string }) => report(req.password),
    })
    const pw = stubService('PasswordsService', { ChangeOwn: () => makeSession() })
    let router!: Awaited<ReturnType<typeof mountApp>>['router']
    ;({ wrapper, router } = await mountApp())
    await waitFor(() => expect(byTestId('user-menu')).not.toBeNull())
    byTestId('user-menu')!.click()
    await waitFor(() => expect(byTestId('menu-change-password')).not.toBeNull())
    byTestId('menu-change-password')!.click()
    await waitFor(() => expect(byTestId('chpw-current')).not.toBeNull())
    expect(byTestId('chpw-forced')).toBeNull()
    await fillChange('vieja caballo verde', 'nueva caballo verde')
    expect(pw.ChangeOwn).toHaveBeenCalledTimes(1)
    await waitFor(() => expect(byTestId('app-shell')).not.toBeNull())
    expect(router.currentRoute.value.name).toBe('home')
  })
})

describe('changing one\'s password from the profile', () => {
  it('comes back to the profile page it was opened from', async () => {
    stubGo({
      Boot: () => ({ ...signedOut(), session: makeSession() }),
      CheckPassword: (req: { password: string }) => report(req.password),
    })
    const pw = stubService('PasswordsService', { ChangeOwn: () => makeSession() })
    let router!: Awaited<ReturnType<typeof mountApp>>['router']
    ;({ wrapper, router } = await mountApp())
    await waitFor(() => expect(byTestId('app-shell')).not.toBeNull())
    await router.push({ name: 'change-password', query: { back: '/profile?tab=security' } })
    await waitFor(() => expect(byTestId('chpw-current')).not.toBeNull())
    await fillChange('vieja caballo verde', 'nueva caballo verde')
    expect(pw.ChangeOwn).toHaveBeenCalledTimes(1)
    await waitFor(() => expect(router.currentRoute.value.name).toBe('profile'))
    expect(router.currentRoute.value.query.tab).toBe('security')
  })
})

describe('forgot password', () => {
  it('tells to ask an administrator when e-mail is not configured', async () => {
    stubGo({ Boot: signedOut })
    const pw = stubService('PasswordsService', { MailConfigured: () => ({ configured: false }), RequestResetCode: () => undefined })
    ;({ wrapper } = await mountApp())
    byTestId('signin-forgot')!.click()
    await settle()
    await waitFor(() => expect(byTestId('forgot-offline-note')).not.toBeNull())
    expect(byTestId('forgot-offline-note')!.textContent).toContain('Ask an administrator of your organization')
    expect(byTestId('forgot-request')).toBeNull()
    expect(pw.RequestResetCode).not.toHaveBeenCalled()
  })

  it('requests a code and resets with it when e-mail is configured', async () => {
    stubGo({ Boot: signedOut })
    const pw = stubService('PasswordsService', {
      MailConfigured: () => ({ configured: true }),
      RequestResetCode: () => undefined,
      ResetWithCode: (req: { code: string }) =>
        req.code === '111111' ? Promise.reject({ code: 'code_expired' }) : undefined,
    })
    ;({ wrapper } = await mountApp())
    byTestId('signin-forgot')!.click()
    await waitFor(() => expect(byTestId('forgot-login')).not.toBeNull())
    typeInto('forgot-login', 'ana@example.com')
    await settle()
    byTestId('forgot-request')!.click()
    await settle()
    expect(pw.RequestResetCode).toHaveBeenCalledWith({ login: 'ana@example.com' })
    await waitFor(() => expect(byTestId('forgot-code')).not.toBeNull())

    typeInto('forgot-code', '111111')
    typeInto('forgot-password', 'nueva caballo verde')
    typeInto('forgot-repeat', 'nueva caballo verde')
    await settle()
    byTestId('forgot-submit')!.click()
    await settle()
    await waitFor(() => expect(byTestId('forgot-error')!.textContent!.trim()).toBe('The code has expired. Ask for a new one.'))

    typeInto('forgot-code', '222222')
    await settle()
    byTestId('forgot-submit')!.click()
    await settle()
    expect(pw.ResetWithCode).toHaveBeenLastCalledWith({
      login: 'ana@example.com', code: '222222', password: 'nueva caballo verde', repeat: 'nueva caballo verde',
    })
    await waitFor(() => expect(byTestId('forgot-done')).not.toBeNull())
    expect(byTestId('signin-password')).not.toBeNull()
  })
})
