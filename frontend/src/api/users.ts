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
  /** the `next` of the page before: that page is read by its sort keys, not by offset */
  after?: string
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

/** total is -1 on a page asked for with `after` (not counted again); next is the cursor of the page after it. */
export interface UserPage { rows: UserRow[] | null; total: number; next?: string }
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
  list: (q: ListQuery) => (callBoundArgs(SERVICE, 'List', [q]) as Promise<UserPage>),
  options: () => (callBoundArgs(SERVICE, 'Options', []) as Promise<FilterOptions>),
  proposeUsername: (firstName: string, lastName: string) =>
    (callBoundArgs(SERVICE, 'ProposeUsername', [firstName, lastName]) as Promise<string>),
  create: (input: CreateInput) => (callBoundArgs(SERVICE, 'Create', [input]) as Promise<string>),
  get: (id: string) => (callBoundArgs(SERVICE, 'Get', [id]) as Promise<unknown>),
  deactivate: (id: string, h: Handover) => (callBoundArgs(SERVICE, 'Deactivate', [id, h]) as Promise<OffboardResult>),
  /** What deactivating or deleting id would move, before it moves. */
  previewOffboard: (id: string) => (callBoundArgs(SERVICE, 'PreviewOffboard', [id]) as Promise<OffboardPreview>),
  reactivate: (id: string) => (callBoundArgs(SERVICE, 'Reactivate', [id]) as Promise<void>),
  remove: (id: string, confirmUsername: string, h: Handover) =>
    (callBoundArgs(SERVICE, 'Delete', [id, confirmUsername, h]) as Promise<OffboardResult>),
  export: (q: ListQuery, format: 'csv' | 'xlsx') => (callBoundArgs(SERVICE, 'Export', [q, format]) as Promise<FileResult>),
}
