// The app itself, loaded by main.ts (the window's entry).
import { createApp } from 'vue'
import App from './App.vue'
import { startupStatus } from './api/system'
import { loadLanguage } from './i18n'
import { installPlantel } from './plantel'
import { askBootEarly } from './stores/session'
import { workstationLanguage } from './stores/ui'
import './styles/global.css'

// The first navigation waits for the language's messages (a chunk) and for Go's start-up
// status and boot state: all are asked for now, so they arrive while the window mounts, not
// one after the other once it has (issue 10, app_start).
void loadLanguage(workstationLanguage()).catch(() => undefined)
void startupStatus()
askBootEarly()
// A start almost always opens on the sign-in page: its chunk loads and compiles while the
// router asks Go for the start-up status and the session, not after (issue 10, app_start).
// The route's own import() gets the same module.
void import('./pages/SignInPage.vue').catch(() => undefined)

const app = createApp(App)
installPlantel(app)
app.mount('#app')
