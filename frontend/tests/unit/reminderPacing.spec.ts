import { describe, expect, it } from 'vitest'
import { nextShowAt, reminderGap } from '@/components/agenda/reminderPacing'

describe('reminder pacing by notification frequency', () => {
  it('maps each frequency to the least time between two pop-ups', () => {
    expect(reminderGap('immediately')).toBe(0)
    expect(reminderGap(undefined)).toBe(0)
    expect(reminderGap('every_15_minutes')).toBe(15 * 60_000)
    expect(reminderGap('hourly')).toBe(3_600_000)
    expect(reminderGap('daily')).toBe(86_400_000)
    expect(reminderGap('never')).toBe(Infinity)
  })

  it('shows at once the first time and when the gap has passed, else when it ends', () => {
    const gap = reminderGap('hourly')
    expect(nextShowAt(undefined, gap, 1000)).toBe(1000)
    expect(nextShowAt(0, gap, 10 * 60_000)).toBe(gap)
    expect(nextShowAt(0, gap, 2 * gap)).toBe(2 * gap)
    expect(nextShowAt(5, 0, 7)).toBe(7)
  })

  it('never shows anything for "never"', () => {
    expect(nextShowAt(undefined, reminderGap('never'), 1)).toBe(Infinity)
  })
})
