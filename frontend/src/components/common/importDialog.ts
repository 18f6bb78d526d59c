import type { DataTableColumns } from 'naive-ui'

/** A coded error of one import row, as Go sends it. */
export interface ImportRowError { code: string; field?: string; params?: Record<string, unknown> }
/** What every import row has: its file line (the header is line 1) and its errors. */
export interface ImportRowBase { line: number; errors: ImportRowError[] | null }
export interface ImportPreviewOf<R> { rows: R[] | null; valid: number; invalid: number }
export interface ImportFileOf<R> { cancelled: boolean; fileName: string; preview: ImportPreviewOf<R> | null }
export interface ImportDone { created: number; skipped: number }

/**
 * What one import (users, clients) plugs into the one import dialog: the bound calls, the
 * progress event, its own columns and how its row errors and run errors read.
 */
export interface ImportAdapter<R extends ImportRowBase> {
  title: string
  lead: string
  choose: () => Promise<ImportFileOf<R> | null | undefined>
  template?: () => Promise<{ cancelled: boolean; path: string } | null | undefined>
  run: (rows: R[], opts: { onlyValid: boolean }) => Promise<ImportDone>
  cancel: () => Promise<unknown>
  onProgress: (cb: (p: { done: number; total: number }) => void) => () => void
  columns: DataTableColumns<R>
  rowErrorText: (e: ImportRowError) => string
  errorText: (err: unknown) => string
}

/** The preview's rows as shown: those with errors first, so they are seen without scrolling. */
export function badRowsFirst<R extends ImportRowBase>(rows: readonly R[]): R[] {
  return [...rows].sort((a, b) => Number(!a.errors?.length) - Number(!b.errors?.length) || a.line - b.line)
}

/**
 * Whether Import may run: there is a valid row, and either every row is valid or "import the
 * valid rows only" is ticked (otherwise Go refuses the whole file, so the button never offers
 * what cannot happen).
 */
export function canRunImport(p: { valid: number; invalid: number } | null | undefined, onlyValid: boolean): boolean {
  if (!p || p.valid <= 0) return false
  return p.invalid === 0 || onlyValid
}
