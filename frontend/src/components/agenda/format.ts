// Dates of the agenda in the interface language and the workstation's time zone.

/** "10:05" (or "10:05 AM") in the locale. */
export function formatTime(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' }).format(new Date(iso))
}

/** "lun, 23 nov 2026, 10:05" in the locale. */
export function formatDue(iso: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit',
  }).format(new Date(iso))
}

/** The weekday and day of a day key, e.g. "lun 23". */
export function formatDayHead(d: Date, locale: string): { weekday: string; day: string } {
  return {
    weekday: new Intl.DateTimeFormat(locale, { weekday: 'short' }).format(d),
    day: new Intl.DateTimeFormat(locale, { day: 'numeric' }).format(d),
  }
}

/** "13:00" for an hour row of the time grid. */
export function formatHour(hour: number, locale: string): string {
  return new Intl.DateTimeFormat(locale, { hour: 'numeric', minute: '2-digit' }).format(new Date(2000, 0, 1, hour))
}

/** The title of a view's period: the day, the week's span, or the month. */
export function formatPeriod(view: string, from: Date, lastDay: Date, locale: string): string {
  if (view === 'day') {
    return new Intl.DateTimeFormat(locale, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' }).format(from)
  }
  if (view === 'week') {
    return new Intl.DateTimeFormat(locale, { day: 'numeric', month: 'short', year: 'numeric' }).formatRange(from, lastDay)
  }
  return new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric' }).format(from)
}
