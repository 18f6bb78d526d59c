import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { CheckPasswordRequest, PolicyReport, SetupRequest } from '@/api'
import { byTestId, makeSession, mountApp, resetBrowserState, settle, stubGo, typeInto, waitFor } from './helpers'

let wrapper: VueWrapper | undefined

beforeEach(() => resetBrowserState())
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

/** A policy like the Go default: 15..64 code points, a block list, no personal data. */
function policy(req: CheckPasswordRequest): PolicyReport {
  const length = [...req.password].length
  const failures: PolicyReport['failures'] = []
  if (length < 15) failures.push({ code: 'too_short', params: { min: 15 } })
  if (length > 64) failures.push({ code: 'too_long', params: { max: 64 } })
  if (/^password/i.test(req.password)) failures.push({ code: 'common' })
  if (req.username && req.password.toLowerCase().includes(req.username.toLowerCase())) {
    failures.push({ code: 'contains_personal', params: { what: 'username' } })
  }
  return { ok: failures.length === 0, length, min: 15, max: 64, failures }
}

function rule(code: string): HTMLElement {
  const el = byTestId(`policy-rule-${code}`)
  if (!el) throw new Error(`no rule ${code}`)
  return el
}

function submitButton(): HTMLButtonElement {
  return byTestId<HTMLButtonElement>('setup-submit')!
}

async function startSetup(extra: Record<string, (arg?: any) => unknown> = {}) {
  const go = stubGo({
    Boot: () => ({ needsSetup: true, session: null, version: '1', workstationId: 'w' }),
    CheckPassword: policy,
    ...extra,
  })
  ;({ wrapper } = await mountApp())
  await waitFor(() => expect(byTestId('setup-org')).not.toBeNull())
  return go
}

function fillAll(password = 'verde caballo batería grapa', repeat = password): void {
  typeInto('setup-org', 'Andes Contact Center')
  typeInto('setup-workspace', 'Oficina central')
  typeInto('setup-first-name', 'María José')
  typeInto('setup-last-name', 'García')
  typeInto('setup-username', 'mgarcia')
  typeInto('setup-email', 'maria.garcia@andes-cc.com')
  typeInto('setup-password', password)
  typeInto('setup-password-repeat', repeat)
}

