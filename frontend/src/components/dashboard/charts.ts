// Option builders of the dashboard's charts (PRODUCT.md F11.2) and where a click on each
// leads. Pure functions of the figures, the translations and the theme, so they are unit
// tested without a canvas.
import type { ComposeOption } from 'echarts/core'
import type { BarSeriesOption, PieSeriesOption } from 'echarts/charts'
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components'
import type { LocationQueryRaw } from 'vue-router'
import type { DashboardFigures } from '@/api/dashboard'
import { profileLabel } from '@/utils/profiles'
import { escapeHtml, html } from '@/utils/html'

export type ChartOption = ComposeOption<
  BarSeriesOption | PieSeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption
>

/** The dashboard's charts; each names what a click on it filters. */
export type ChartId = 'status' | 'profile' | 'presence' | 'campaigns' | 'portfolio' | 'followups'

/** Colours and text the charts take from the theme. */
export interface ChartTheme {
  dark: boolean
  text: string
  muted: string
  grid: string
  surface: string
}

export interface ChartContext {
  t: (key: string, params?: Record<string, unknown>) => string
  /** Formats a number in the interface language. */
  n: (value: number) => string
  theme: ChartTheme
}

export const STATUSES = ['active', 'inactive', 'pending'] as const
export const PRESENCES = ['online', 'busy', 'away', 'offline'] as const

const PALETTE = {
  light: {
    active: '#18a058', inactive: '#8a94a3', pending: '#f0a020',
    online: '#18a058', busy: '#d03050', away: '#f0a020', offline: '#b4bcc8',
    agents: '#1f6feb', supervisors: '#7c4dff', portfolio: '#2080f0', rest: '#b4bcc8',
    overdue: '#d03050', today: '#f0a020', owner: '#1f6feb',
  },
  dark: {
    active: '#63e2b7', inactive: '#7d8590', pending: '#f2c97d',
    online: '#63e2b7', busy: '#e88080', away: '#f2c97d', offline: '#5c6370',
    agents: '#4c8dff', supervisors: '#b39dff', portfolio: '#70c0e8', rest: '#5c6370',
    overdue: '#e88080', today: '#f2c97d', owner: '#4c8dff',
  },
}

export type PaletteKey = keyof typeof PALETTE.light

export function color(theme: ChartTheme, key: PaletteKey): string {
  return PALETTE[theme.dark ? 'dark' : 'light'][key]
}

// Profile colours follow the role (F3.2): administrator profiles light blue, agent profiles
// orange; several profiles of one role get shades of it.
const ROLE_SHADES = {
  admin: ['#70c0e8', '#4098c8', '#a8d8f0', '#2878a8'],
  agent: ['#f0a020', '#d07c10', '#f5c060', '#b06000', '#f8d898'],
}

/** The colour of the i-th profile of a role in the profile chart. */
export function profileColor(theme: ChartTheme, role: string, i: number): string {
  if (role === 'admin') return ROLE_SHADES.admin[i % ROLE_SHADES.admin.length]
  if (role === 'agent') return ROLE_SHADES.agent[i % ROLE_SHADES.agent.length]
  return color(theme, 'owner')
}

/** What ECharts passes to a tooltip formatter, in the parts the charts use. */
export interface TooltipParam {
  name?: string
  seriesName?: string
  value?: unknown
  percent?: number
  color?: unknown
}

/**
 * The coloured dot before a series in a tooltip. Only a colour literal gets in (the palette's,
 * never a user's text), so the style attribute cannot carry anything else.
 */
