import { prepaintShown } from './utils/prepaint'
import { markPainted } from './utils/uiMark'

/**
 * The window's entry. When public/prepaint.js has put the sign-in page saved at the last start
 * on screen, that page is painted before the app's code (Vue, Naive UI, the pages: app.ts)
 * is even loaded, and the app then loads while the person types (issue 10, app_start); its
 * sign-in page takes over what was typed. Otherwise the app starts at once.
 */
function start(): Promise<unknown> {
  if (!prepaintShown()) return import('./app')
  return markPainted('signin_painted').then(() => import('./app'))
}

void start()
