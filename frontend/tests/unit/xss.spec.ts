// Stored script injection (issue #12, item 1): user text never reaches an HTML sink raw.
// The escape helper, every tooltip formatter of every dashboard chart fed hostile names, and a
// scan of src/ that fails when an HTML sink (v-html, innerHTML, ...) appears.
import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { DashboardFigures } from '@/api/dashboard'
import {
  axisTooltip, campaignsOption, donutTooltip, followupsOption, itemTooltip, marker, portfolioOption, presenceOption,
  profileOption, statusOption, type ChartContext, type ChartOption,
} from '@/components/dashboard/charts'
import { escapeHtml, html } from '@/utils/html'

const IMG = '<img src=x onerror="window.__pwned=1">'
const SCRIPT = '<script>window.__pwned=2</script>'
const ATTR = `"'><svg onload=alert(1)>`

/** Parses markup as the tooltip would show it and tells whether it made any element or handler beyond ours. */
function dangerous(markup: string): boolean {
  const div = document.createElement('div')
  div.innerHTML = markup
  for (const el of Array.from(div.querySelectorAll('*'))) {
    if (!['SPAN', 'BR'].includes(el.tagName)) return true
    for (const a of Array.from(el.attributes)) if (a.name !== 'style') return true
  }
  return false
}

/** The text a user sees from markup. */
function textOf(markup: string): string {
  const div = document.createElement('div')
  div.innerHTML = markup
  return div.textContent ?? ''
}

describe('escapeHtml', () => {
  it('turns markup into the same text, in text and in quoted attributes', () => {
    expect(escapeHtml(IMG)).toBe('&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;')
    expect(escapeHtml(`a & b ' \``)).toBe('a &amp; b &#39; &#96;')
    for (const s of [IMG, SCRIPT, ATTR, 'Lucía & "Jan"']) {
      expect(dangerous(escapeHtml(s))).toBe(false)
      expect(textOf(escapeHtml(s))).toBe(s)
      const div = document.createElement('div')
      div.innerHTML = `<span title="${escapeHtml(s)}"></span>`
      expect(div.firstElementChild?.getAttribute('title')).toBe(s)
      expect(div.firstElementChild?.attributes.length).toBe(1)
    }
  })
  it('takes any value: null and undefined are empty, numbers are their text', () => {
    expect(escapeHtml(null)).toBe('')
    expect(escapeHtml(undefined)).toBe('')
    expect(escapeHtml(12)).toBe('12')
  })
  it('html`` escapes every interpolation and keeps the template', () => {
    expect(html`<b>${IMG}</b> ${'&'}`).toBe(`<b>${escapeHtml(IMG)}</b> &amp;`)
  })
})

const evil = (tag: string) => `${tag} ${IMG}${SCRIPT}`

function hostile(): DashboardFigures {
  return {
    scope: 'all', workspaceId: '', today: '2026-11-23',
    workspaces: [{ id: 'w1', name: evil('ws') }],
    users: {
      total: 3,
      byStatus: [{ key: 'active', count: 3 }],
      byProfile: [
        { id: 'p1', name: evil('profile'), role: 'admin', icon: 'shield', builtin: false, count: 2 },
        { id: '', name: '', role: 'owner', icon: '', builtin: false, count: 1 },
      ],
      presence: [{ key: 'online', count: 3 }],
    },
    campaigns: {
      total: 2, active: 1, staff: [
        { id: 'c1', name: evil('campaign'), workspaceId: 'w1', active: true, agents: 2, supervisors: 1 },
        { id: 'c2', name: evil('old campaign'), workspaceId: 'w1', active: false, agents: 1, supervisors: 0 },
      ],
    },
    portfolio: {
      clients: 10, unassigned: 0, owners: 2,
      top: [{ userId: 'u1', name: evil('owner'), count: 9 }], restOwners: 1, restClients: 1, min: 1, median: 5, max: 9,
    },
    followups: { overdue: 1, today: 1, restOwners: 0, byOwner: [{ userId: 'u1', name: evil('person'), overdue: 1, today: 1 }] },
  }
}

