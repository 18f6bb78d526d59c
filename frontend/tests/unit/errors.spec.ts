import { beforeAll, afterEach, describe, expect, it, vi } from 'vitest'
import {
  ApiError, errorMessage, policyMessage, policyMessages, sessionApi, setUnauthenticatedHandler, toApiError,
  type Translate,
} from '@/api'
import { i18n } from '@/i18n'
import { loadAllLanguages } from './languages'

// The specs below switch vue-i18n's locale directly: every language's messages are loaded first.
beforeAll(loadAllLanguages)

function tIn(locale: 'es' | 'en' | 'pt' | 'pl'): Translate {
  return (key, params) => {
    i18n.global.locale.value = locale
    return i18n.global.t(key, params ?? {})
  }
}

afterEach(() => {
  i18n.global.locale.value = 'en'
  delete window.go
  setUnauthenticatedHandler(undefined)
})

describe('toApiError', () => {
  it('keeps a coded object', () => {
    const e = toApiError({ code: 'conflict_unique', field: 'username', params: { value: 'x' } })
    expect(e).toBeInstanceOf(ApiError)
    expect(e).toMatchObject({ code: 'conflict_unique', field: 'username', params: { value: 'x' } })
  })

  it('parses a coded object sent as JSON text', () => {
    expect(toApiError('{"code":"account_locked","params":{"minutes":5}}')).toMatchObject({
      code: 'account_locked',
      params: { minutes: 5 },
    })
  })

  it('reads the coded error out of the Error that Wails rejects with', () => {
    // Wails wraps the ErrorFormatter's text in `new Error(text)` (runtime/desktop/calls.js).
    const wails = new Error('{"code":"validation","field":"email","params":{"rule":"email"}}')
    expect(toApiError(wails)).toMatchObject({ code: 'validation', field: 'email', params: { rule: 'email' } })
    expect(toApiError(new Error('{"code":"invalid_credentials"}')).code).toBe('invalid_credentials')
  })

  it.each([
    ['a Wails Error with a plain Go message', new Error('sql: database is closed')],
    ['a JSON array', '[1,2]'],
    ['a plain Go error string', 'sql: database is closed'],
    ['an exception', new TypeError('x is undefined')],
    ['null', null],
    ['an object without code', { message: 'boom' }],
    ['an empty code', { code: '' }],
    ['broken JSON', '{"code": '],
  ])('turns %s into internal', (_, value) => {
    const e = toApiError(value)
    expect(e.code).toBe('internal')
    expect(e.field).toBeUndefined()
  })
})

describe('errorMessage', () => {
  it('translates a coded error with its params, in Spanish and English', () => {
    const err = { code: 'account_locked', params: { minutes: 15 } }
    expect(errorMessage(tIn('es'), err)).toBe('Demasiados intentos fallidos. Vuelve a intentarlo en 15\u00a0min.')
    expect(errorMessage(tIn('en'), err)).toBe('Too many failed attempts. Try again in 15\u00a0min.')
    expect(errorMessage(tIn('pl'), err)).toBe('Zbyt wiele nieudanych prób. Spróbuj ponownie za 15\u00a0min.')
  })

  it('translates invalid_credentials without telling whether the account exists', () => {
    expect(errorMessage(tIn('en'), { code: 'invalid_credentials' })).toBe('The username, e-mail or password is not correct.')
    expect(errorMessage(tIn('es'), { code: 'invalid_credentials' })).toBe('El usuario, el correo o la contraseña no son correctos.')
  })

  it('falls back to errors.internal for a code no locale knows', () => {
    expect(errorMessage(tIn('en'), { code: 'flux_capacitor_overheated' })).toBe(
      'Something went wrong. Please try again; if it keeps happening, contact your IT team.',
    )
    expect(errorMessage(tIn('es'), { code: 'flux_capacitor_overheated' })).toBe(
      'Algo salió mal. Vuelve a intentarlo; si sigue pasando, contacta a tu equipo de TI.',
    )
  })

  it('never shows a raw string rejection: it becomes errors.internal', () => {
    const text = errorMessage(tIn('en'), 'pq: duplicate key value violates unique constraint')
    expect(text).toBe(errorMessage(tIn('en'), { code: 'internal' }))
    expect(text).not.toContain('duplicate')
  })

  it('tells a validation error by its rule, with params', () => {
    expect(errorMessage(tIn('en'), { code: 'validation', field: 'email', params: { rule: 'email' } })).toBe(
      'Enter a valid e-mail address.',
    )
    expect(errorMessage(tIn('es'), { code: 'validation', field: 'orgName', params: { rule: 'too_long', max: 120 } })).toBe(
      'Usa como máximo 120 caracteres.',
    )
    expect(errorMessage(tIn('en'), { code: 'validation', params: { rule: 'unheard_of' } })).toBe(
      'Please check the highlighted field.',
    )
  })
})

