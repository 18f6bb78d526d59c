/** "in 23 hours" / "3 minutes ago" in locale, from an RFC 3339 time and now (ms). */
export function relativeFrom(iso: string, locale: string, now: number = Date.now()): string {
  const when = new Date(iso)
  if (!iso || Number.isNaN(when.getTime())) return ''
  const seconds = Math.round((when.getTime() - now) / 1000)
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })
  const abs = Math.abs(seconds)
  if (abs < 60) return rtf.format(seconds, 'second')
  if (abs < 3600) return rtf.format(Math.round(seconds / 60), 'minute')
  // Up to two days in hours: an invitation lasts 24 h, and "tomorrow" would hide how many are left.
  if (abs < 2 * 86400) return rtf.format(Math.round(seconds / 3600), 'hour')
  return rtf.format(Math.round(seconds / 86400), 'day')
}
