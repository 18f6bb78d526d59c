import { callBoundArgs } from './client'

export interface BackupInfo { path: string; at: string; size: number }
/** check: the database check's state (quick_check may run in the background after start). */
export interface StartupStatus {
  ok: boolean; code: string; dataDir: string; dbPath: string; latestBackup: BackupInfo | null
  check: 'checking' | 'ok' | 'failed'
}
export interface AboutInfo { version: string; commit: string; date: string; dataDir: string; logDir: string; os: string }
export interface BackupStatus { lastAuto: BackupInfo | null; count: number; retention: number; dir: string }
export interface FileResult { cancelled: boolean; path: string }

export const EVENT_BACKUP_PROGRESS = 'backup:progress'
/** The background quick_check found the database damaged; carries the StartupStatus. */
export const EVENT_DB_CHECK_FAILED = 'db:check-failed'

/** StartupService: is the database usable (issue 12.7)? Needs no session. */
export const startupApi = {
  status: () => (callBoundArgs('StartupService', 'Status', []) as Promise<StartupStatus>),
  restoreLatest: () => (callBoundArgs('StartupService', 'RestoreLatest', []) as Promise<void>),
  retry: () => (callBoundArgs('StartupService', 'Retry', []) as Promise<void>),
}

let status: Promise<StartupStatus | null> | null = null

/**
 * The start-up status, asked once. A window without the service (unit tests, an older Go
 * side) counts as healthy: the normal sign-in flow then reports any problem.
 */
export function startupStatus(): Promise<StartupStatus | null> {
  status ??= startupApi.status().catch(() => null)
  return status
}

/** AboutService (F13.6). */
export const aboutApi = {
  info: () => (callBoundArgs('AboutService', 'Info', []) as Promise<AboutInfo>),
  openLogFolder: () => (callBoundArgs('AboutService', 'OpenLogFolder', []) as Promise<void>),
  openDataFolder: () => (callBoundArgs('AboutService', 'OpenDataFolder', []) as Promise<void>),
  /** A painted moment of the window's start (utils/uiMark.ts); logged only with --ui-timing,
   *  and the answer says whether it is (false: stop reporting). */
  mark: (name: string, uiMs: number, page: number, pages: number) =>
    (callBoundArgs('AboutService', 'Mark', [name, uiMs, page, pages]) as Promise<boolean>),
}

/** BackupService: Settings → Backup (F13.2), the Owner's. */
export const backupApi = {
  status: () => (callBoundArgs('BackupService', 'Status', []) as Promise<BackupStatus>),
  setRetention: (n: number) => (callBoundArgs('BackupService', 'SetRetention', [n]) as Promise<BackupStatus>),
  backupNow: () => (callBoundArgs('BackupService', 'BackupNow', []) as Promise<FileResult>),
  restore: () => (callBoundArgs('BackupService', 'Restore', []) as Promise<FileResult>),
}