describe('policy messages', () => {
  it('translates each failure with its params', () => {
    const err = {
      code: 'password_policy',
      params: {
        failures: [
          { code: 'too_short', params: { min: 15 } },
          { code: 'contains_personal', params: { what: 'username' } },
          { code: 'needs_digit' },
        ],
      },
    }
    expect(policyMessages(tIn('en'), err)).toEqual([
      'Use at least 15 characters.',
      'The password must not contain your username.',
      'Add at least one digit.',
    ])
    expect(policyMessages(tIn('es'), err)).toEqual([
      'Usa al menos 15 caracteres.',
      'La contraseña no debe contener tu nombre de usuario.',
      'Agrega al menos un número.',
    ])
    expect(errorMessage(tIn('en'), err)).toBe('The password does not meet the password policy.')
  })

  it('is empty for other errors, and survives an unknown failure code', () => {
    expect(policyMessages(tIn('en'), { code: 'internal' })).toEqual([])
    expect(policyMessage(tIn('en'), { code: 'moon_phase' })).toBe('The password does not meet the password policy.')
    expect(policyMessage(tIn('en'), { code: 'contains_personal', params: { what: 'shoe size' } })).toBe(
      'The password must not contain your personal data.',
    )
  })
})

describe('the bound call', () => {
  it('calls window.go.app.SessionService with the argument and returns its answer', async () => {
    const SignIn = vi.fn(async () => ({ ok: 1 }))
    window.go = { app: { SessionService: { SignIn } } }
    await expect(sessionApi.signIn({ login: 'ana', password: 'pw' })).resolves.toEqual({ ok: 1 })
    expect(SignIn).toHaveBeenCalledWith({ login: 'ana', password: 'pw' })
  })

  it('rejects with an ApiError only', async () => {
    window.go = { app: { SessionService: { SignIn: () => Promise.reject('crypto/argon2: out of memory') } } }
    const err = await sessionApi.signIn({ login: 'ana', password: 'pw' }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(ApiError)
    expect((err as ApiError).code).toBe('internal')
  })

  it('rejects with internal when the bindings are missing', async () => {
    await expect(sessionApi.boot()).rejects.toMatchObject({ code: 'internal' })
  })

  it('rejects with the code of a Wails-wrapped coded error', async () => {
    window.go = {
      app: { SessionService: { SignIn: () => Promise.reject(new Error('{"code":"account_locked","params":{"minutes":3}}')) } },
    }
    await expect(sessionApi.signIn({ login: 'ana', password: 'pw' })).rejects.toMatchObject({
      code: 'account_locked',
      params: { minutes: 3 },
    })
  })

  it('tells the unauthenticated handler when the session is gone', async () => {
    const handler = vi.fn()
    setUnauthenticatedHandler(handler)
    window.go = { app: { SessionService: { Me: () => Promise.reject({ code: 'unauthenticated' }) } } }
    await expect(sessionApi.me()).rejects.toMatchObject({ code: 'unauthenticated' })
    expect(handler).toHaveBeenCalledTimes(1)
  })
})
