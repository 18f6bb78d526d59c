import type { Presence } from '@/api'

/** What the idle watcher needs from the window: all injected, so it is tested with fake timers. */
export interface IdleWatcherDeps {
  /** Idle minutes before going away; 0 (or less) turns auto-away off. */
  minutes: () => number
  /** The user's presence now. */
  presence: () => Presence | undefined
  /** Saves a presence (SessionService.SetPresence). */
  setPresence: (p: Presence) => Promise<unknown>
  /** Milliseconds now; Date.now by default (fake timers move it too). */
  now?: () => number
}

export interface IdleWatcher {
  /** A mouse or keyboard event in the window. */
  activity(): void
  /** Re-reads minutes (after the preference changed) and re-arms the timer. */
  reschedule(): void
  stop(): void
  /** True while the watcher has set the user away and will bring them back. */
  readonly auto: boolean
}

/** Presences auto-away applies to: a user already away or offline stays as they are. */
const AWAY_FROM: readonly Presence[] = ['online', 'busy']

/**
 * Auto-away (PRODUCT.md F4.4): after N minutes without mouse or keyboard activity in the
 * window the presence goes to 'away'; the next activity brings back the presence the user had,
 * but only when the watcher itself set 'away' and the user has not chosen another one since.
 * Activity only stamps a time, so a moving mouse costs no timer work; the one timer re-arms
 * itself for the time still missing when it fires early.
 */
export function createIdleWatcher(deps: IdleWatcherDeps): IdleWatcher {
  const now = deps.now ?? (() => Date.now())
  let last = now()
  let timer: ReturnType<typeof setTimeout> | undefined
  let previous: Presence | null = null
  let stopped = false

  const limitMs = () => Math.max(0, deps.minutes()) * 60_000

  function arm(delay: number): void {
    clearTimeout(timer)
    timer = undefined
    if (stopped || limitMs() === 0) return
    timer = setTimeout(fire, Math.max(0, delay))
  }

  function fire(): void {
    timer = undefined
    const limit = limitMs()
    if (limit === 0 || stopped) return
    const idle = now() - last
    if (idle < limit) {
      arm(limit - idle)
      return
    }
    const current = deps.presence()
    if (previous === null && current && AWAY_FROM.includes(current)) {
      previous = current
      deps.setPresence('away').catch(() => {
        previous = null
      })
    }
  }

  function activity(): void {
    last = now()
    if (previous !== null) {
      const back = previous
      previous = null
      // The user changed their presence by hand while away: that choice stays.
      if (deps.presence() === 'away') void deps.setPresence(back).catch(() => undefined)
    }
    if (timer === undefined) arm(limitMs())
  }

  arm(limitMs())

  return {
    activity,
    reschedule: () => arm(limitMs() - (now() - last)),
    stop: () => {
      stopped = true
      clearTimeout(timer)
      timer = undefined
    },
    get auto() {
      return previous !== null
    },
  }
}
