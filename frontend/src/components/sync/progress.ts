import type { SyncStatus } from '@/api'

/** How far the pull under way is, when the server told its head (GET /v1/head); else null. */
export interface PullShare {
  done: number
  total: number
  /** Whole percent, rounded down: 100 only once the pull reached the end. */
  percent: number
}

export function pullShare(s: SyncStatus | null): PullShare | null {
  if (!s || !s.running || !s.pulling || !s.headKnown || s.pullTotal <= 0) return null
  const fraction = Math.min(Math.max(s.progress, 0), 1)
  return { done: s.pullDone, total: s.pullTotal, percent: Math.floor(fraction * 100) }
}
