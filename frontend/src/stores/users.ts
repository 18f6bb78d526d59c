import { defineStore } from 'pinia'
import { ref } from 'vue'
import { emptyQuery, usersApi, type FilterOptions, type ListQuery, type UserRow } from '@/api'

export const PAGE_SIZE = 50

/** The users list: the current query, one page of rows and the filter options. */
export const useUsersStore = defineStore('users', () => {
  const query = ref<ListQuery>(emptyQuery())
  const rows = ref<UserRow[]>([])
  const total = ref(0)
  const loading = ref(false)
  const options = ref<FilterOptions>({ profiles: [], teams: [], campaigns: [], workspaces: [] })
  let sequence = 0

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
      const page = await usersApi.list({ ...query.value, limit: PAGE_SIZE })
      if (mine !== sequence) return
      rows.value = page?.rows ?? []
      total.value = page?.total ?? 0
    } finally {
      if (mine === sequence) loading.value = false
    }
  }

  function reset(): void {
    query.value = emptyQuery()
    rows.value = []
    total.value = 0
  }

  return { query, rows, total, loading, options, loadOptions, fetch, reset }
})
