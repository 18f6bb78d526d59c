import { errorMessage, toApiError, type Translate } from '@/api'
import { usersErrorMessage } from '@/utils/usersErrors'

/** usersErrorMessage, plus the profile page's own validation rules (profile.rules.<rule>). */
export function profileErrorMessage(t: Translate, err: unknown): string {
  const e = toApiError(err)
  if (e.code === 'validation' && typeof e.params?.rule === 'string') {
    const key = 'profile.rules.' + e.params.rule
    const text = t(key, e.params)
    if (text !== key) return text
  }
  if (e.code === 'permission_denied' && e.field) {
    const key = 'profile.denied.' + e.field
    const text = t(key, e.params ?? {})
    if (text !== key) return text
  }
  return e.code === 'validation' ? usersErrorMessage(t, e) : errorMessage(t, e)
}
