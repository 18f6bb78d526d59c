// The command palette (Ctrl/Cmd+K): pure parts, unit-tested on their own.
// Entities are found through the same bound list methods the pages use, so Go decides what the
// signed-in actor may see; actions are built from the session's modules.
import { usersApi, emptyQuery, type Module } from '@/api'
import { campaignsApi, teamsApi } from '@/api/org'
import { clientsApi, emptyClientQuery } from '@/api/clients'

export type PaletteKind = 'user' | 'team' | 'campaign' | 'client' | 'page' | 'action'

export interface PaletteItem {
  /** Unique in one list: 'user:<id>', 'page:users', 'action:sign-out'. */
  key: string
  kind: PaletteKind
  label: string
  /** A second, quieter line: username, workspace, owner. */
  detail?: string
  /** More words the filter matches (e.g. the English name of a page in any language). */
  keywords?: string
  avatar?: { id: string; avatarId: string }
  run: () => void | Promise<unknown>
}

/** An entity found by name; the component turns it into an item that opens its page. */
export interface EntityHit {
  kind: 'user' | 'team' | 'campaign' | 'client'
  id: string
  label: string
  detail: string
  avatarId?: string
}

/** Lower case without diacritics, so "garcia" finds "García" and "lodz" finds "Łódź". */
export function normalize(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/ł/g, 'l')
    .replace(/Ł/g, 'L')
    .toLowerCase()
    .trim()
}

/**
 * The items whose label, detail or keywords contain every word of text (any order).
 * Items whose label starts with the text come first; otherwise the given order is kept.
 */
export function filterItems(items: readonly PaletteItem[], text: string): PaletteItem[] {
  const q = normalize(text)
  if (!q) return [...items]
  const words = q.split(/\s+/)
  const scored: { item: PaletteItem; score: number; i: number }[] = []
  items.forEach((item, i) => {
    const label = normalize(item.label)
    const hay = `${label} ${normalize(item.detail ?? '')} ${normalize(item.keywords ?? '')}`
    if (!words.every((w) => hay.includes(w))) return
    const score = label.startsWith(q) ? 0 : label.split(/\s+/).some((w) => w.startsWith(words[0])) ? 1 : 2
    scored.push({ item, score, i })
  })
  return scored.sort((a, b) => a.score - b.score || a.i - b.i).map((s) => s.item)
}

/** The next highlighted row after an arrow key: wraps around; -1 when the list is empty. */
export function moveIndex(current: number, delta: number, length: number): number {
  if (length <= 0) return -1
  if (current < 0) return delta > 0 ? 0 : length - 1
  return (((current + delta) % length) + length) % length
}

export const SEARCH_LIMIT = 5

/**
 * Looks up users, teams, campaigns and clients whose name matches text, each only when the
 * session has its module; Go scopes every list to what the actor may see. A list that fails
 * (no permission, a transient error) contributes nothing instead of failing the others.
 */
export async function searchEntities(text: string, hasModule: (m: Module) => boolean, limit = SEARCH_LIMIT): Promise<EntityHit[]> {
  const search = text.trim()
  if (!search) return []
  const jobs: Promise<EntityHit[]>[] = []
  if (hasModule('users')) {
    jobs.push(usersApi.list({ ...emptyQuery(), search, limit }).then((page) =>
      (page?.rows ?? []).map((u) => ({ kind: 'user' as const, id: u.id, label: u.displayName || u.username || u.email, detail: u.username ? '@' + u.username : u.email, avatarId: u.avatarId }))))
  }
  if (hasModule('teams')) {
    jobs.push(teamsApi.list({ search, workspaceId: '', active: '' }).then((rows) =>
      (rows ?? []).slice(0, limit).map((t) => ({ kind: 'team' as const, id: t.id, label: t.name, detail: t.workspaceName }))))
  }
  if (hasModule('campaigns')) {
    jobs.push(campaignsApi.list({ search, workspaceId: '', active: '' }).then((rows) =>
      (rows ?? []).slice(0, limit).map((c) => ({ kind: 'campaign' as const, id: c.id, label: c.name, detail: c.workspaceName }))))
  }
  if (hasModule('clients')) {
    jobs.push(clientsApi.list({ ...emptyClientQuery(), search, limit }).then((page) =>
      (page?.rows ?? []).map((c) => ({ kind: 'client' as const, id: c.id, label: c.name, detail: [c.documentId, c.ownerName].filter(Boolean).join(' · ') }))))
  }
  const settled = await Promise.allSettled(jobs)
  return settled.flatMap((r) => (r.status === 'fulfilled' ? r.value : []))
}
