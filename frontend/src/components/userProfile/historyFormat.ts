import type { FieldChange, HistoryEntry } from '@/api/profile'
import { LANGUAGES } from '@/i18n'

type T = (key: string, params?: Record<string, unknown>, plural?: number) => string

/** key translated, or fallback when no locale has it. */
function tr(t: T, key: string, fallback: string, params?: Record<string, unknown>): string {
  const text = t(key, params ?? {})
  return text === key ? fallback : text
}

const BOOLEAN_COLUMNS = new Set(['active', 'invited', 'must_change_password', 'enabled', 'done', 'builtin'])
const TIME_COLUMNS = new Set(['created_at', 'updated_at', 'last_active_at', 'password_changed_at', 'sessions_revoked_at', 'due_at', 'done_at', 'expires_at'])

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
  if (Array.isArray(v)) return v.length ? v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', ') : '—'
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

/** Columns that are bookkeeping of another change (said by it), left out of a sentence. */
const SILENT_COLUMNS = new Set(['updated_at', 'created_at', 'password_changed_at'])

/** A column as the object of a sentence ("the profile", "el perfil"), else its label quoted. */
function fieldPhrase(t: T, field: string): string {
  return tr(t, 'history.field.' + field, t('history.edit.quoted', { label: fieldLabel(t, field) }))
}

function isOn(v: unknown): boolean {
  return v === true || v === 1 || v === '1'
}

/** A list kept as JSON text ('["voice","email"]'), else null. */
function jsonList(v: unknown): string[] | null {
  if (Array.isArray(v)) return v.map(String)
  if (typeof v !== 'string' || !v.startsWith('[')) return null
  try {
    const l = JSON.parse(v)
    return Array.isArray(l) ? l.map(String) : null
  } catch {
    return null
  }
}

/** A membership's role and channels in words (a campaign's roles and channels are its own). */
function memberValues(t: T, c: FieldChange): FieldChange {
  const say = (v: unknown): unknown => {
    if (c.field === 'role' && typeof v === 'string') return tr(t, 'org.campaignRole.' + v, v)
    if (c.field === 'channels') {
      const l = jsonList(v)
      if (l) return l.map((ch) => tr(t, 'org.channel.' + ch, ch))
    }
    return v
  }
  return { ...c, field: c.field, old: say(c.old), new: say(c.new) }
}

/** One field change said as a sentence whose subject is who. */
export function changeSentence(t: T, who: string, c: FieldChange, locale: string): string {
  const field = fieldPhrase(t, c.field)
  if (c.secret) return t('history.edit.secret', { who, field })
  if (c.field === 'avatar_id') return t(c.new ? 'history.edit.newPhoto' : 'history.edit.photoRemoved', { who })
  if (c.field === 'sessions_revoked_at') return t('history.edit.sessionsEnded', { who })
  if (BOOLEAN_COLUMNS.has(c.field) || typeof c.new === 'boolean') {
    return t(isOn(c.new) ? 'history.edit.turnedOn' : 'history.edit.turnedOff', { who, field })
  }
  // Empty is what reads as nothing ('', null, [], "[]"), whatever its type.
  const oldText = valueText(t, c.field, c.old, locale)
  const newText = valueText(t, c.field, c.new, locale)
  if (oldText === '—' && newText === '—') return t('history.edit.cleared', { who, field, old: '—' })
  if (oldText === '—') return t('history.edit.set', { who, field, new: newText })
  if (newText === '—') return t('history.edit.cleared', { who, field, old: oldText })
  return t('history.edit.changed', { who, field, old: oldText, new: newText })
}

/**
 * A history entry as sentences in the reader's language, each naming who did it ("Carla
 * Méndez changed the profile from Agent to Supervisor"): an event Go says as a sentence, a
 * creation or deletion, an account event (password, two-step sign-in), or one sentence per
 * edited field. Go has already replaced ids by names.
 */
export function entrySentences(t: T, e: HistoryEntry, locale: string): string[] {
  const who = e.actorName || t('profile.history.system')
  if (e.sentence && e.sentence.key.startsWith('changedIn')) {
    // A change of role or channels in a team, campaign or workspace: one sentence per field,
    // each saying where ("In campaign Cobranzas: Ana changed the role from Agent to Supervisor").
    const sentence = e.sentence
    const changes = e.changes.filter((c) => !SILENT_COLUMNS.has(c.field))
    return (changes.length ? changes : [null]).map((c) => t('history.sentence.' + sentence.key, {
      ...sentence.params,
      change: c ? changeSentence(t, who, memberValues(t, c), locale) : t('history.edit.touched', { who }),
    }))
  }
  if (e.sentence) {
    const what = e.sentence.key === 'legacy'
      // An old entry Go wrote as text before sentences were keys: shown as it was written.
      ? String(e.sentence.params.text ?? '')
      : t('history.sentence.' + e.sentence.key, e.sentence.params, e.sentence.count)
    return [t('history.edit.byWho', { what, who })]
  }
  const changes = e.changes.filter((c) => !SILENT_COLUMNS.has(c.field))
  switch (e.action) {
    case 'create': {
      const profile = e.changes.find((c) => c.field === 'profile_id')?.new
      return [profile
        ? t('history.edit.createdWith', { who, profile: valueText(t, 'profile_id', profile, locale) })
        : t('history.edit.created', { who })]
    }
    case 'delete':
      return [t('history.edit.deleted', { who })]
    case 'update':
      return changes.length ? changes.map((c) => changeSentence(t, who, c, locale)) : [t('history.edit.touched', { who })]
    case 'password_reset':
      return [t(changes.some((c) => c.field === 'generated' && isOn(c.new)) ? 'history.event.password_reset_generated' : 'history.event.password_reset', { who })]
    default: {
      const key = 'history.event.' + e.action
      const text = t(key, { who })
      return [text === key ? t('history.edit.other', { who, action: actionLabel(t, e.action) }) : text]
    }
  }
}
