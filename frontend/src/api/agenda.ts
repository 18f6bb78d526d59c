import { callBoundArgs } from './client'

const SERVICE = 'AgendaService'

/** A follow-up (F9.1) with its client and owner; dueAt is UTC (`2026-11-23T09:00:00.000Z`). */
export interface Followup {
  id: string
  clientId: string
  clientName: string
  clientPhone: string
  workspaceId: string
  ownerId: string
  ownerName: string
  ownerAvatarId: string
  dueAt: string
  note: string
  done: boolean
  doneAt: string
  overdue: boolean
}

/** Local calendar days [from, to) as `YYYY-MM-DD`, in the workstation's zone. */
export interface RangeQuery { from: string; to: string; zone: string; ownerIds: string[] }
export interface RangeResult { items: Followup[] | null; fromUtc: string; toUtc: string; truncated: boolean }

/** The list view's filters; 'today' is open and due from now to the end of the day in `zone` (like Counts). */
export type FollowupStatus = 'open' | 'overdue' | 'today' | 'done' | 'all'
export const FOLLOWUP_STATUSES: readonly FollowupStatus[] = ['open', 'overdue', 'today', 'done', 'all']
export interface AgendaListQuery { ownerIds: string[]; clientId: string; status: FollowupStatus; zone?: string; offset: number; limit: number }
export interface FollowupPage { items: Followup[] | null; total: number }
export interface AgendaCounts { overdue: number; dueToday: number }

export interface FollowupInput { clientId: string; ownerId: string; dueAt: string; note: string }
export interface FollowupEdit { dueAt?: string; note?: string; ownerId?: string }
export interface ClientOption { id: string; name: string; phone: string; ownerId: string; ownerName: string }

/** The event Go emits with the Followup[] of the signed-in user that came due. */
export const EVENT_AGENDA_DUE = 'agenda:due'

/** The workstation's time zone as Go expects it: the IANA name, else the UTC offset. */
export function workstationZone(): string {
  try {
    const z = Intl.DateTimeFormat().resolvedOptions().timeZone
    if (z) return z
  } catch {
    /* fall through to the offset */
  }
  const off = -new Date().getTimezoneOffset()
  const abs = Math.abs(off)
  return `${off < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`
}

/** AgendaService: follow-ups and the agenda (F9). */
export const agendaApi = {
  range: (q: RangeQuery) => callBoundArgs<RangeResult>(SERVICE, 'Range', [q]),
  list: (q: AgendaListQuery) => callBoundArgs<FollowupPage>(SERVICE, 'List', [q]),
  counts: (zone: string, ownerIds: string[]) => callBoundArgs<AgendaCounts>(SERVICE, 'Counts', [zone, ownerIds]),
  get: (id: string) => callBoundArgs<Followup>(SERVICE, 'Get', [id]),
  create: (input: FollowupInput) => callBoundArgs<Followup>(SERVICE, 'Create', [input]),
  update: (id: string, edit: FollowupEdit) => callBoundArgs<Followup>(SERVICE, 'Update', [id, edit]),
  setDone: (id: string, done: boolean) => callBoundArgs<Followup>(SERVICE, 'SetDone', [id, done]),
  remove: (id: string) => callBoundArgs<void>(SERVICE, 'Delete', [id]),
  searchClients: (query: string, limit = 20) => callBoundArgs<ClientOption[]>(SERVICE, 'SearchClients', [query, limit]),
}
