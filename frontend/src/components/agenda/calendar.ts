// Calendar grid computations of the agenda (day, week and month views), on local dates.
// A "day key" is a local calendar date as `YYYY-MM-DD`, the form Go's AgendaService.Range takes.

export type AgendaView = 'day' | 'week' | 'month' | 'list'

/** The local calendar date of d as `YYYY-MM-DD`. */
export function dayKey(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

/** Local midnight of the day key (a day whose midnight a DST change skips starts when it does). */
export function fromDayKey(key: string): Date {
  const [y, m, d] = key.split('-').map(Number)
  return new Date(y, m - 1, d)
}

/** The day key `n` days after `key` (calendar days, not 24-hour steps). */
export function addDays(key: string, n: number): string {
  const d = fromDayKey(key)
  return dayKey(new Date(d.getFullYear(), d.getMonth(), d.getDate() + n))
}

/** The day key of the first day of the week holding key; weekStartsOn 1 = Monday, 0 = Sunday. */
export function startOfWeek(key: string, weekStartsOn = 1): string {
  const back = (fromDayKey(key).getDay() - weekStartsOn + 7) % 7
  return addDays(key, -back)
}

/** The seven day keys of the week holding key. */
export function weekDays(key: string, weekStartsOn = 1): string[] {
  const first = startOfWeek(key, weekStartsOn)
  return Array.from({ length: 7 }, (_, i) => addDays(first, i))
}

/** The first day key of key's month. */
export function startOfMonth(key: string): string {
  return `${key.slice(0, 7)}-01`
}

/** The 42 day keys (6 weeks) of the month grid holding key, starting on weekStartsOn. */
export function monthGrid(key: string, weekStartsOn = 1): string[] {
  const first = startOfWeek(startOfMonth(key), weekStartsOn)
  return Array.from({ length: 42 }, (_, i) => addDays(first, i))
}

/** The local days [from, to) a view shows around key; the month covers its whole grid. */
export function viewRange(view: AgendaView, key: string, weekStartsOn = 1): { from: string; to: string } {
  switch (view) {
    case 'day':
      return { from: key, to: addDays(key, 1) }
    case 'week': {
      const from = startOfWeek(key, weekStartsOn)
      return { from, to: addDays(from, 7) }
    }
    default: {
      const grid = monthGrid(key, weekStartsOn)
      return { from: grid[0], to: addDays(grid[41], 1) }
    }
  }
}

/** The day key a step of the view before (-1) or after (+1) key. */
export function shift(view: AgendaView, key: string, dir: -1 | 1): string {
  if (view === 'day') return addDays(key, dir)
  if (view === 'week') return addDays(key, 7 * dir)
  const d = fromDayKey(startOfMonth(key))
  return dayKey(new Date(d.getFullYear(), d.getMonth() + dir, 1))
}

/** Items grouped by the local day of their due time (a UTC timestamp), in their order. */
export function byDay<T extends { dueAt: string }>(items: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>()
  for (const it of items) {
    const k = dayKey(new Date(it.dueAt))
    const list = out.get(k)
    if (list) list.push(it)
    else out.set(k, [it])
  }
  return out
}

/** Items of one local day grouped by their local hour (0..23). */
export function byHour<T extends { dueAt: string }>(items: readonly T[]): Map<number, T[]> {
  const out = new Map<number, T[]>()
  for (const it of items) {
    const h = new Date(it.dueAt).getHours()
    const list = out.get(h)
    if (list) list.push(it)
    else out.set(h, [it])
  }
  return out
}

/** The hours a time grid shows: working hours 7..20, widened to hold every item. */
export function gridHours<T extends { dueAt: string }>(items: readonly T[], first = 7, last = 20): number[] {
  let lo = first
  let hi = last
  for (const it of items) {
    const h = new Date(it.dueAt).getHours()
    lo = Math.min(lo, h)
    hi = Math.max(hi, h)
  }
  return Array.from({ length: hi - lo + 1 }, (_, i) => lo + i)
}

/** The first day of the week in a locale: Sunday for English (US), Monday for es, pt, pl. */
export function weekStartFor(locale: string): 0 | 1 {
  return locale.startsWith('en') || locale.startsWith('pt') ? 0 : 1
}

/**
 * The follow-ups a calendar cell shows: at most max, the rest said as "+N more" (so one
 * crowded hour does not stretch its row and push the day out of view), all of them once the
 * cell is opened.
 */
export function cellItems<T>(items: readonly T[], max: number, opened: boolean): { shown: readonly T[]; more: number } {
  if (opened || items.length <= max) return { shown: items, more: 0 }
  // "+1 more" would take the room of the item itself: show max - 1 and "+N more" for the rest.
  const keep = Math.max(1, max - 1)
  return { shown: items.slice(0, keep), more: items.length - keep }
}
