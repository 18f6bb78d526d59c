import { onBeforeUnmount, onMounted, ref } from 'vue'
import { EVENT_SYNC_STATUS, onGoEvent, syncApi, type SyncStatus } from '@/api'

/**
 * newest keeps the status with the highest seq: Go numbers its statuses in the order it made
 * them, and an event (or a reply) can arrive after a newer one — a late "receiving…" must not
 * replace the finished sync's status.
 */
export function newest(current: SyncStatus | null, next: SyncStatus): SyncStatus {
  return current && next.seq < current.seq ? current : next
}

/** The sync status, loaded once and kept current by the events Go emits. */
export function useSyncStatus() {
  const status = ref<SyncStatus | null>(null)
  let off = () => {}
  async function refresh(): Promise<void> {
    try {
      status.value = newest(status.value, await syncApi.status())
    } catch {
      // No session yet, or no Go side (unit tests): nothing to show.
    }
  }
  onMounted(() => {
    void refresh()
    off = onGoEvent<SyncStatus>(EVENT_SYNC_STATUS, (s) => { status.value = newest(status.value, s) })
  })
  onBeforeUnmount(() => off())
  return { status, refresh }
}
