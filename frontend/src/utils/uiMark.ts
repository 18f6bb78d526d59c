import { aboutApi } from '@/api/system'
import { afterPaint } from '@/utils/afterPaint'

/** The moments of the window's start that Go can log (app/system.go uiMarks). */
export type UiMark = 'signin_painted' | 'home_painted' | 'users_rows_painted'

/**
 * Tells Go that what the page just put in the DOM has been painted: the call waits for the
 * next animation frame (the one that renders it) and leaves that frame before it goes, so
 * the time Go logs is a painted frame, not a DOM change. Go logs it only when the app runs
 * with --ui-timing (the bench's window driver, issue 10); otherwise the call does nothing.
 * page/pages place a page of a paged list. Never fails the page. Resolves once the frame is
 * painted and the mark, if any, has reached Go: work a page starts after its first paint
 * (SignInPage's warm-up) waits for it, so it never delays the report of the paint it follows.
 */
export function markPainted(name: UiMark, page = 0, pages = 0): Promise<void> {
  const done = new Promise<void>((resolve) => {
    afterPaint(() => {
      if (!reporting) {
        resolve()
        return
      }
      aboutApi.mark(name, performance.now(), page, pages)
        .then((logs) => { if (logs === false) reporting = false })
        .catch(() => undefined)
        .finally(resolve)
    })
  })
  settled = Promise.all([settled, done]).then(() => undefined)
  return done
}

/**
 * Resolves once every paint marked so far has been painted and reported: the shell starts
 * setting up the users page after the home's (AppShell).
 */
export function marksSettled(): Promise<void> {
  return settled
}

let settled: Promise<void> = Promise.resolve()

// False once Go has answered that it does not log marks (a run without --ui-timing): the
// window then stops crossing the bridge for them.
let reporting = true
