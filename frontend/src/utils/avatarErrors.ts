import { errorMessage, toApiError, type Translate } from '@/api/errors'

const REASONS = ['type', 'size', 'dimensions', 'memory', 'corrupt'] as const
const MB = 1024 * 1024

/**
 * The translated message of a failed avatar upload: for avatar_invalid the reason
 * (type / size with the limit in MB / dimensions / corrupt), otherwise errorMessage.
 */
export function avatarErrorMessage(t: Translate, err: unknown): string {
  const e = toApiError(err)
  const reason = e.params?.reason
  if (e.code !== 'avatar_invalid' || typeof reason !== 'string' || !(REASONS as readonly string[]).includes(reason)) {
    return errorMessage(t, e)
  }
  const p = e.params ?? {}
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0)
  return t('avatar.reason.' + reason, {
    max: Math.round((num(p.max) / MB) * 10) / 10,
    megapixels: Math.round(num(p.maxPixels) / 1e6),
    width: num(p.width),
    height: num(p.height),
  })
}

/** A coded avatar_invalid error made in the window (checked before anything is sent to Go). */
export function avatarRefusal(reason: (typeof REASONS)[number], params: Record<string, unknown> = {}) {
  return { code: 'avatar_invalid', params: { reason, ...params } }
}
