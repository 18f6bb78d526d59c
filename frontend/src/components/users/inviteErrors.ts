import { toApiError, type ApiError, type Translate } from '@/api'
import { usersErrorMessage } from '@/utils/usersErrors'

/** Which row and field of the invite form a refused Invite names (params.row, field). */
export function inviteErrorPlace(err: ApiError): { row: number; field: string } | null {
  const row = typeof err.params?.row === 'number' ? err.params.row : -1
  if (row < 0) return null
  const field = err.field === 'workspaceIds' || err.field === 'profileId' || err.field === 'profile' ? err.field : 'emails'
  return { row, field: field === 'profile' ? 'profileId' : field }
}

/** The text of a refused Invite/Edit, naming the address when Go names one. */
export function inviteErrorMessage(t: Translate, raw: unknown): string {
  const err = toApiError(raw)
  const email = typeof err.params?.email === 'string' ? err.params.email : ''
  if (err.code === 'conflict_unique' && email) return t('users.invite.rules.taken', { email })
  if (err.code === 'validation' && err.params?.rule === 'email' && email) return t('users.invite.rules.email', { email })
  if (err.code === 'validation' && err.params?.rule === 'too_many') return t('users.invite.rules.tooMany', { max: err.params?.max ?? 200 })
  return usersErrorMessage(t, err)
}
