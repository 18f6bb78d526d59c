import { callBoundArgs } from './client'
import { errorMessage, fieldErrorMessage, toApiError, type Translate } from './errors'

const SERVICE = 'ClientsService'

export type ClientSortField = 'name' | 'documentId' | 'phone' | 'email' | 'owner' | 'workspace' | 'created'

export interface ClientListQuery {
  search: string
  ownerIds: string[]
  unassigned: boolean
  workspaces: string[]
  tags: string[]
  sort: { field: ClientSortField; dir: 'asc' | 'desc' }
  offset: number
  limit: number
}

export interface ClientRow {
  id: string
  shortId: string
  name: string
  documentId: string
  phone: string
  email: string
  workspaceId: string
  workspaceName: string
  tags: string[] | null
  notes: string
  /** '' = unassigned */
  ownerId: string
  ownerName: string
  ownerUsername: string
  ownerAvatarId: string
  openFollowups: number
  createdAt: string
  updatedAt: string
}

export interface ClientPage { rows: ClientRow[] | null; total: number }
export interface ClientOptions { workspaces: { id: string; name: string }[] | null; tags: string[] | null }

export interface ClientInput {
  name: string
  documentId: string
  phone: string
  email: string
  workspaceId: string
  tags: string[]
  notes: string
  ownerId: string
}

/** Which clients move and to whom: see docs/bindings.md, ClientsService.Transfer. */
export interface MoveRequest {
  fromUserId: string
  clientIds: string[]
  allUnassigned: boolean
  toUserIds: string[]
}
export interface MoveResult { clients: number; followups: number; perRecipient: Record<string, number> | null; summary: string }

export interface CodedError { code: string; field?: string; params?: Record<string, unknown> }
export interface ClientImportRow {
  line: number
  name: string
  documentId: string
  phone: string
  email: string
  workspace: string
  tags: string[] | null
  notes: string
  owner: string
  workspaceId: string
  ownerId: string
  errors: CodedError[] | null
}
export interface ClientImportPreview { rows: ClientImportRow[] | null; valid: number; invalid: number }
export interface ClientImportFile { cancelled: boolean; fileName: string; preview: ClientImportPreview | null }
export interface ClientImportResult { created: number; skipped: number }
export interface Progress { done: number; total: number }

export const CLIENT_EVENTS = {
  transferProgress: 'clients:transfer-progress',
  importProgress: 'clients:import-progress',
} as const

export function emptyClientQuery(): ClientListQuery {
  return { search: '', ownerIds: [], unassigned: false, workspaces: [], tags: [], sort: { field: 'name', dir: 'asc' }, offset: 0, limit: 50 }
}

export function emptyClientInput(): ClientInput {
  return { name: '', documentId: '', phone: '', email: '', workspaceId: '', tags: [], notes: '', ownerId: '' }
}

/** ClientsService: the client list and form (F8.1), portfolio moves (F8.2, F8.3) and import. */
export const clientsApi = {
  list: (q: ClientListQuery) => callBoundArgs<ClientPage>(SERVICE, 'List', [q]),
  options: () => callBoundArgs<ClientOptions>(SERVICE, 'Options', []),
  get: (id: string) => callBoundArgs<ClientRow>(SERVICE, 'Get', [id]),
  create: (input: ClientInput) => callBoundArgs<ClientRow>(SERVICE, 'Create', [input]),
  update: (id: string, input: ClientInput) => callBoundArgs<ClientRow>(SERVICE, 'Update', [id, input]),
  remove: (id: string) => callBoundArgs<void>(SERVICE, 'Delete', [id]),
  transfer: (req: MoveRequest) => callBoundArgs<MoveResult>(SERVICE, 'Transfer', [req]),
  cancel: () => callBoundArgs<void>(SERVICE, 'Cancel', []),
  /** Every client of the filtered list, as XLSX (default) or CSV, through the save dialog. */
  export: (q: ClientListQuery, format: 'xlsx' | 'csv') =>
    callBoundArgs<{ cancelled: boolean; path: string }>(SERVICE, 'Export', [q, format]),
  saveImportTemplate: () => callBoundArgs<{ cancelled: boolean; path: string }>(SERVICE, 'SaveImportTemplate', []),
  previewImport: () => callBoundArgs<ClientImportFile>(SERVICE, 'PreviewImport', []),
  import: (rows: ClientImportRow[], opts: { onlyValid: boolean }) =>
    callBoundArgs<ClientImportResult>(SERVICE, 'Import', [rows, opts]),
}

type EventsOn = (name: string, cb: (...data: unknown[]) => void) => (() => void) | void
type EventsOff = (name: string) => void

/**
 * Listens to a progress event the Go side emits (Wails runtime events); returns the function
 * that stops listening. Without the Wails runtime (unit tests) it listens to nothing.
 */
export function onProgress(name: string, cb: (p: Progress) => void): () => void {
  const rt = (window as unknown as { runtime?: { EventsOn?: EventsOn; EventsOff?: EventsOff } }).runtime
  if (!rt?.EventsOn) return () => {}
  const off = rt.EventsOn(name, (data) => {
    const p = data as Progress | undefined
    if (p && typeof p.done === 'number') cb(p)
  })
  return () => {
    if (typeof off === 'function') off()
    else rt.EventsOff?.(name)
  }
}

/** errorMessage, plus the validation rules of the clients service (clients.rules.<rule>). */
export function clientsErrorMessage(t: Translate, err: unknown): string {
  const e = toApiError(err)
  const specific = fieldErrorMessage(t, e)
  if (specific) return specific
  if (e.code === 'validation' && typeof e.params?.rule === 'string') {
    const key = 'clients.rules.' + e.params.rule
    const text = t(key, e.params)
    if (text !== key) return text
  }
  return errorMessage(t, e)
}

/** The code of a rejected call. */
export function toApiErrorCode(err: unknown): string {
  return toApiError(err).code
}
