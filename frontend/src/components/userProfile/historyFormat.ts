import type { FieldChange } from '@/api/profile'
import { LANGUAGES } from '@/i18n'

type T = (key: string, params?: Record<string, unknown>) => string

/** key translated, or fallback when no locale has it. */
function tr(t: T, key: string, fallback: string, params?: Record<string, unknown>): string {
  const text = t(key, params ?? {})
  return text === key ? fallback : text
}

const BOOLEAN_COLUMNS = new Set(['active', 'invited', 'must_change_password', 'enabled'])
const TIME_COLUMNS = new Set(['created_at', 'updated_at', 'last_active_at', 'password_changed_at', 'sessions_revoked_at'])

/** A history entry's action in words (profile.historyAction.<action>, else the raw name). */
export function actionLabel(t: T, action: string): string {
  return tr(t, 'profile.historyAction.' + action, action.replace(/_/g, ' '))
}

/** A changed column's name in words (profile.historyField.<column>, else the raw name). */
export function fieldLabel(t: T, field: string): string {
  return tr(t, 'profile.historyField.' + field, field.replace(/_/g, ' '))
}

/** One value of a change as the page shows it: lists of skills/fields read, booleans said. */
export function valueText(t: T, field: string, v: unknown, locale: string): string {
  if (v === null || v === undefined || v === '') return '—'
  if (BOOLEAN_COLUMNS.has(field) || typeof v === 'boolean') {
    return v === true || v === 1 || v === '1' ? t('profile.yes') : t('profile.no')
  }
  if (TIME_COLUMNS.has(field) && typeof v === 'string') {
    const d = new Date(v)
    if (!Number.isNaN(d.getTime())) return d.toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' })
  }
  if ((field === 'skills' || field === 'custom_fields') && typeof v === 'string') {
    try {
      const list = JSON.parse(v) as Array<Record<string, unknown>>
      if (!Array.isArray(list) || list.length === 0) return '—'
      return list
        .map((x) => (field === 'skills' ? (Number(x.level) > 0 ? `${x.name} (${x.level})` : String(x.name)) : `${x.label}: ${x.value}`))
        .join(', ')
    } catch {
      return v
    }
  }
  if (field === 'avatar_id') return t('profile.newPhoto')
  if (field === 'theme' && typeof v === 'string') return tr(t, 'theme.' + v, v)
  if (field === 'notify_frequency' && typeof v === 'string') return tr(t, 'profile.prefs.notify.' + v, v)
  if (field === 'language' && typeof v === 'string') return LANGUAGES.find((l) => l.code === v)?.name ?? v
  if (field === 'presence' && typeof v === 'string') return tr(t, 'presence.' + v, v)
  if (field === 'role' && typeof v === 'string') return tr(t, 'roles.' + v, v)
  if (field === 'status' && typeof v === 'string') return tr(t, 'users.status.' + v, v)
  return typeof v === 'object' ? JSON.stringify(v) : String(v)
}

/** One change as "field: old → new", or "field: changed" for a secret. */
export function changeText(t: T, c: FieldChange, locale: string): { field: string; old: string | null; new: string; secret: boolean } {
  return {
    field: fieldLabel(t, c.field),
    // null: nothing before (a new row, or an event's detail), so only the value shows.
    old: c.secret || c.old === null || c.old === undefined ? null : valueText(t, c.field, c.old, locale),
    new: c.secret ? t('profile.changed') : valueText(t, c.field, c.new, locale),
    secret: Boolean(c.secret),
  }
}
