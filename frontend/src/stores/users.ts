import { defineStore } from 'pinia'
import { ref } from 'vue'
import { cursorBook } from '@/api/keyset'
import { emptyQuery, invitesApi, usersApi, type FilterOptions, type InvitationView, type ListQuery, type UserRow } from '@/api'

export const PAGE_SIZE = 50

/** The users list: the current query, one page of rows and the filter options. */
export const useUsersStore = defineStore('users', () => {
  const query = ref<ListQuery>(emptyQuery())
  const rows = ref<UserRow[]>([])
  const total = ref(0)
  const loading = ref(false)
  const options = ref<FilterOptions>({ profiles: [], teams: [], campaigns: [], workspaces: [] })
  const invitations = ref<InvitationView[]>([])
  let sequence = 0
  // The next page, and any page seen before, is read by keyset (api/keyset.ts).
  const cursors = cursorBook()

  /** The open invitations (F2.4), shown above the list and as its pending rows' actions. */
  async function loadInvitations(): Promise<void> {
    invitations.value = (await invitesApi.list()) ?? []
  }

  async function loadOptions(): Promise<void> {
    const o = await usersApi.options()
    options.value = {
      profiles: o?.profiles ?? [], teams: o?.teams ?? [], campaigns: o?.campaigns ?? [], workspaces: o?.workspaces ?? [],
    }
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
      rows.value = page?.rows ?? []
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
