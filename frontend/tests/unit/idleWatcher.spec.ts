import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Presence } from '@/api'
import { createIdleWatcher, type IdleWatcher } from '@/components/userProfile/idleWatcher'

const MIN = 60_000

/** A user whose presence SetPresence changes, as Go would. */
function user(initial: Presence, minutes = 5) {
  const state = { presence: initial as Presence, minutes, calls: [] as Presence[] }
  const setPresence = vi.fn(async (p: Presence) => {
    state.calls.push(p)
    state.presence = p
  })
  return { state, setPresence }
}

let w: IdleWatcher | undefined
beforeEach(() => vi.useFakeTimers({ now: new Date('2026-11-23T09:00:00Z') }))
afterEach(() => {
  w?.stop()
  vi.useRealTimers()
})

function watch(u: ReturnType<typeof user>): IdleWatcher {
  w = createIdleWatcher({ minutes: () => u.state.minutes, presence: () => u.state.presence, setPresence: u.setPresence })
  return w
}

describe('auto-away (F4.4)', () => {
  it('goes away after N idle minutes and back to the previous presence on activity', async () => {
    const u = user('busy')
    const watcher = watch(u)
    await vi.advanceTimersByTimeAsync(5 * MIN - 1)
    expect(u.setPresence).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(u.state.calls).toEqual(['away'])
    expect(watcher.auto).toBe(true)
    watcher.activity()
    await vi.advanceTimersByTimeAsync(0)
    expect(u.state.calls).toEqual(['away', 'busy'])
    expect(watcher.auto).toBe(false)
  })

  it('counts idle time from the last activity, not from the start', async () => {
    const u = user('online')
    const watcher = watch(u)
    await vi.advanceTimersByTimeAsync(4 * MIN)
    watcher.activity()
    await vi.advanceTimersByTimeAsync(4 * MIN)
    expect(u.setPresence).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1 * MIN)
    expect(u.state.calls).toEqual(['away'])
  })

  it('does nothing when off (0 minutes), and starts when the preference is set', async () => {
    const u = user('online', 0)
    const watcher = watch(u)
    await vi.advanceTimersByTimeAsync(60 * MIN)
    expect(u.setPresence).not.toHaveBeenCalled()
    u.state.minutes = 10
    watcher.reschedule()
    await vi.advanceTimersByTimeAsync(10 * MIN)
    expect(u.state.calls).toEqual(['away'])
  })

  it('leaves a presence the user set by hand: away or offline stay, and a manual change while away is kept', async () => {
    const off = user('offline')
    watch(off)
    await vi.advanceTimersByTimeAsync(30 * MIN)
    expect(off.setPresence).not.toHaveBeenCalled()
    w!.stop()

    const u = user('online')
    const watcher = watch(u)
    await vi.advanceTimersByTimeAsync(5 * MIN)
    expect(u.state.calls).toEqual(['away'])
    // The user picks "busy" in the header while away: activity must not override it.
    u.state.presence = 'busy'
    watcher.activity()
    await vi.advanceTimersByTimeAsync(0)
    expect(u.state.calls).toEqual(['away'])
    expect(watcher.auto).toBe(false)
  })

  it('sets away once per idle period and re-arms after coming back', async () => {
    const u = user('online')
    const watcher = watch(u)
    await vi.advanceTimersByTimeAsync(20 * MIN)
    expect(u.state.calls).toEqual(['away'])
    watcher.activity()
    await vi.advanceTimersByTimeAsync(5 * MIN)
    expect(u.state.calls).toEqual(['away', 'online', 'away'])
  })

  it('stops for good', async () => {
    const u = user('online')
    const watcher = watch(u)
    watcher.stop()
    await vi.advanceTimersByTimeAsync(30 * MIN)
    watcher.activity()
    await vi.advanceTimersByTimeAsync(30 * MIN)
    expect(u.setPresence).not.toHaveBeenCalled()
  })
})
