import { callBoundArgs } from './client'

// Sync with a central server (PRODUCT.md F12): SyncService in app/sync.go.

/** The event Go emits after every change of the sync status. */
export const EVENT_SYNC_STATUS = 'sync:status'

export interface SyncStatus {
  configured: boolean
  serverUrl: string
  deviceId: string
  fingerprint: string
  connected: boolean
  running: boolean
  lastSync: string
  pending: number
  parked: number
  conflicts: number
  /** Changes received in the sync under way (progress of a large download). */
  pulled: number
  cursor: number
  /** True while the sync under way receives changes. */
  pulling: boolean
  /** The server told its last position: pullDone of pullTotal and progress (0..1) mean something. */
  headKnown: boolean
  /** Log positions covered since the download started, of pullTotal from there to the server's head. */
  pullDone: number
  pullTotal: number
  /** pullDone / pullTotal, 0..1, growing page by page. */
  progress: number
  /** The first upload after enrollment is under way. */
  snapshot: boolean
  /** The download is the organization's ready copy (a joining workstation): pullDone and pullTotal count bytes. */
  copy: boolean
  /** The copy is staged: the app restarts into it. */
  restart: boolean
  /** The code of the last failure ('' after a good sync). */
  error: string
  clockAhead: boolean
  /** Go's number for this status, in the order made: the window keeps the highest. */
  seq: number
}

export interface SyncDevice {
  id: string
  name: string
  created_at: string
  last_seen_at: string
  revoked: boolean
  revoked_at: string
  /** The organization key renewed on this workstation waits for this one's device key. */
  waiting_key: boolean
}

export interface EnrollCode {
  code: string
  expires_at: string
}

export interface SyncConflict {
  id: number
  source: 'push' | 'pull'
  table: string
  rowId: string
  hlc: string
  code: string
  field: string
  deleted: boolean
  fields: Record<string, unknown>
  actorId: string
  deviceId: string
  createdAt: string
  resolvedAt: string
  resolution: string
}

/** What typing a key code did: the organization keys arrived, or they wait for the envelope. */
export interface KeyResult {
  received: boolean
  waiting: boolean
}

/**
 * What revoking a workstation did to the organization key: renewed (keyId) and sent to
 * `sealed` workstations; `waiting` lists the device ids that have not published a device key
 * yet (they need a key code).
 */
export interface RotationResult {
  keyId: string
  sealed: number
  waiting: string[]
}

export type Resolution = 'discard' | 'rename' | 'merge'

const S = 'SyncService'

export const syncApi = {
  status: () => (callBoundArgs(S, 'Status', []) as Promise<SyncStatus>),
  enroll: (serverUrl: string, code: string) => (callBoundArgs(S, 'Enroll', [serverUrl, code]) as Promise<SyncStatus>),
  join: (serverUrl: string, code: string) => (callBoundArgs(S, 'Join', [serverUrl, code]) as Promise<SyncStatus>),
  syncNow: () => (callBoundArgs(S, 'SyncNow', []) as Promise<SyncStatus>),
  disconnect: () => (callBoundArgs(S, 'Disconnect', []) as Promise<void>),
  devices: () => (callBoundArgs(S, 'Devices', []) as Promise<SyncDevice[]>),
  revokeDevice: (id: string) => (callBoundArgs(S, 'RevokeDevice', [id]) as Promise<RotationResult>),
  newEnrollCode: () => (callBoundArgs(S, 'NewEnrollCode', []) as Promise<EnrollCode>),
  newKeyCode: () => (callBoundArgs(S, 'NewKeyCode', []) as Promise<EnrollCode>),
  receiveKeys: (code: string) => (callBoundArgs(S, 'ReceiveKeys', [code]) as Promise<KeyResult>),
  conflicts: (withResolved = false) => (callBoundArgs(S, 'Conflicts', [withResolved]) as Promise<SyncConflict[]>),
  resolveConflict: (id: number, how: Resolution, value = '') => (callBoundArgs(S, 'ResolveConflict', [id, how, value]) as Promise<void>),
}
