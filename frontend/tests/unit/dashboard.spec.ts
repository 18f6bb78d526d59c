import { describe, expect, it } from 'vitest'
import type { DashboardFigures } from '@/api/dashboard'
import {
  campaignsOption, color, followupsOption, portfolioOption, presenceOption, profileColor, profileOption, routeFor,
  statusOption, type ChartContext,
} from '@/components/dashboard/charts'

function figures(over: Partial<DashboardFigures> = {}): DashboardFigures {
  return {
    scope: 'all',
    workspaceId: '',
    workspaces: [{ id: 'w1', name: 'Madrid' }, { id: 'w2', name: 'Kraków' }],
    today: '2026-11-23',
    users: {
      total: 1234,
      byStatus: [{ key: 'active', count: 1200 }, { key: 'inactive', count: 30 }, { key: 'pending', count: 4 }],
      byProfile: [
        { id: 'p-agent', name: 'Agent', role: 'agent', icon: 'headset', builtin: true, count: 1000 },
        { id: 'p-admin', name: 'Administrator', role: 'admin', icon: 'shield', builtin: true, count: 200 },
        { id: 'p-senior', name: 'Senior', role: 'agent', icon: 'star', builtin: false, count: 33 },
        { id: '', name: '', role: 'owner', icon: '', builtin: false, count: 1 },
      ],
      presence: [{ key: 'online', count: 500 }, { key: 'busy', count: 300 }, { key: 'away', count: 100 }, { key: 'offline', count: 300 }],
    },
    campaigns: {
      total: 2, active: 1, staff: [
        { id: 'c1', name: 'Renove Fibra', workspaceId: 'w1', active: true, agents: 20, supervisors: 2 },
        { id: 'c2', name: 'Black Friday', workspaceId: 'w2', active: false, agents: 5, supervisors: 1 },
      ],
    },
    portfolio: {
      clients: 5000, unassigned: 400, owners: 100,
      top: [{ userId: 'u1', name: 'Lucía García', count: 120 }, { userId: 'u2', name: 'Jan Nowak', count: 90 }],
      restOwners: 98, restClients: 4390, min: 0, median: 44, max: 120,
    },
    followups: {
      overdue: 12, today: 7, restOwners: 0,
      byOwner: [{ userId: 'u1', name: 'Lucía García', overdue: 8, today: 3 }, { userId: '', name: '', overdue: 4, today: 4 }],
    },
    ...over,
  }
}

const light: ChartContext = {
  t: (key, params) => (params ? `${key}(${Object.values(params).join(',')})` : key),
  n: (v) => new Intl.NumberFormat('es').format(v),
  theme: { dark: false, text: '#111', muted: '#666', grid: '#ddd', surface: '#fff' },
}
const dark: ChartContext = { ...light, theme: { dark: true, text: '#eee', muted: '#999', grid: '#333', surface: '#18181c' } }

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any

