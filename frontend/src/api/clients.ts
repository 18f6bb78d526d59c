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
  /** the `next` of the page before: that page is read by its sort keys, not by offset */
  after?: string
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

/** total is -1 on a page asked for with `after` (not counted again); next is the cursor of the page after it. */
export interface ClientPage { rows: ClientRow[] | null; total: number; next?: string }
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
  list: (q: ClientListQuery) => (callBoundArgs(SERVICE, 'List', [q]) as Promise<ClientPage>),
  options: () => (callBoundArgs(SERVICE, 'Options', []) as Promise<ClientOptions>),
  get: (id: string) => (callBoundArgs(SERVICE, 'Get', [id]) as Promise<ClientRow>),
  create: (input: ClientInput) => (callBoundArgs(SERVICE, 'Create', [input]) as Promise<ClientRow>),
  update: (id: string, input: ClientInput) => (callBoundArgs(SERVICE, 'Update', [id, input]) as Promise<ClientRow>),
  remove: (id: string) => (callBoundArgs(SERVICE, 'Delete', [id]) as Promise<void>),
  transfer: (req: MoveRequest) => (callBoundArgs(SERVICE, 'Transfer', [req]) as Promise<MoveResult>),
  cancel: () => (callBoundArgs(SERVICE, 'Cancel', []) as Promise<void>),
  /** Every client of the filtered list, as XLSX (default) or CSV, through the save dialog. */
  export: (q: ClientListQuery, format: 'xlsx' | 'csv') =>
    (callBoundArgs(SERVICE, 'Export', [q, format]) as Promise<{ cancelled: boolean; path: string }>),
  saveImportTemplate: () => (callBoundArgs(SERVICE, 'SaveImportTemplate', []) as Promise<{ cancelled: boolean; path: string }>),
  previewImport: () => (callBoundArgs(SERVICE, 'PreviewImport', []) as Promise<ClientImportFile>),
  import: (rows: ClientImportRow[], opts: { onlyValid: boolean }) =>
    (callBoundArgs(SERVICE, 'Import', [rows, opts]) as Promise<ClientImportResult>),
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
