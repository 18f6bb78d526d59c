import { onMounted, reactive, ref, watch } from 'vue'
import { useI18n } from 'vue-i18n'
import { useDialog, useMessage } from 'naive-ui'
import { errorMessage } from '@/api'
import { workspacesApi, type ActiveFilter, type OrgWorkspace } from '@/api/org'
import { useNotifyError } from '@/composables/useNotifyError'
import { watchDebounced } from '@/composables/useDebounce'
import { useOpenFromQuery } from '@/composables/useOpenFromQuery'
import { useOrgFilterOptions } from './listColumns'

/** A row of the Teams or Campaigns list. */
interface OrgListRow { id: string; name: string; memberCount: number }
interface OrgQuery { search: string; workspaceId: string; active: ActiveFilter }

/** What useOrgList needs of teamsApi or campaignsApi. */
interface OrgListApi<R> {
  list: (q: OrgQuery) => Promise<R[]>
  remove: (id: string) => Promise<void>
}

/**
 * The state and actions the Teams and Campaigns pages share: the query (search debounced, the
 * workspace and active filters), the rows from Go, the workspaces for the filter, the drawer,
 * and delete after a confirmation (texts org.<module>.deleteTitle / deleteText / deleted).
 */
export function useOrgList<R extends OrgListRow>(module: 'teams' | 'campaigns', api: OrgListApi<R>) {
  const { t } = useI18n()
  const dialog = useDialog()
  const message = useMessage()
  const notifyError = useNotifyError()

  const query = reactive<OrgQuery>({ search: '', workspaceId: '', active: '' })
  const rows = ref<R[]>([])
  const loading = ref(false)
  const workspaces = ref<OrgWorkspace[]>([])

  async function refresh(): Promise<void> {
    loading.value = true
    try {
      rows.value = ((await api.list({ ...query })) ?? []) as R[]
    } catch (err) {
      notifyError(err)
    } finally {
      loading.value = false
    }
  }

  const searchText = ref('')
  watchDebounced(searchText, (s) => { query.search = s.trim(); void refresh() }, 250)
  watch(() => [query.workspaceId, query.active], () => void refresh())

  onMounted(async () => {
    void refresh()
    try {
      workspaces.value = (await workspacesApi.list(false)) ?? []
    } catch (err) {
      notifyError(err)
    }
  })

  const { workspaceOptions, activeOptions } = useOrgFilterOptions(t, workspaces)

  const drawer = ref(false)
  const editing = ref<string | null>(null)
  function open(id: string | null): void {
    editing.value = id
    drawer.value = true
  }
  // ?teamId=<id> / ?campaignId=<id> (the command palette) opens that row's drawer.
  useOpenFromQuery(module === 'teams' ? 'teamId' : 'campaignId', open, drawer)

  function confirmDelete(row: R): void {
    dialog.warning({
      title: t(`org.${module}.deleteTitle`),
      content: t(`org.${module}.deleteText`, { name: row.name, n: row.memberCount }),
      positiveText: t('org.actions.delete'),
      negativeText: t('org.actions.cancel'),
      positiveButtonProps: { type: 'error', ...({ 'data-testid': 'confirm-delete' } as object) },
      onPositiveClick: async () => {
        try {
          await api.remove(row.id)
          message.success(t(`org.${module}.deleted`, { name: row.name }))
          await refresh()
        } catch (err) {
          message.error(errorMessage(t, err))
        }
      },
    })
  }

  return { query, rows, loading, workspaces, refresh, searchText, workspaceOptions, activeOptions, drawer, editing, open, confirmDelete }
}