describe('chart options', () => {
  it('users by status: one translated bar per status in the status colours, labels in the locale', () => {
    const o = statusOption(figures(), light) as Any
    expect(o.xAxis.data).toEqual(['users.status.active', 'users.status.inactive', 'users.status.pending'])
    expect(o.series[0].data.map((d: Any) => d.value)).toEqual([1200, 30, 4])
    expect(o.series[0].data[0].itemStyle.color).toBe(color(light.theme, 'active'))
    expect(o.series[0].label.formatter({ value: 1200 })).toBe(new Intl.NumberFormat('es').format(1200))
    expect(o.backgroundColor).toBe('transparent')
  })

  it('follows the theme: dark colours and text', () => {
    const o = statusOption(figures(), dark) as Any
    expect(o.series[0].data[0].itemStyle.color).toBe(color(dark.theme, 'active'))
    expect(color(dark.theme, 'active')).not.toBe(color(light.theme, 'active'))
    expect(o.xAxis.axisLabel.color).toBe('#999')
    expect(o.tooltip.backgroundColor).toBe('#18181c')
  })

  it('users by profile: a donut, agent profiles orange, administrator profiles light blue, the Owner named', () => {
    const o = profileOption(figures(), light) as Any
    const data = o.series[0].data
    expect(o.series[0].type).toBe('pie')
    // The built-in profiles in the window's language, the organization's own as typed.
    expect(data.map((d: Any) => d.name)).toEqual(['profiles.builtin.agent', 'profiles.builtin.admin', 'Senior', 'roles.owner'])
    expect(data[0].itemStyle.color).toBe('#f0a020')
    expect(data[1].itemStyle.color).toBe('#70c0e8')
    expect(data[2].itemStyle.color).toBe(profileColor(light.theme, 'agent', 1))
    expect(data[2].itemStyle.color).not.toBe(data[0].itemStyle.color)
  })

  it('presence: a donut of the four presences', () => {
    const o = presenceOption(figures(), light) as Any
    expect(o.series[0].data.map((d: Any) => [d.name, d.value])).toEqual([
      ['presence.online', 500], ['presence.busy', 300], ['presence.away', 100], ['presence.offline', 300],
    ])
  })

  it('campaign staffing: agents and supervisors stacked, inactive campaigns marked, first campaign on top', () => {
    const o = campaignsOption(figures(), light) as Any
    expect(o.yAxis.data).toEqual(['dashboard.inactiveCampaign(Black Friday)', 'Renove Fibra'])
    expect(o.series.map((s: Any) => [s.name, s.stack])).toEqual([['dashboard.series.agents', 'staff'], ['dashboard.series.supervisors', 'staff']])
    expect(o.series[0].data.map((d: Any) => d.value)).toEqual([5, 20])
    expect(o.series[1].data.map((d: Any) => d.value)).toEqual([1, 2])
  })

  it('portfolio: the top owners (largest on top) and one bar for the average of the rest', () => {
    const o = portfolioOption(figures(), light) as Any
    expect(o.yAxis.data).toEqual(['dashboard.restAverage(98)', 'Jan Nowak', 'Lucía García'])
    expect(o.series[0].data.map((d: Any) => d.value)).toEqual([45, 90, 120])
    expect(o.series[0].data[0].itemStyle.color).toBe(color(light.theme, 'rest'))
  })

  it('follow-ups: overdue and today stacked per owner, the unassigned ones named', () => {
    const o = followupsOption(figures(), light) as Any
    expect(o.yAxis.data).toEqual(['dashboard.nobody', 'Lucía García'])
    expect(o.series[0].data).toEqual([4, 8])
    expect(o.series[1].data).toEqual([4, 3])
  })
})

describe('a click leads to the list behind it', () => {
  const f = figures()
  it.each([
    ['status', { dataIndex: 1 }, { path: '/users', query: { status: 'inactive' } }],
    ['profile', { dataIndex: 1 }, { path: '/users', query: { profileId: 'p-admin' } }],
    ['profile', { dataIndex: 3 }, { path: '/users', query: { role: 'owner' } }],
    ['presence', { dataIndex: 0 }, { path: '/users', query: { status: 'active', presence: 'online' } }],
    ['presence', { dataIndex: 3 }, { path: '/users', query: { status: 'active', presence: 'offline' } }],
    // The chart lists campaigns reversed (the first on top).
    ['campaigns', { dataIndex: 1 }, { path: '/users', query: { campaignId: 'c1' } }],
    // Bottom to top: the rest, Jan Nowak, Lucía García.
    ['portfolio', { dataIndex: 2 }, { path: '/clients', query: { ownerId: 'u1' } }],
    ['portfolio', { dataIndex: 1 }, { path: '/clients', query: { ownerId: 'u2' } }],
    ['portfolio', { dataIndex: 0 }, { path: '/clients', query: {} }],
    ['followups', { dataIndex: 0, seriesIndex: 0 }, { path: '/agenda', query: { view: 'list', filter: 'overdue' } }],
    ['followups', { dataIndex: 1, seriesIndex: 1 }, { path: '/agenda', query: { view: 'list', filter: 'today' } }],
  ] as const)('%s %j', (chart, click, want) => {
    expect(routeFor(chart, click, f)).toEqual(want)
  })

  it('carries the workspace filter to the users and clients lists', () => {
    const g = figures({ workspaceId: 'w2' })
    expect(routeFor('status', { dataIndex: 0 }, g)).toEqual({ path: '/users', query: { status: 'active', workspaceId: 'w2' } })
    expect(routeFor('profile', { dataIndex: 0 }, g)).toEqual({ path: '/users', query: { profileId: 'p-agent', workspaceId: 'w2' } })
    expect(routeFor('portfolio', { dataIndex: 0 }, g)).toEqual({ path: '/clients', query: { workspaceId: 'w2' } })
    expect(routeFor('portfolio', { dataIndex: 2 }, g)).toEqual({ path: '/clients', query: { ownerId: 'u1', workspaceId: 'w2' } })
  })

  it('leads nowhere from a bar that is not there', () => {
    expect(routeFor('status', { dataIndex: 9 }, f)).toBeNull()
    expect(routeFor('portfolio', { dataIndex: 3 }, f)).toBeNull()
  })
})
