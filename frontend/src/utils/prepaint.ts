/**
 * The saved sign-in page (issue 10, app_start): public/prepaint.js puts the sign-in page saved
 * at the last start on screen before the app's code runs; this is the app's side of it. The
 * script is the only place that knows the copy's format and when it applies; without it (unit
 * tests, a window that did not load it) every call here does nothing.
 */

/** What the person did on the saved page before the real one took over. */
export interface PrepaintHandOver {
  /** The value of each named input (login, password). */
  values: Record<string, string>
  /** The name of the input that had focus, and its caret. */
  focused: string | null
  selectionStart: number | null
  selectionEnd: number | null
  /** Enter was pressed (or the button clicked): the real page signs in on arrival. */
  submitted: boolean
}

interface PrepaintApi {
  readonly shown: boolean
  save(): boolean
  handOver(): PrepaintHandOver | null
  drop(): void
}

function api(): PrepaintApi | undefined {
  return typeof window === 'undefined' ? undefined : (window as { plantelPrepaint?: PrepaintApi }).plantelPrepaint
}

/** A saved sign-in page is on screen. */
export function prepaintShown(): boolean {
  return api()?.shown === true
}

/** What was typed on the saved page (null when none is shown); the page stays until dropPrepaint. */
export function prepaintHandOver(): PrepaintHandOver | null {
  return api()?.handOver() ?? null
}

/** Removes the saved page and its style sheets. */
export function dropPrepaint(): void {
  api()?.drop()
}

/**
 * Saves the page on screen for the next start. Only a production build saves: its entry file
 * name changes with the code, which is how the next start knows the copy is current.
 */
export function savePrepaint(): void {
  if (!import.meta.env.PROD) return
  api()?.save()
}
