import { createPinia } from 'pinia'
import type { App } from 'vue'
import type { Router } from 'vue-router'
import { setUnauthenticatedHandler } from '@/api'
import { i18n } from '@/i18n'
import { createAppRouter } from '@/router'
import { useSessionStore } from '@/stores/session'

/**
 * Installs Pinia, vue-i18n and the router on an app, and sends the user to sign-in
 * whenever Go says the session is gone. main.ts and the component tests share it.
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
  return router
}
