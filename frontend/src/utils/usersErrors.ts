import { errorMessage, toApiError, type Translate } from '@/api'

/** errorMessage, plus the validation rules of the users service (users.rules.<rule>). */
export function usersErrorMessage(t: Translate, err: unknown): string {
  const e = toApiError(err)
  if (e.code === 'validation' && typeof e.params?.rule === 'string') {
    const key = 'users.rules.' + e.params.rule
    const text = t(key, e.params)
    if (text !== key) return text
  }
  return errorMessage(t, e)
}
