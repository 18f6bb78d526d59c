import { createPinia } from 'pinia'
import type { App } from 'vue'
import type { Router } from 'vue-router'
import { setUnauthenticatedHandler } from '@/api'
import { i18n } from '@/i18n'
import { createAppRouter } from '@/router'
import { useSessionStore } from '@/stores/session'
import { dropPrepaint } from '@/utils/prepaint'

/**
 * Installs Pinia, vue-i18n and the router on an app, and sends the user to sign-in
 * whenever Go says the session is gone. app.ts and the component tests share it.
 */
export function installPlantel(app: App): Router {
  const pinia = createPinia()
  const router = createAppRouter()
  app.use(pinia).use(i18n).use(router)
  setUnauthenticatedHandler(() => {
    const session = useSessionStore(pinia)
    if (!session.signedIn) return
    session.clear()
    void router.replace({ name: 'sign-in' })
  })
  // A sign-in page saved at the last start may be on screen (public/prepaint.js): the sign-in
  // page takes it over; when the first page is another one (first run, recovery), it goes.
  void router.isReady().then(
    () => { if (router.currentRoute.value.name !== 'sign-in') dropPrepaint() },
    () => dropPrepaint(),
  )
  return router
}
