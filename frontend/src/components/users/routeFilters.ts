import type { LocationQuery } from 'vue-router'
import type { ListQuery } from '@/api'

/** The list filters another screen may pre-set through the route: /users?status=inactive&role=agent... */
export const ROUTE_FILTERS = {
  status: 'statuses',
  role: 'roles',
  profileId: 'profiles',
  teamId: 'teams',
  campaignId: 'campaigns',
  workspaceId: 'workspaces',
  presence: 'presences',
} as const satisfies Record<string, keyof ListQuery>

export type FilterKey = (typeof ROUTE_FILTERS)[keyof typeof ROUTE_FILTERS]

const ALLOWED: Partial<Record<FilterKey, readonly string[]>> = {
  statuses: ['active', 'inactive', 'pending'],
  roles: ['owner', 'admin', 'agent'],
  presences: ['online', 'busy', 'away', 'offline'],
}

/**
 * The filters a route query asks for. A parameter may repeat (?role=admin&role=agent) or
 * list values separated by commas; unknown statuses and roles are dropped, and so are
 * parameters this page does not know. Only the filters the query names are returned.
 */
export function filtersFromQuery(query: LocationQuery): Partial<Record<FilterKey, string[]>> {
  const out: Partial<Record<FilterKey, string[]>> = {}
  for (const [param, key] of Object.entries(ROUTE_FILTERS) as [string, FilterKey][]) {
    const raw = query[param]
    if (raw === undefined) continue
    const list = (Array.isArray(raw) ? raw : [raw])
      .flatMap((v) => (v ?? '').split(','))
      .map((v) => v.trim())
      .filter((v) => v !== '')
    const allowed = ALLOWED[key]
    const values = [...new Set(allowed ? list.filter((v) => allowed.includes(v)) : list)]
    out[key] = values
  }
  return out
}

/** Whether the query names any list filter. */
export function queryHasFilters(query: LocationQuery): boolean {
  return Object.keys(ROUTE_FILTERS).some((p) => query[p] !== undefined)
}
