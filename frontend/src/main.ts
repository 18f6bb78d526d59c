import { createApp } from 'vue'
import App from './App.vue'
import { installPlantel } from './plantel'
import './styles/global.css'

const app = createApp(App)
installPlantel(app)
app.mount('#app')
