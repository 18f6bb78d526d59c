import { callBoundArgs } from './client'

export interface BackupInfo { path: string; at: string; size: number }
export interface StartupStatus { ok: boolean; code: string; dataDir: string; dbPath: string; latestBackup: BackupInfo | null }
export interface AboutInfo { version: string; commit: string; date: string; dataDir: string; logDir: string; os: string }
export interface BackupStatus { lastAuto: BackupInfo | null; count: number; retention: number; dir: string }
export interface FileResult { cancelled: boolean; path: string }

export const EVENT_BACKUP_PROGRESS = 'backup:progress'

/** StartupService: is the database usable (issue 12.7)? Needs no session. */
export const startupApi = {
  status: () => callBoundArgs<StartupStatus>('StartupService', 'Status', []),
  restoreLatest: () => callBoundArgs<void>('StartupService', 'RestoreLatest', []),
  retry: () => callBoundArgs<void>('StartupService', 'Retry', []),
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
  info: () => callBoundArgs<AboutInfo>('AboutService', 'Info', []),
  openLogFolder: () => callBoundArgs<void>('AboutService', 'OpenLogFolder', []),
  openDataFolder: () => callBoundArgs<void>('AboutService', 'OpenDataFolder', []),
}

/** BackupService: Settings → Backup (F13.2), the Owner's. */
export const backupApi = {
  status: () => callBoundArgs<BackupStatus>('BackupService', 'Status', []),
  setRetention: (n: number) => callBoundArgs<BackupStatus>('BackupService', 'SetRetention', [n]),
  backupNow: () => callBoundArgs<FileResult>('BackupService', 'BackupNow', []),
  restore: () => callBoundArgs<FileResult>('BackupService', 'Restore', []),
}
