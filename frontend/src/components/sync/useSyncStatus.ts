import { onBeforeUnmount, onMounted, ref } from 'vue'
import { EVENT_SYNC_STATUS, onGoEvent, syncApi, type SyncStatus } from '@/api'

/** The sync status, loaded once and kept current by the events Go emits. */
export function useSyncStatus() {
  const status = ref<SyncStatus | null>(null)
  let off = () => {}
  async function refresh(): Promise<void> {
    try {
      status.value = await syncApi.status()
    } catch {
      // No session yet, or no Go side (unit tests): nothing to show.
    }
  }
  onMounted(() => {
    void refresh()
    off = onGoEvent<SyncStatus>(EVENT_SYNC_STATUS, (s) => { status.value = s })
  })
  onBeforeUnmount(() => off())
  return { status, refresh }
}
