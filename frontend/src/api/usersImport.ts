import { callBoundArgs } from './client'
import type { FileResult } from './users'

const SERVICE = 'UsersService'

/** A coded error as Go sends it inside a result (an import row's errors). */
export interface RowError { code: string; field?: string; params?: Record<string, unknown> }

/** One user of an import file with what is wrong with it; line 1 is the header. */
export interface ImportRow {
  line: number
  firstName: string
  lastName: string
  username: string
  email: string
  phone: string
  extension: string
  language: string
  profile: string
  workspaces: string[] | null
  profileId: string
  workspaceIds: string[] | null
  proposed: boolean
  errors: RowError[] | null
}
export interface ImportPreview { rows: ImportRow[] | null; valid: number; invalid: number }
export interface ImportFile { cancelled: boolean; fileName: string; preview: ImportPreview | null }
export interface ImportOptions { onlyValid: boolean }
export interface ImportResult { created: number; skipped: number; ids: string[] | null }
export interface ImportProgress { done: number; total: number }

/** Emitted while Import runs (an ImportProgress). */
export const EVENT_IMPORT_PROGRESS = 'import:progress'

/** UsersService's import (F2.10): template, preview through the open dialog, import, cancel. */
export const usersImportApi = {
  saveTemplate: () => (callBoundArgs(SERVICE, 'SaveImportTemplate', []) as Promise<FileResult>),
  preview: () => (callBoundArgs(SERVICE, 'PreviewImport', []) as Promise<ImportFile>),
  run: (rows: ImportRow[], opts: ImportOptions) => (callBoundArgs(SERVICE, 'Import', [rows, opts]) as Promise<ImportResult>),
  cancel: () => (callBoundArgs(SERVICE, 'CancelImport', []) as Promise<void>),
}
