import type { NotifyFrequency } from '@/api/profile'

const MINUTE = 60_000

/**
 * How long, at least, between two reminder pop-ups for a notification frequency (F4.5):
 * 0 = each follow-up as it comes due, Infinity = never (the agenda's badges still count them).
 */
export function reminderGap(frequency: NotifyFrequency | undefined): number {
  switch (frequency) {
    case 'every_15_minutes': return 15 * MINUTE
    case 'hourly': return 60 * MINUTE
    case 'daily': return 24 * 60 * MINUTE
    case 'never': return Infinity
    default: return 0
  }
}

/**
 * When the reminders waiting now may be shown: at once if the last pop-up is at least one gap
 * old, else when that gap ends; never (Infinity) when the user wants none.
 */
export function nextShowAt(lastShownAt: number | undefined, gap: number, now: number): number {
  if (gap === Infinity) return Infinity
  if (lastShownAt === undefined || gap === 0) return now
  return Math.max(now, lastShownAt + gap)
}
