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
  range: (q: RangeQuery) => (callBoundArgs(SERVICE, 'Range', [q]) as Promise<RangeResult>),
  list: (q: AgendaListQuery) => (callBoundArgs(SERVICE, 'List', [q]) as Promise<FollowupPage>),
  counts: (zone: string, ownerIds: string[]) => (callBoundArgs(SERVICE, 'Counts', [zone, ownerIds]) as Promise<AgendaCounts>),
  get: (id: string) => (callBoundArgs(SERVICE, 'Get', [id]) as Promise<Followup>),
  create: (input: FollowupInput) => (callBoundArgs(SERVICE, 'Create', [input]) as Promise<Followup>),
  update: (id: string, edit: FollowupEdit) => (callBoundArgs(SERVICE, 'Update', [id, edit]) as Promise<Followup>),
  setDone: (id: string, done: boolean) => (callBoundArgs(SERVICE, 'SetDone', [id, done]) as Promise<Followup>),
  remove: (id: string) => (callBoundArgs(SERVICE, 'Delete', [id]) as Promise<void>),
  searchClients: (query: string, limit = 20) => (callBoundArgs(SERVICE, 'SearchClients', [query, limit]) as Promise<ClientOption[]>),
}
