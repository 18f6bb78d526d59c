import { defineStore } from 'pinia'
import { ref, shallowRef, type Ref } from 'vue'
import { cursorBook } from '@/api/keyset'
import { emptyQuery, invitesApi, usersApi, type FilterOptions, type InvitationView, type ListQuery, type UserRow } from '@/api'

export const PAGE_SIZE = 50

/**
 * value, unless next says the same (then the old value is kept): an answer equal to what is on
 * screen (the list opened again, options and invitations read again) re-renders nothing.
 */
function keepIfSame<T>(target: Ref<T>, next: T): void {
  if (JSON.stringify(target.value) !== JSON.stringify(next)) target.value = next
}

/**
 * The users list: the current query, one page of rows and the filter options. Rows, options
 * and invitations are shallow (replaced whole, never edited in place): the table reads plain
 * objects, not a proxy per cell.
 */
export const useUsersStore = defineStore('users', () => {
  const query = ref<ListQuery>(emptyQuery())
  const rows = shallowRef<UserRow[]>([])
  const total = ref(0)
  const loading = ref(false)
  const options = shallowRef<FilterOptions>({ profiles: [], teams: [], campaigns: [], workspaces: [] })
  const invitations = shallowRef<InvitationView[]>([])
  let sequence = 0
  // The next page, and any page seen before, is read by keyset (api/keyset.ts).
  const cursors = cursorBook()

  /** The open invitations (F2.4), shown above the list and as its pending rows' actions. */
  async function loadInvitations(): Promise<void> {
    keepIfSame(invitations, (await invitesApi.list()) ?? [])
  }

  async function loadOptions(): Promise<void> {
    const o = await usersApi.options()
    keepIfSame(options, {
      profiles: o?.profiles ?? [], teams: o?.teams ?? [], campaigns: o?.campaigns ?? [], workspaces: o?.workspaces ?? [],
    })
  }

  /** Loads the page of the current query; only the answer to the latest call is kept. */
  async function fetch(): Promise<void> {
    const mine = ++sequence
    loading.value = true
    try {
      const offset = query.value.offset
      const after = cursors.after(query.value)
      const page = await usersApi.list({ ...query.value, limit: PAGE_SIZE, ...(after ? { after } : {}) })
      if (mine !== sequence) return
      keepIfSame(rows, page?.rows ?? [])
      const t = page?.total ?? 0
      if (t >= 0) total.value = t
      cursors.remember(offset, PAGE_SIZE, page?.next)
    } finally {
      if (mine === sequence) loading.value = false
    }
  }

  function reset(): void {
    query.value = emptyQuery()
    rows.value = []
    total.value = 0
    invitations.value = []
    cursors.clear()
  }

  return { query, rows, total, loading, options, invitations, loadOptions, loadInvitations, fetch, reset }
})
