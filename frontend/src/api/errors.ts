import type { PolicyFailure } from './types'

/** Every error code the Go side may reject with (docs/bindings.md, "Errors"). */
export const ERROR_CODES = [
  'unauthenticated', 'permission_denied', 'not_found', 'validation', 'conflict_unique',
  'password_policy', 'invalid_credentials', 'account_locked', 'account_inactive', 'already_setup', 'internal', 'canceled',
  'two_factor_required', 'code_invalid', 'code_expired', 'challenge_expired',
  'password_change_required', 'two_factor_setup_required', 'mail_not_configured', 'mail_failed',
  'avatar_invalid', 'demo_not_empty',
  'profile_in_use', 'profile_builtin', 'two_factor_enabled', 'two_factor_not_enrolled', 'two_factor_policy',
  'team_leader_not_member', 'member_not_in_workspace', 'campaign_dates_order', 'campaign_not_member', 'workspace_archived',
  'sync_not_configured', 'sync_unreachable', 'sync_revoked', 'sync_bad_code', 'sync_insecure_url', 'sync_cert_changed',
  'sync_server_error', 'sync_clock_ahead', 'sync_already_enrolled',
  'secrets_locked',
  'disk_full', 'database_damaged', 'backup_not_plantel', 'backup_newer', 'backup_damaged',
] as const

/** Every password policy failure code (docs/bindings.md, PolicyFailure). */
export const POLICY_CODES = [
  'too_short', 'too_long', 'common', 'contains_personal',
  'needs_digit', 'needs_upper', 'needs_lower', 'needs_special',
] as const

/** Rules of `validation` errors (params.rule). */
export const VALIDATION_RULES = ['required', 'email', 'too_long', 'username', 'one_of', 'date'] as const

/** What a `contains_personal` failure may name (params.what). */
export const PERSONAL_PARTS = ['username', 'name', 'email'] as const

/** A coded error from a bound Go method, normalised. */
export class ApiError extends Error {
  readonly code: string
  readonly field?: string
  readonly params?: Record<string, unknown>

  constructor(code: string, field?: string, params?: Record<string, unknown>) {
    super(code)
    this.name = 'ApiError'
    this.code = code
    this.field = field || undefined
    this.params = params ?? undefined
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * toApiError turns whatever a bound call rejected with into an ApiError.
 * Wails rejects with an Error whose message is the text the Go ErrorFormatter returned —
 * here the coded error as JSON (app.FormatError) — so the message is parsed; a coded object
 * or its JSON text is taken as is too. Anything else (a plain Go error string, an exception)
 * becomes `internal`, so a raw message never reaches the screen.
 */
export function toApiError(value: unknown): ApiError {
  if (value instanceof ApiError) return value
  if (value instanceof Error) return fromText(value.message)
  if (typeof value === 'string') return fromText(value)
  if (isRecord(value) && typeof value.code === 'string' && value.code !== '') {
    const field = typeof value.field === 'string' ? value.field : undefined
    const params = isRecord(value.params) ? value.params : undefined
    return new ApiError(value.code, field, params)
  }
  return new ApiError('internal')
}

function fromText(text: string): ApiError {
  const trimmed = text.trim()
  if (trimmed.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(trimmed)
      if (isRecord(parsed)) return toApiError(parsed)
    } catch {
      // not JSON: falls through to internal
    }
  }
  return new ApiError('internal')
}

/** The part of vue-i18n's `t` this module needs. */
export type Translate = (key: string, params?: Record<string, unknown>) => string

/** Translates key, or returns undefined when no locale has it (vue-i18n then returns the key). */
/**
 * A message that says what is wrong with this value, where a field has one of its own
 * ("fieldErrors.<field>.<code or rule>", e.g. a workspace name already taken, an unknown
 * owner named in an import), else an unknown option named by the value ("“Nadie” does not
 * exist"); undefined to fall back to the general text of the code or rule.
 */
export function fieldErrorMessage(t: Translate, err: unknown): string | undefined {
  const e = toApiError(err)
  const rule = typeof e.params?.rule === 'string' ? e.params.rule : ''
  if (e.field) {
    const byField = tryTranslate(t, `fieldErrors.${e.field}.${rule || e.code}`, e.params)
    if (byField) return byField
  }
  if (e.code === 'validation' && rule === 'unknown' && typeof e.params?.name === 'string' && e.params.name) {
    return tryTranslate(t, 'fieldErrors.unknownName', e.params)
  }
  return undefined
}

function tryTranslate(t: Translate, key: string, params?: Record<string, unknown>): string | undefined {
  const text = t(key, params ?? {})
  return text === key ? undefined : text
}

/** The translated text of one password policy failure. */
export function policyMessage(t: Translate, failure: PolicyFailure): string {
  const params: Record<string, unknown> = { ...(failure.params ?? {}) }
  if (failure.code === 'contains_personal' && typeof params.what === 'string') {
    params.what = tryTranslate(t, 'policyWhat.' + params.what) ?? tryTranslate(t, 'policyWhat.any')
  }
  return (
    tryTranslate(t, 'policy.' + failure.code, params) ??
    tryTranslate(t, 'errors.' + failure.code, params) ??
    t('errors.password_policy')
  )
}

/** The translated texts of every failure of a password_policy error (empty for other errors). */
export function policyMessages(t: Translate, err: unknown): string[] {
  const e = toApiError(err)
  if (e.code !== 'password_policy') return []
  const failures = Array.isArray(e.params?.failures) ? (e.params!.failures as PolicyFailure[]) : []
  return failures.filter((f) => f && typeof f.code === 'string').map((f) => policyMessage(t, f))
}

/**
 * errorMessage is the one translator of errors: `t('errors.' + code, params)`, with a
 * validation error told by its rule, and errors.internal for a code no locale knows.
 */
export function errorMessage(t: Translate, err: unknown): string {
  const e = toApiError(err)
  const specific = fieldErrorMessage(t, e)
  if (specific) return specific
  if (e.code === 'validation' && typeof e.params?.rule === 'string') {
    const byRule = tryTranslate(t, 'validation.' + e.params.rule, e.params)
    if (byRule) return byRule
  }
  return tryTranslate(t, 'errors.' + e.code, e.params) ?? t('errors.internal')
}
