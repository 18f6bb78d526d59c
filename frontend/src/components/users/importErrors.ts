import type { ApiError, RowError, Translate } from '@/api'
import { usersErrorMessage } from '@/utils/usersErrors'

const FIELD_KEYS: Record<string, string> = {
  firstName: 'users.fields.firstName', lastName: 'users.fields.lastName', username: 'users.fields.username',
  email: 'users.fields.email', phone: 'users.fields.phone', extension: 'users.fields.extension',
  language: 'users.fields.language', profile: 'users.fields.profile', workspaces: 'users.fields.workspaces',
}

/** The translated reason of one row error, without the field. */
export function rowReason(t: Translate, e: RowError): string {
  const p = e.params ?? {}
  if (e.code === 'conflict_unique') return typeof p.line === 'number' ? t('users.import.reason.duplicateLine', { line: p.line }) : t('users.import.reason.taken')
  if (e.code === 'permission_denied') return typeof p.name === 'string' ? t('users.import.reason.deniedName', { name: p.name }) : t('users.import.reason.denied')
  if (e.code === 'validation' && p.rule === 'unknown') return typeof p.name === 'string' ? t('users.import.reason.unknownName', { name: p.name }) : t('users.import.reason.unknown')
  return usersErrorMessage(t, { code: e.code, field: e.field, params: e.params } as ApiError)
}

/** "E-mail: Enter a valid e-mail address." — one row error with its field. */
export function rowErrorText(t: Translate, e: RowError): string {
  const key = e.field ? FIELD_KEYS[e.field] : undefined
  const reason = rowReason(t, e)
  return key ? `${t(key)}: ${reason}` : reason
}