export function marker(c: unknown): string {
  const safe = typeof c === 'string' && /^(#[0-9a-f]{3,8}|rgba?\([\d.,\s%]+\))$/i.test(c) ? c : 'transparent'
  return `<span style="display:inline-block;margin-right:6px;border-radius:50%;width:9px;height:9px;background-color:${safe}"></span>`
}

// ECharts shows what a tooltip formatter returns as HTML. Every formatter of the dashboard is
// one of these three, and each writes names (profiles, campaigns, people: user text) and
// translated labels only through escapeHtml (utils/html.ts). Axis and series labels are drawn
// on the canvas as text, never as HTML.

/** An item tooltip: "● series / name: value". */
export function itemTooltip(ctx: ChartContext) {
  return (p: unknown): string => {
    const q = (Array.isArray(p) ? p[0] : p) as TooltipParam
    const head = q.seriesName ? html`${q.seriesName}` + '<br/>' : ''
    return head + marker(q.color) + html`${q.name ?? ''}: ${ctx.n(Number(q.value))}`
  }
}

/** A donut slice: "● name: value (percent %)". */
export function donutTooltip(ctx: ChartContext) {
  return (p: unknown): string => {
    const q = (Array.isArray(p) ? p[0] : p) as TooltipParam
    return marker(q.color) + html`${q.name ?? ''}: ${ctx.n(Number(q.value))} (${q.percent ?? 0}%)`
  }
}

/** An axis tooltip: the category (a campaign's or a person's name), then one line per series. */
export function axisTooltip(ctx: ChartContext) {
  return (p: unknown): string => {
    const list = (Array.isArray(p) ? p : [p]) as TooltipParam[]
    if (!list.length) return ''
    const lines = list.map((q) => marker(q.color) + html`${q.seriesName ?? ''}: ${ctx.n(Number(q.value))}`)
    return [escapeHtml(list[0].name ?? ''), ...lines].join('<br/>')
  }
}

function tooltip(ctx: ChartContext, trigger: 'item' | 'axis'): TooltipComponentOption {
  return {
    trigger,
    confine: true,
    backgroundColor: ctx.theme.surface,
    borderColor: ctx.theme.grid,
    textStyle: { color: ctx.theme.text },
    formatter: trigger === 'axis' ? axisTooltip(ctx) : itemTooltip(ctx),
    ...(trigger === 'axis' ? { axisPointer: { type: 'shadow' as const } } : {}),
  }
}

function axisStyle(ctx: ChartContext) {
  return {
    axisLabel: { color: ctx.theme.muted, hideOverlap: true },
    axisLine: { lineStyle: { color: ctx.theme.grid } },
    splitLine: { lineStyle: { color: ctx.theme.grid } },
    axisTick: { show: false },
  }
}

function valueAxis(ctx: ChartContext) {
  return { type: 'value' as const, minInterval: 1, ...axisStyle(ctx), axisLabel: { color: ctx.theme.muted, formatter: (v: number) => ctx.n(v) } }
}

function legend(ctx: ChartContext): LegendComponentOption {
  return { bottom: 0, textStyle: { color: ctx.theme.text }, itemWidth: 12, itemHeight: 12, icon: 'roundRect' }
}

function base(ctx: ChartContext): ChartOption {
  return { backgroundColor: 'transparent', textStyle: { color: ctx.theme.text }, animationDuration: 400 }
}

/** Users by status: a bar per status, coloured by status. */
export function statusOption(f: DashboardFigures, ctx: ChartContext): ChartOption {
  return {
    ...base(ctx),
    tooltip: tooltip(ctx, 'item'),
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    xAxis: {
      type: 'category', data: f.users.byStatus.map((c) => ctx.t('users.status.' + c.key)), ...axisStyle(ctx),
      axisLabel: { color: ctx.theme.muted, interval: 0, width: 90, overflow: 'break' },
    },
    yAxis: valueAxis(ctx),
    series: [{
      type: 'bar',
      name: ctx.t('dashboard.charts.status'),
      barMaxWidth: 56,
      data: f.users.byStatus.map((c) => ({
        value: c.count, key: c.key, itemStyle: { color: color(ctx.theme, c.key as PaletteKey), borderRadius: [4, 4, 0, 0] },
      })),
      label: { show: true, position: 'top', color: ctx.theme.text, formatter: (p) => ctx.n(Number(p.value)) },
    }],
  }
}

function donut(ctx: ChartContext, name: string, data: PieSeriesOption['data']): ChartOption {
  return {
    ...base(ctx),
    tooltip: { ...tooltip(ctx, 'item'), formatter: donutTooltip(ctx) },
    // A plain legend wraps onto a second row instead of paging.
    legend: { ...legend(ctx), type: 'plain', itemGap: 12, left: 'center' },
    series: [{
      type: 'pie',
      name,
      radius: ['36%', '60%'],
      center: ['50%', '40%'],
      avoidLabelOverlap: true,
      itemStyle: { borderColor: ctx.theme.surface, borderWidth: 2 },
      label: { show: false },
      emphasis: { label: { show: true, fontWeight: 'bold', color: ctx.theme.text, formatter: (p) => ctx.n(Number(p.value)) } },
      data,
    }],
  }
}

/** Users by profile: a donut, profiles coloured by their role. */
export function profileOption(f: DashboardFigures, ctx: ChartContext): ChartOption {
  const seen: Record<string, number> = {}
  return donut(ctx, ctx.t('dashboard.charts.profile'), f.users.byProfile.map((p) => {
    const i = (seen[p.role] = (seen[p.role] ?? -1) + 1)
    return {
      name: p.role === 'owner' ? ctx.t('roles.owner') : profileLabel(p, ctx.t),
      value: p.count,
      id: p.id,
      role: p.role,
      itemStyle: { color: profileColor(ctx.theme, p.role, i) },
    }
  }))
}

/** Presence of the active users now: a donut in the presence colours. */
export function presenceOption(f: DashboardFigures, ctx: ChartContext): ChartOption {
  return donut(ctx, ctx.t('dashboard.charts.presence'), f.users.presence.map((c) => ({
    name: ctx.t('presence.' + c.key), value: c.count, key: c.key, itemStyle: { color: color(ctx.theme, c.key as PaletteKey) },
  })))
}

function truncate(s: string, max: number): string {
  return s.length > max ? s.slice(0, max - 1) + '…' : s
}

/** Campaign staffing: a horizontal bar per campaign, agents and supervisors stacked. */
export function campaignsOption(f: DashboardFigures, ctx: ChartContext): ChartOption {
  const staff = [...f.campaigns.staff].reverse() // the first campaign on top
  const names = staff.map((c) => (c.active ? c.name : ctx.t('dashboard.inactiveCampaign', { name: c.name })))
  const series = (key: 'agents' | 'supervisors'): BarSeriesOption => ({
    type: 'bar',
    name: ctx.t('dashboard.series.' + key),
    stack: 'staff',
    barMaxWidth: 22,
    itemStyle: { color: color(ctx.theme, key) },
    data: staff.map((c) => ({ value: c[key], id: c.id, itemStyle: c.active ? undefined : { opacity: 0.5 } })),
  })
  return {
    ...base(ctx),
    tooltip: tooltip(ctx, 'axis'),
    legend: legend(ctx),
    grid: { left: 8, right: 24, top: 8, bottom: 32, containLabel: true },
    xAxis: valueAxis(ctx),
    yAxis: { type: 'category', data: names, ...axisStyle(ctx), axisLabel: { color: ctx.theme.muted, formatter: (v: string) => truncate(v, 28) } },
    series: [series('agents'), series('supervisors')],
  }
}

/** The bars of the portfolio chart, top to bottom: the largest portfolios, then everyone else's average. */
function portfolioBars(f: DashboardFigures): { label: string | null; value: number; userId: string }[] {
  const p = f.portfolio
  const bars = p.top.map((o) => ({ label: o.name as string | null, value: o.count, userId: o.userId }))
  if (p.restOwners > 0) bars.push({ label: null, value: Math.round(p.restClients / p.restOwners), userId: '' })
  return bars
}

/** Portfolio size: a horizontal bar per large portfolio (largest on top) and one for the rest's average. */
export function portfolioOption(f: DashboardFigures, ctx: ChartContext): ChartOption {
  const bars = portfolioBars(f).reverse() // ECharts draws the first category at the bottom
  return {
    ...base(ctx),
    tooltip: tooltip(ctx, 'axis'),
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    xAxis: valueAxis(ctx),
    yAxis: {
      type: 'category', ...axisStyle(ctx), axisLabel: { color: ctx.theme.muted, formatter: (v: string) => truncate(v, 24) },
      data: bars.map((b) => b.label ?? ctx.t('dashboard.restAverage', { count: ctx.n(f.portfolio.restOwners) })),
    },
    series: [{
      type: 'bar',
      name: ctx.t('dashboard.series.clients'),
      barMaxWidth: 16,
      data: bars.map((b) => ({
        value: b.value,
        itemStyle: { color: color(ctx.theme, b.userId ? 'portfolio' : 'rest'), borderRadius: [0, 4, 4, 0] },
      })),
    }],
  }
}

/** Follow-ups overdue and due today, stacked per owner. */
export function followupsOption(f: DashboardFigures, ctx: ChartContext): ChartOption {
  const owners = [...f.followups.byOwner].reverse()
  const series = (key: 'overdue' | 'today'): BarSeriesOption => ({
    type: 'bar',
    name: ctx.t('dashboard.series.' + key),
    stack: 'followups',
    barMaxWidth: 18,
    itemStyle: { color: color(ctx.theme, key) },
    data: owners.map((o) => o[key]),
  })
  return {
    ...base(ctx),
    tooltip: tooltip(ctx, 'axis'),
    legend: legend(ctx),
    grid: { left: 8, right: 24, top: 8, bottom: 32, containLabel: true },
    xAxis: valueAxis(ctx),
    yAxis: {
      type: 'category', ...axisStyle(ctx), axisLabel: { color: ctx.theme.muted, formatter: (v: string) => truncate(v, 22) },
      data: owners.map((o) => o.name || ctx.t('dashboard.nobody')),
    },
    series: [series('overdue'), series('today')],
  }
}

/** What ECharts passes to a click handler, in the parts the routes need. */
export interface ChartClick {
  dataIndex: number
  seriesIndex?: number
  data?: unknown
}

export interface ChartRoute { path: string; query: LocationQueryRaw }

/**
 * Where a click on a chart leads: the filtered list behind the bar or slice. The workspace
 * filter of the dashboard goes along to the users and clients lists. null = nowhere.
 */
export function routeFor(chart: ChartId, click: ChartClick, f: DashboardFigures): ChartRoute | null {
  const ws: LocationQueryRaw = f.workspaceId ? { workspaceId: f.workspaceId } : {}
  switch (chart) {
    case 'status': {
      const c = f.users.byStatus[click.dataIndex]
      return c ? { path: '/users', query: { status: c.key, ...ws } } : null
    }
    case 'profile': {
      const p = f.users.byProfile[click.dataIndex]
      if (!p) return null
      return { path: '/users', query: p.role === 'owner' || !p.id ? { role: 'owner', ...ws } : { profileId: p.id, ...ws } }
    }
    case 'presence': {
      // The presence chart counts the active users: the list shows the active users with that presence.
      const c = f.users.presence[click.dataIndex]
      return c ? { path: '/users', query: { status: 'active', presence: c.key, ...ws } } : null
    }
    case 'campaigns': {
      const staff = [...f.campaigns.staff].reverse()
      const c = staff[click.dataIndex]
      return c ? { path: '/users', query: { campaignId: c.id } } : null
    }
    case 'portfolio': {
      const bars = portfolioBars(f)
      const bar = bars[bars.length - 1 - click.dataIndex]
      if (!bar) return null
      return { path: '/clients', query: bar.userId ? { ownerId: bar.userId, ...ws } : { ...ws } }
    }
    case 'followups':
      return { path: '/agenda', query: { view: 'list', filter: click.seriesIndex === 1 ? 'today' : 'overdue' } }
  }
  return null
}
