import { callBoundArgs } from './client'

const SERVICE = 'UsersService'

export type UserStatus = 'active' | 'inactive' | 'pending'
export const USER_STATUSES: readonly UserStatus[] = ['active', 'inactive', 'pending']
export type SortField = 'name' | 'username' | 'email' | 'role' | 'profile' | 'status' | 'lastActive' | 'created'
export type SortDir = 'asc' | 'desc'

export interface ListQuery {
  search: string
  profiles: string[]
  roles: string[]
  statuses: string[]
  teams: string[]
  campaigns: string[]
  workspaces: string[]
  /** online, busy, away, offline (set by the dashboard's presence chart through /users?presence=…) */
  presences?: string[]
  sort: { field: SortField; dir: SortDir }
  offset: number
  limit: number
}

export interface UserRow {
  id: string
  shortId: string
  displayName: string
  firstName: string
  lastName: string
  username: string
  email: string
  profileId: string
  profileName: string
  profileRole: string
  profileIcon: string
  role: string
  extension: string
  status: string
  presence: string
  lastActiveAt: string
  createdAt: string
  avatarId: string
  teams: string[] | null
  campaigns: string[] | null
  workspaces: string[] | null
}

export interface UserPage { rows: UserRow[] | null; total: number }
export interface Ref { id: string; name: string }
export interface ProfileRef extends Ref { role: string; icon: string }
export interface FilterOptions {
  profiles: ProfileRef[] | null
  teams: Ref[] | null
  campaigns: Ref[] | null
  workspaces: Ref[] | null
}

export interface CreateInput {
  firstName: string
  lastName: string
  username: string
  email: string
  phone: string
  extension: string
  language: string
  profileId: string
  workspaceIds: string[]
  active: boolean
  password: string
  mustSetPassword: boolean
}

export interface Handover { toUserIds: string[]; spread: boolean }
export interface OffboardResult {
  clients: number; followups: number; teams: number; campaigns: number
  sessions: number; recipients: number; unassigned: number
}
export interface FileResult { cancelled: boolean; path: string }

export function emptyQuery(): ListQuery {
  return {
    search: '', profiles: [], roles: [], statuses: [], teams: [], campaigns: [], workspaces: [],
    sort: { field: 'name', dir: 'asc' }, offset: 0, limit: 50,
  }
}

/** UsersService: the user list (F2), creating, offboarding and exporting users. */
/** What a deactivation or deletion will move (UsersService.PreviewOffboard). */
export interface OffboardPreview { clients: number; followups: number; teams: number; campaigns: number }

export const usersApi = {
  list: (q: ListQuery) => callBoundArgs<UserPage>(SERVICE, 'List', [q]),
  options: () => callBoundArgs<FilterOptions>(SERVICE, 'Options', []),
  proposeUsername: (firstName: string, lastName: string) =>
    callBoundArgs<string>(SERVICE, 'ProposeUsername', [firstName, lastName]),
  create: (input: CreateInput) => callBoundArgs<string>(SERVICE, 'Create', [input]),
  get: (id: string) => callBoundArgs<unknown>(SERVICE, 'Get', [id]),
  deactivate: (id: string, h: Handover) => callBoundArgs<OffboardResult>(SERVICE, 'Deactivate', [id, h]),
  /** What deactivating or deleting id would move, before it moves. */
  previewOffboard: (id: string) => callBoundArgs<OffboardPreview>(SERVICE, 'PreviewOffboard', [id]),
  reactivate: (id: string) => callBoundArgs<void>(SERVICE, 'Reactivate', [id]),
  remove: (id: string, confirmUsername: string, h: Handover) =>
    callBoundArgs<OffboardResult>(SERVICE, 'Delete', [id, confirmUsername, h]),
  export: (q: ListQuery, format: 'csv' | 'xlsx') => callBoundArgs<FileResult>(SERVICE, 'Export', [q, format]),
}
