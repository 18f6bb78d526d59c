import { createApp } from 'vue'
import App from './App.vue'
import { installPlantel } from './plantel'
import './styles/global.css'

// A start almost always opens on the sign-in page: its chunk loads and compiles while the
// router asks Go for the start-up status and the session, not after (issue 10, app_start).
// The route's own import() gets the same module.
void import('./pages/SignInPage.vue').catch(() => undefined)

const app = createApp(App)
installPlantel(app)
app.mount('#app')