describe('the setup page', () => {
  it('shows the policy feedback from CheckPassword as the user types', async () => {
    const go = await startSetup()
    // The empty password is checked at once to learn the limits.
    await waitFor(() => expect(byTestId('policy-feedback')!.textContent).toContain('minimum 15, maximum 64'))
    expect(rule('too_short').textContent).toContain('At least 15 characters')

    typeInto('setup-username', 'mgarcia')
    typeInto('setup-password', 'mgarcia2024')
    await waitFor(() =>
      expect(go.CheckPassword).toHaveBeenLastCalledWith(expect.objectContaining({ password: 'mgarcia2024', username: 'mgarcia' })),
    )
    await waitFor(() => expect(rule('too_short').dataset.ok).toBe('false'))
    expect(rule('contains_personal').dataset.ok).toBe('false')
    expect(rule('common').dataset.ok).toBe('true')
    expect(rule('too_long').dataset.ok).toBe('true')
    expect(byTestId('policy-length')!.textContent).toContain('11 characters')

    typeInto('setup-password', 'árbol ñandú cigüeña 🌵')
    await waitFor(() => expect(rule('too_short').dataset.ok).toBe('true'))
    expect(rule('contains_personal').dataset.ok).toBe('true')
    // Code points, not UTF-16 units: the cactus counts once.
    expect(byTestId('policy-length')!.textContent).toContain('21 characters')
  })

  it('debounces the check while typing', async () => {
    const go = await startSetup()
    await settle()
    const before = go.CheckPassword.mock.calls.length
    typeInto('setup-password', 'a')
    typeInto('setup-password', 'ab')
    typeInto('setup-password', 'abc')
    await waitFor(() => expect(go.CheckPassword.mock.calls.length).toBe(before + 1))
    expect(go.CheckPassword).toHaveBeenLastCalledWith(expect.objectContaining({ password: 'abc' }))
  })

  it('shows a composition rule once Go reports it', async () => {
    await startSetup({
      CheckPassword: (req: CheckPasswordRequest) => {
        const r = policy(req)
        if (!/\d/.test(req.password) && req.password) r.failures.push({ code: 'needs_digit' })
        return { ...r, ok: r.failures.length === 0 }
      },
    })
    expect(byTestId('policy-rule-needs_digit')).toBeNull()
    typeInto('setup-password', 'sin números por aquí')
    await waitFor(() => expect(rule('needs_digit').dataset.ok).toBe('false'))
    typeInto('setup-password', 'con 1 número por aquí')
    await waitFor(() => expect(rule('needs_digit').dataset.ok).toBe('true'))
  })

  it('blocks submit while the passwords differ', async () => {
    const go = await startSetup({ Setup: () => makeSession() })
    fillAll('verde caballo batería grapa', 'verde caballo batería grapo')
    await settle()
    expect(submitButton().disabled).toBe(true)
    expect(document.body.textContent).toContain('The passwords do not match.')
    submitButton().click()
    byTestId('setup-org')!.closest('form')!.dispatchEvent(new Event('submit', { cancelable: true }))
    await settle()
    expect(go.Setup).not.toHaveBeenCalled()

    typeInto('setup-password-repeat', 'verde caballo batería grapa')
    await settle()
    expect(submitButton().disabled).toBe(false)
    expect(document.body.textContent).not.toContain('The passwords do not match.')
  })

  it('marks empty fields as required without calling Setup', async () => {
    const go = await startSetup({ Setup: () => makeSession() })
    typeInto('setup-org', 'Andes')
    await settle()
    submitButton().click()
    await settle()
    expect(go.Setup).not.toHaveBeenCalled()
    const workspaceItem = document.querySelector('[data-field="workspaceName"]')!
    expect(workspaceItem.textContent).toContain('This field is required.')
    expect(document.querySelector('[data-field="orgName"]')!.textContent).not.toContain('This field is required.')
  })

  it('submits everything to Setup and opens the shell signed in', async () => {
    const session = makeSession({ orgName: 'Andes Contact Center' }, { role: 'owner', language: 'en' })
    const go = await startSetup({ Setup: () => session })
    fillAll()
    await settle()
    submitButton().click()
    await waitFor(() => expect(go.Setup).toHaveBeenCalledTimes(1))
    const req = go.Setup.mock.calls[0][0] as SetupRequest
    expect(req).toEqual({
      orgName: 'Andes Contact Center',
      workspaceName: 'Oficina central',
      firstName: 'María José',
      lastName: 'García',
      username: 'mgarcia',
      email: 'maria.garcia@andes-cc.com',
      password: 'verde caballo batería grapa',
      language: 'en',
    })
    await waitFor(() => expect(byTestId('app-shell')).not.toBeNull())
    expect(byTestId('shell-user-name')!.textContent).toBe('María José García')
  })

  it('shows a field error from Go under its field, translated', async () => {
    await startSetup({ Setup: () => Promise.reject({ code: 'validation', field: 'email', params: { rule: 'email' } }) })
    fillAll()
    await settle()
    submitButton().click()
    await waitFor(() =>
      expect(document.querySelector('[data-field="email"]')!.textContent).toContain('Enter a valid e-mail address.'),
    )
    expect(byTestId('app-shell')).toBeNull()
  })

  it('shows each password policy failure from Setup under the password', async () => {
    await startSetup({
      Setup: () =>
        Promise.reject({
          code: 'password_policy',
          field: 'password',
          params: { failures: [{ code: 'common' }, { code: 'contains_personal', params: { what: 'email' } }] },
        }),
    })
    fillAll()
    await settle()
    submitButton().click()
    const item = () => document.querySelector('[data-field="password"]')!.textContent
    await waitFor(() => expect(item()).toContain('This password is too common or has appeared in a data leak.'))
    expect(item()).toContain('The password must not contain your e-mail address.')
  })

  it('follows the language picker, and sends that language', async () => {
    const go = await startSetup({ Setup: () => makeSession({}, { language: 'pt' }) })
    await waitFor(() => expect(byTestId('setup-language')?.querySelector('.n-base-selection')).not.toBeNull())
    byTestId('setup-language')!.querySelector<HTMLElement>('.n-base-selection')!.click()
    await settle()
    let option: HTMLElement | undefined
    await waitFor(() => {
      option = [...document.querySelectorAll<HTMLElement>('.n-base-select-option')].find((o) => o.textContent === 'Português')
      expect(option).toBeDefined()
    })
    option!.click()
    await settle()
    // Portuguese's messages load on this first switch to it.
    await waitFor(() => expect(byTestId('page-title')!.textContent).toBe('Configure sua organização'))
    expect(document.documentElement.lang).toBe('pt')
    expect(localStorage.getItem('plantel.language')).toBe('pt')
    fillAll()
    await settle()
    submitButton().click()
    await waitFor(() => expect(go.Setup).toHaveBeenCalledWith(expect.objectContaining({ language: 'pt' })))
  })
})
