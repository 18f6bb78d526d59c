import { h, type VNode } from 'vue'

// Profile icons live in utils/profiles.ts (profileIcon), shared with the Profiles page.

/** The profile tag's colours by role (F3.2): agent profiles orange, administrator light blue. */
export function profileTagColor(role: string) {
  return role === 'agent'
    ? { color: '#fff1e0', textColor: '#9a4d00', borderColor: '#f5b56b' }
    : { color: '#e4f2ff', textColor: '#1d5f99', borderColor: '#8cc4f2' }
}

export const STATUS_TAG: Record<string, 'success' | 'default' | 'warning'> = {
  active: 'success', inactive: 'default', pending: 'warning',
}

/** A timestamp from Go as a local date and time in the interface language. */
export function formatWhen(iso: string, locale: string): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return d.toLocaleString(locale, { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' })
}

/** A table cell with the date on one line and the time, muted, below it. */
export function whenCell(iso: string, locale: string): VNode | string {
  const d = new Date(iso)
  if (!iso || Number.isNaN(d.getTime())) return iso
  return h('span', { class: 'when', style: 'display: flex; flex-direction: column; white-space: nowrap' }, [
    h('span', null, d.toLocaleDateString(locale, { year: 'numeric', month: 'short', day: 'numeric' })),
    h('span', { style: 'font-size: 0.75rem; color: var(--plantel-text-muted)' }, d.toLocaleTimeString(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' })),
  ])
}
