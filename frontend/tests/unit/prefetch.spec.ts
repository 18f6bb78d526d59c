import { describe, expect, it } from 'vitest'
import { MODULES } from '@/api'
import { prefetchedModules } from '@/router'

describe('pages loaded ahead after sign-in', () => {
  it('are the list pages the session opens, never the dashboard (ECharts stays unloaded until opened)', () => {
    const all = prefetchedModules(() => true)
    expect(all).toContain('users')
    expect(all).toContain('clients')
    expect(all).not.toContain('reports')
    expect(all.every((m) => MODULES.includes(m))).toBe(true)
    expect(prefetchedModules((m) => m === 'teams')).toEqual(['teams'])
  })
})
