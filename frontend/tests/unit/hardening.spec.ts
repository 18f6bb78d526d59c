import { afterEach, describe, expect, it } from 'vitest'
import { errorMessage, type Translate } from '@/api'
import { i18n } from '@/i18n'
import { avatarErrorMessage } from '@/utils/avatarErrors'
import { profileLock } from '@/utils/profileForm'

function tIn(locale: 'es' | 'en' | 'pt' | 'pl'): Translate {
  return (key, params) => {
    i18n.global.locale.value = locale
    return i18n.global.t(key, params ?? {})
  }
}

afterEach(() => {
  i18n.global.locale.value = 'en'
})

describe('profile lock (issue 12: built-in and organization-wide profiles are the Owner’s)', () => {
  const t = tIn('en')
  it('lets the caller change what Go marks editable, and says why not otherwise', () => {
    expect(profileLock({ builtin: true, workspaceId: '', editable: true }, t)).toBeNull()
    expect(profileLock({ builtin: false, workspaceId: 'ws', editable: undefined }, t)).toBeNull()
    expect(profileLock({ builtin: true, workspaceId: '', editable: false }, t)).toContain('only the Owner')
    expect(profileLock({ builtin: false, workspaceId: '', editable: false }, t)).toContain('across the organization')
    expect(profileLock({ builtin: false, workspaceId: 'other', editable: false }, t)).toContain('do not administer')
  })
})

describe('hardening errors are translated in every language', () => {
  const coded = [
    { code: 'validation', field: 'name', params: { rule: 'control_chars' } },
    { code: 'validation', field: 'file', params: { rule: 'too_many_columns', max: 64, row: 2 } },
    { code: 'validation', field: 'file', params: { rule: 'too_many_cells', max: 300000 } },
    { code: 'validation', params: { rule: 'csv_quote', row: 4 } },
    { code: 'validation', params: { rule: 'csv_fields', max: 2, row: 5 } },
    { code: 'validation', field: 'userId', params: { rule: 'not_admin' } },
  ]
  for (const locale of ['es', 'en', 'pt', 'pl'] as const) {
    it(locale, () => {
      const t = tIn(locale)
      const generic = t('errors.validation')
      for (const e of coded) {
        const text = errorMessage(t, e)
        expect(text, JSON.stringify(e)).not.toBe(generic)
        expect(text).not.toMatch(/validation\.|\{/)
      }
      expect(errorMessage(t, coded[1])).toContain('64')
      const avatar = avatarErrorMessage(t, { code: 'avatar_invalid', params: { reason: 'memory', width: 6300, height: 6300, maxBytes: 1 } })
      expect(avatar).toContain('6300')
      expect(avatar).not.toBe(t('errors.avatar_invalid'))
    })
  }
})
