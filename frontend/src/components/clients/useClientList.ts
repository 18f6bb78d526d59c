import { ref } from 'vue'
import { cursorBook } from '@/api/keyset'
import { clientsApi, emptyClientQuery, type ClientListQuery, type ClientRow } from '@/api/clients'

export const CLIENT_PAGE_SIZE = 50

/**
 * One client list (the page, a user's portfolio, the unassigned picker): its query, one page
 * of rows from Go (searched, filtered, sorted and cut there) and the total. Only the answer
 * to the latest call is kept. `fixed` parts of the query (e.g. the owner) are always sent.
 */
export function useClientList(fixed: () => Partial<ClientListQuery> = () => ({})) {
  const query = ref<ClientListQuery>(emptyClientQuery())
  const rows = ref<ClientRow[]>([])
  const total = ref(0)
  const loading = ref(false)
  let sequence = 0
  // The next page, and any page seen before, is read by keyset (api/keyset.ts).
  const cursors = cursorBook()

  async function fetch(): Promise<void> {
    const mine = ++sequence
    loading.value = true
    try {
      const q = { ...query.value, ...fixed(), limit: CLIENT_PAGE_SIZE }
      const after = cursors.after(q)
      const page = await clientsApi.list({ ...q, ...(after ? { after } : {}) })
      if (mine !== sequence) return
      rows.value = page?.rows ?? []
      const t = page?.total ?? 0
      if (t >= 0) total.value = t
      cursors.remember(q.offset, CLIENT_PAGE_SIZE, page?.next)
    } finally {
      if (mine === sequence) loading.value = false
    }
  }

  return { query, rows, total, loading, fetch }
}
