import type { ApiError, ImportPreview, ImportRow, RowError, Translate } from '@/api'
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

/** What the preview can do: nothing valid, all valid, or some rows with errors. */
export type PreviewState = 'empty' | 'allValid' | 'someInvalid' | 'noneValid'

export function previewState(p: ImportPreview | null | undefined): PreviewState {
  const rows = p?.rows ?? []
  if (rows.length === 0) return 'empty'
  if ((p?.invalid ?? 0) === 0) return 'allValid'
  return (p?.valid ?? 0) === 0 ? 'noneValid' : 'someInvalid'
}

/** Whether Import may be pressed: some valid row, and with "only valid rows" off, Go refuses a file with bad rows anyway. */
export function canImport(p: ImportPreview | null | undefined): boolean {
  return (p?.valid ?? 0) > 0
}

/** The rows shown: all, or only those with errors. */
export function shownRows(p: ImportPreview | null | undefined, onlyErrors: boolean): ImportRow[] {
  const rows = p?.rows ?? []
  return onlyErrors ? rows.filter((r) => (r.errors ?? []).length > 0) : rows
}
