import { aboutApi } from '@/api/system'

/** The moments of the window's start that Go can log (app/system.go uiMarks). */
export type UiMark = 'signin_painted' | 'home_painted' | 'users_rows_painted'

/**
 * Tells Go that what the page just put in the DOM has been painted: the call waits for the
 * next animation frame (the one that renders it) and leaves that frame before it goes, so
 * the time Go logs is a painted frame, not a DOM change. Go logs it only when the app runs
 * with --ui-timing (the bench's window driver, issue 10); otherwise the call does nothing.
 * page/pages place a page of a paged list. Never fails the page.
 */
export function markPainted(name: UiMark, page = 0, pages = 0): void {
  if (!reporting || typeof requestAnimationFrame !== 'function') return
  requestAnimationFrame(() => {
    setTimeout(() => {
      aboutApi.mark(name, performance.now(), page, pages)
        .then((logs) => { if (logs === false) reporting = false })
        .catch(() => undefined)
    }, 0)
  })
}

// False once Go has answered that it does not log marks (a run without --ui-timing): the
// window then stops crossing the bridge for them.
let reporting = true
