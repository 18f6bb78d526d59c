import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { SessionInfo } from '@/api'
import type { SecurityPolicy } from '@/api/security'
import { byTestId, makeSession, mountApp, resetBrowserState, settle, stubGo, typeInto, waitFor } from './helpers'

const POLICY: SecurityPolicy = {
  password: { minLength: 15, maxLength: 64, requireDigit: false, requireUpper: false, requireLower: false, requireSpecial: false,
    blockCommon: true, historyCount: 5, maxAgeDays: 0, twoFactorRequired: false },
  lockout: { maxFailures: 10, lockMinutes: 15 },
  requireTwoFactorForAdmins: false,
}
const SMTP = { host: 'smtp.office.test', port: 587, tls: 'starttls', username: 'relay', from: 'noreply@office.test', fromName: '', passwordSet: true, configured: true }

// Whole-app mounts are slow on a shared 2-core machine.
vi.setConfig({ testTimeout: 20_000 })
/** waitFor with room for lazy pages on a loaded machine. */
const wait = (check: () => void) => waitFor(check, 10_000)

let wrapper: VueWrapper | undefined
beforeEach(() => resetBrowserState())
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

function stubPasswords(methods: Record<string, (arg?: any) => unknown>) {
  const service: Record<string, ReturnType<typeof vi.fn>> = {}
  for (const [name, impl] of Object.entries(methods)) {
    service[name] = vi.fn(async (arg?: unknown) => {
      try {
        return await impl(arg)
      } catch (err) {
        throw new Error(JSON.stringify(err))
      }
    })
  }
  window.go!.app!.PasswordsService = service as never
  return service
}

async function openSettings(session: SessionInfo, methods: Record<string, (arg?: any) => unknown>) {
  stubGo({ Boot: () => ({ needsSetup: false, session, version: '1', workstationId: 'w' }), Me: () => session })
  const svc = stubPasswords(methods)
  let router!: Awaited<ReturnType<typeof mountApp>>['router']
  ;({ wrapper, router } = await mountApp())
  await router.push('/settings')
  await settle()
  return svc
}

/** Types into a number input and leaves it, as NInputNumber takes the value then. */
function typeNumber(testid: string, value: string): void {
  typeInto(testid, value)
  const input = document.querySelector<HTMLInputElement>(`[data-testid="${testid}"] input`)!
  input.dispatchEvent(new Event('change', { bubbles: true }))
  input.dispatchEvent(new FocusEvent('blur'))
  input.dispatchEvent(new FocusEvent('focusout', { bubbles: true }))
}

function feedback(field: string): string {
  return document.querySelector(`[data-field="${field}"] .n-form-item-feedback`)?.textContent?.trim() ?? ''
}

describe('Settings › Security', () => {
  it('refuses an out-of-range minimum under the field, and allows a lower one once two-step sign-in is required for everyone', async () => {
    const svc = await openSettings(makeSession({}, { role: 'owner', twoFactorEnabled: true }), {
      GetPolicy: () => structuredClone(POLICY), SetPolicy: (p: SecurityPolicy) => p,
    })
    await wait(() => expect(byTestId('policy-minLength')).not.toBeNull())
    typeNumber('policy-minLength', '10')
    await settle()
    byTestId('policy-save')!.click()
    await settle()
    expect(svc.SetPolicy).not.toHaveBeenCalled()
    expect(feedback('minLength')).toBe('Below 15 only when two-step sign-in is required for everyone.')

    typeNumber('policy-maxFailures', '1')
    byTestId('policy-save')!.click()
    await settle()
    expect(feedback('maxFailures')).toBe('Enter a number from 3 to 100.')
    typeNumber('policy-maxFailures', '5')

    byTestId('policy-twoFactorRequired')!.click()
    await settle()
    byTestId('policy-save')!.click()
    await wait(() => expect(svc.SetPolicy).toHaveBeenCalled())
    const sent = svc.SetPolicy.mock.calls[0][0] as SecurityPolicy
    expect(sent.password.minLength).toBe(10)
    expect(sent.password.twoFactorRequired).toBe(true)
    expect(sent.lockout.maxFailures).toBe(5)
  }, 20_000)

  it('shows the policy read-only to an administrator', async () => {
    const svc = await openSettings(makeSession({}, { role: 'admin' }), { GetPolicy: () => structuredClone(POLICY), GetSMTP: () => { throw { code: 'permission_denied' } } })
    await wait(() => expect(byTestId('security-readonly')).not.toBeNull())
    expect(byTestId('policy-save')).toBeNull()
    expect(document.querySelector<HTMLInputElement>('[data-testid="policy-minLength"] input')!.disabled).toBe(true)
    expect(svc.SetPolicy).toBeUndefined()
  })
})

describe('Settings › E-mail', () => {
  it('never shows the stored password, keeps it when left empty, and tells why a test e-mail failed', async () => {
    const svc = await openSettings(makeSession({}, { role: 'owner', twoFactorEnabled: true }), {
      GetPolicy: () => structuredClone(POLICY),
      GetSMTP: () => SMTP,
      SetSMTP: (input: any) => ({ ...SMTP, host: input.host }),
      SendTestMail: () => { throw { code: 'mail_failed', params: { reason: 'auth' } } },
    })
    document.querySelectorAll<HTMLElement>('.n-tabs-tab')[1].click()
    await wait(() => expect(byTestId('smtp-host')).not.toBeNull())
    expect(document.querySelector<HTMLInputElement>('[data-testid="smtp-password"] input')!.value).toBe('')
    expect(byTestId('smtp-password-set')).not.toBeNull()

    typeInto('smtp-host', 'mail.office.test')
    await settle()
    expect(byTestId<HTMLButtonElement>('smtp-test-send')!.disabled).toBe(true)
    byTestId('smtp-save')!.click()
    await wait(() => expect(svc.SetSMTP).toHaveBeenCalled())
    expect(svc.SetSMTP.mock.calls[0][0]).toMatchObject({ host: 'mail.office.test', password: '', clearPassword: false })

    await wait(() => expect(byTestId<HTMLButtonElement>('smtp-test-send')!.disabled).toBe(false))
    byTestId('smtp-test-send')!.click()
    await wait(() => expect(byTestId('smtp-test-error')).not.toBeNull())
    expect(byTestId('smtp-test-error')!.textContent).toContain('The test e-mail could not be sent: the server refused the user name or password.')
  }, 20_000)
})