// The real translations interpolate names ("{name} (inactive)"): t here does the same, raw.
const ctx: ChartContext = {
  t: (key, params) => (params ? `${key}: ${Object.values(params).join(' ')}` : key),
  n: (v) => new Intl.NumberFormat('en').format(v),
  theme: { dark: false, text: '#111', muted: '#666', grid: '#ddd', surface: '#fff' },
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any

/** The parameters ECharts would hand the tooltip formatter for each data item of a chart. */
function tooltipParams(o: Any): unknown[] {
  const series: Any[] = o.series
  const categories: string[] = o.yAxis?.data ?? o.xAxis?.data ?? []
  const out: unknown[] = []
  const count = Math.max(...series.map((s) => s.data.length))
  for (let i = 0; i < count; i++) {
    const row = series.map((s) => {
      const d = s.data[i]
      const name = typeof d === 'object' && d?.name !== undefined ? d.name : categories[i]
      return { name, seriesName: s.name, value: typeof d === 'object' ? d.value : d, percent: 50, color: '#f0a020' }
    })
    out.push(o.tooltip.trigger === 'axis' ? row : row[0])
  }
  return out
}

describe('every dashboard chart shows hostile names as text in its tooltip', () => {
  const charts: [string, (f: DashboardFigures, c: ChartContext) => ChartOption][] = [
    ['status', statusOption], ['profile', profileOption], ['presence', presenceOption],
    ['campaigns', campaignsOption], ['portfolio', portfolioOption], ['followups', followupsOption],
  ]
  for (const [name, build] of charts) {
    it(name, () => {
      const o = build(hostile(), ctx) as Any
      expect(typeof o.tooltip.formatter).toBe('function')
      let named = 0
      for (const p of tooltipParams(o)) {
        const out: string = o.tooltip.formatter(p)
        expect(dangerous(out), out).toBe(false)
        expect(out).not.toContain('<img')
        expect(out).not.toContain('<script')
        if (textOf(out).includes(IMG + SCRIPT)) named++
      }
      // The charts that name user things show the name, whole, as text.
      if (['profile', 'campaigns', 'portfolio', 'followups'].includes(name)) expect(named).toBeGreaterThan(0)
    })
  }

  it('the three formatters escape names and series names, and the marker takes only a colour', () => {
    const p = { name: IMG, seriesName: SCRIPT, value: 1234, percent: 12.5, color: '#d03050' }
    for (const out of [itemTooltip(ctx)(p), donutTooltip(ctx)(p), axisTooltip(ctx)([p, { ...p, name: 'x' }])]) {
      expect(dangerous(out), out).toBe(false)
      expect(textOf(out)).toContain(IMG)
      expect(textOf(out)).toContain('1,234')
    }
    expect(textOf(itemTooltip(ctx)(p))).toContain(SCRIPT)
    expect(marker('#d03050')).toContain('background-color:#d03050')
    expect(marker('red;background:url(x)')).toContain('background-color:transparent')
    expect(marker(`"><img src=x onerror=1>`)).not.toContain('<img')
  })
})

describe('no HTML sink in the frontend source', () => {
  const SRC = path.resolve(__dirname, '../../src')
  function files(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? files(path.join(dir, e.name)) : /\.(vue|ts)$/.test(e.name) ? [path.join(dir, e.name)] : [])
  }
  it('no v-html, innerHTML, outerHTML, insertAdjacentHTML, document.write, eval or new Function', () => {
    const sinks = /v-html|innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\s*\(|new Function\s*\(|setTimeout\(\s*['"`]/
    const found = files(SRC)
      .filter((f) => !f.endsWith(path.join('utils', 'html.ts')))
      .flatMap((f) => fs.readFileSync(f, 'utf8').split('\n').map((line, i) => ({ f, i, line })))
      .filter(({ line }) => sinks.test(line))
      .map(({ f, i, line }) => `${path.relative(SRC, f)}:${i + 1}: ${line.trim()}`)
    expect(found).toEqual([])
  })
  it('every ECharts tooltip formatter in the charts is one of the escaping ones', () => {
    const src = fs.readFileSync(path.join(SRC, 'components/dashboard/charts.ts'), 'utf8')
    const formatters = [...src.matchAll(/tooltip[^\n]*formatter:\s*([^\n,}]+)/g)].map((m) => m[1].trim())
    expect(formatters.length).toBeGreaterThan(0)
    for (const f of formatters) expect(f).toMatch(/^(donutTooltip|axisTooltip|itemTooltip)\(ctx\)|^trigger === 'axis' \? axisTooltip\(ctx\) : itemTooltip\(ctx\)$/)
  })
})
