import { defineStore } from 'pinia'
import { ref } from 'vue'
import { profileApi, type WorkPreferences } from '@/api/profile'

/**
 * The signed-in user's notification frequency and auto-away idle minutes (F4.4, F4.5), shared
 * by the Preferences tab and the idle watcher. Loaded from Go once per session.
 */
export const useWorkPrefsStore = defineStore('workPrefs', () => {
  const prefs = ref<WorkPreferences | null>(null)
  /** The user id the preferences belong to (a new sign-in loads them again). */
  const owner = ref('')

  async function load(userId: string): Promise<WorkPreferences> {
    if (prefs.value && owner.value === userId) return prefs.value
    const p = await profileApi.myPreferences()
    prefs.value = p
    owner.value = userId
    return p
  }

  async function save(p: WorkPreferences): Promise<void> {
    prefs.value = await profileApi.setMyPreferences(p)
  }

  return { prefs, owner, load, save }
})
