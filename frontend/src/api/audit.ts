import { callBoundArgs } from './client'
import type { FieldChange } from './profile'

const SERVICE = 'AuditService'

/** What the audit list selects (audit.Query in Go); empty fields do not filter. */
export interface AuditQuery {
  actorId: string
  entity: string
  entityId: string
  action: string
  workstationId: string
  /** RFC 3339 instants: from inclusive, to exclusive. */
  from: string
  to: string
  search: string
  cursor: string
  limit: number
}

export interface AuditEntry {
  id: string
  at: string
  actorId: string
  actorName: string
  actorAvatarId: string
  workstationId: string
  entity: string
  entityId: string
  entityName: string
  action: string
  changes: FieldChange[] | null
}

export interface AuditPage { rows: AuditEntry[] | null; next: string }

/** The entity types a filter may name (audit.Entities in Go). */
export const AUDIT_ENTITIES = ['users', 'workspaces', 'profiles', 'teams', 'team_members', 'campaigns', 'campaign_members',
  'clients', 'followups', 'user_workspaces', 'settings', 'organizations', 'avatars', 'invitations', 'password_history',
  'user_totp', 'recovery_codes', 'reset_codes', 'secret_settings', 'audit_log'] as const

/** Actions the action filter offers (any other still shows in the list). */
export const AUDIT_ACTIONS = ['create', 'update', 'delete', 'sign_in', 'sign_out', 'sign_in_failed', 'locked', 'export',
  'import', 'transfer', 'spread', 'assign', 'unassign', 'deactivate', 'delete_handover', 'password_changed',
  'password_reset', 'two_factor_enabled', 'two_factor_disabled', 'ownership_transferred'] as const

export const EVENT_AUDIT_EXPORT_PROGRESS = 'audit:export-progress'

export function emptyAuditQuery(): AuditQuery {
  return { actorId: '', entity: '', entityId: '', action: '', workstationId: '', from: '', to: '', search: '', cursor: '', limit: 50 }
}

/** AuditService: the audit log (F11.1). */
export const auditApi = {
  list: (q: AuditQuery) => (callBoundArgs(SERVICE, 'List', [q]) as Promise<AuditPage>),
  export: (q: AuditQuery, format: 'csv' | 'xlsx') =>
    (callBoundArgs(SERVICE, 'Export', [q, format]) as Promise<{ cancelled: boolean; path: string }>),
  cancel: () => (callBoundArgs(SERVICE, 'Cancel', []) as Promise<void>),
}
