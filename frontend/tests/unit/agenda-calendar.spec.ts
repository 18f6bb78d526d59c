import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  addDays, byDay, byHour, dayKey, fromDayKey, gridHours, monthGrid, shift, startOfWeek, viewRange, weekDays, weekStartFor,
} from '@/components/agenda/calendar'

// The grid is computed on local dates: run it where the clocks change.
let tz: string | undefined
beforeAll(() => {
  tz = process.env.TZ
  process.env.TZ = 'Europe/Warsaw'
})
afterAll(() => {
  process.env.TZ = tz
})

describe('agenda calendar grid', () => {
  it('runs in Warsaw time', () => {
    expect(new Date('2026-03-29T12:00:00Z').getTimezoneOffset()).toBe(-120)
    expect(new Date('2026-03-28T12:00:00Z').getTimezoneOffset()).toBe(-60)
  })

  it('steps calendar days across daylight-saving changes', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29')
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30') // a 23-hour day
    expect(addDays('2026-10-25', 1)).toBe('2026-10-26') // a 25-hour day
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29')
    expect(dayKey(fromDayKey('2026-03-29'))).toBe('2026-03-29')
  })

  it('builds weeks from Monday or Sunday', () => {
    expect(startOfWeek('2026-11-23')).toBe('2026-11-23') // a Monday
    expect(startOfWeek('2026-11-29')).toBe('2026-11-23') // Sunday ends the week
    expect(startOfWeek('2026-11-29', 0)).toBe('2026-11-29')
    expect(weekDays('2026-10-28')).toEqual([
      '2026-10-26', '2026-10-27', '2026-10-28', '2026-10-29', '2026-10-30', '2026-10-31', '2026-11-01',
    ])
    expect(weekDays('2026-03-29')[0]).toBe('2026-03-23')
    expect(weekStartFor('pl')).toBe(1)
    expect(weekStartFor('es')).toBe(1)
    expect(weekStartFor('en')).toBe(0)
  })

  it('builds a six-week month grid and the range each view asks Go for', () => {
    const grid = monthGrid('2026-11-15')
    expect(grid).toHaveLength(42)
    expect(grid[0]).toBe('2026-10-26')
    expect(grid[41]).toBe('2026-12-06')
    expect(new Set(grid).size).toBe(42)
    expect(monthGrid('2026-11-15', 0)[0]).toBe('2026-11-01')
    expect(viewRange('day', '2026-03-29')).toEqual({ from: '2026-03-29', to: '2026-03-30' })
    expect(viewRange('week', '2026-03-29')).toEqual({ from: '2026-03-23', to: '2026-03-30' })
    expect(viewRange('month', '2026-11-15')).toEqual({ from: '2026-10-26', to: '2026-12-07' })
    expect(shift('month', '2026-01-31', 1)).toBe('2026-02-01')
    expect(shift('month', '2026-01-15', -1)).toBe('2025-12-01')
    expect(shift('week', '2026-10-22', 1)).toBe('2026-10-29')
    expect(shift('day', '2026-10-25', 1)).toBe('2026-10-26')
  })

  it('places follow-ups on their local day and hour', () => {
    const items = [
      { id: 'a', dueAt: '2026-11-22T23:30:00.000Z' }, // 00:30 on the 23rd in Warsaw
      { id: 'b', dueAt: '2026-11-23T08:15:00.000Z' }, // 09:15
      { id: 'c', dueAt: '2026-11-23T08:45:00.000Z' }, // 09:45
      { id: 'd', dueAt: '2026-11-23T23:00:00.000Z' }, // 00:00 on the 24th
    ]
    const days = byDay(items)
    expect([...days.keys()]).toEqual(['2026-11-23', '2026-11-24'])
    expect(days.get('2026-11-23')!.map((i) => i.id)).toEqual(['a', 'b', 'c'])
    const hours = byHour(days.get('2026-11-23')!)
    expect(hours.get(0)!.map((i) => i.id)).toEqual(['a'])
    expect(hours.get(9)!.map((i) => i.id)).toEqual(['b', 'c'])
    expect(gridHours(days.get('2026-11-23')!)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20])
    expect(gridHours([])).toHaveLength(14)
  })
})
