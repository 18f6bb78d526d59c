import { onMounted, ref, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { useMessage } from 'naive-ui'
import { profileApi, type UpdateInput, type UserDetail } from '@/api/profile'
import { useNotifyError } from '@/composables/useNotifyError'
import { profileErrorMessage } from './profileErrors'

/** How a profile tab edits its part of the user: a draft to edit, and the update it sends. */
export interface ProfileEditOptions<D> {
  /** The user as the tab shows them (the component's props.detail). */
  detail: () => UserDetail
  /** A fresh draft from the shown user, made when editing starts. */
  draft: (d: UserDetail) => D
  /** The fields of UsersService.Update this draft saves. */
  patch: (draft: D) => UpdateInput
  /** Called with the user Go answers after a save (the tab emits it). */
  saved: (d: UserDetail) => void
  /** The call that saves; profileApi.update unless a test passes its own. */
  update?: (id: string, patch: UpdateInput) => Promise<UserDetail>
}

/**
 * The edit-then-save scaffold of the profile tabs (skills, additional info, workspaces): start
 * copies the shown user into a draft; save sends one update, says "Saved", hands Go's answer
 * on and closes the editor, or keeps it open with the error translated.
 */
export function useProfileEdit<D>(o: ProfileEditOptions<D>) {
  const { t } = useI18n()
  const message = useMessage()
  const update = o.update ?? profileApi.update
  const editing = ref(false)
  const draft = ref() as Ref<D>
  const error = ref('')
  const saving = ref(false)

  function start(): void {
    draft.value = o.draft(o.detail())
    error.value = ''
    editing.value = true
  }
  function cancel(): void {
    editing.value = false
  }
  async function save(): Promise<void> {
    saving.value = true
    error.value = ''
    try {
      const d = await update(o.detail().user.id, o.patch(draft.value))
      message.success(t('profile.saved'))
      o.saved(d)
      editing.value = false
    } catch (err) {
      error.value = profileErrorMessage(t, err)
    } finally {
      saving.value = false
    }
  }
  return { editing, draft, error, saving, start, cancel, save }
}

/** One page of a paged list from Go. */
export interface PageOf<R> {
  rows: R[] | null
  total: number
}

/**
 * The load scaffold of the paged profile tabs (history, sign-ins): a page of rows from Go at a
 * time for a remote NDataTable, loading while it comes, a failed call shown as a toast (or
 * handed to onError). The first page is read when the tab mounts.
 */
export function usePagedList<R>(
  fetch: (offset: number, limit: number) => Promise<PageOf<R>>,
  opts: { pageSize?: number; onError?: (err: unknown) => void } = {},
) {
  const onError = opts.onError ?? useNotifyError()
  const rows = ref([]) as Ref<R[]>
  const loading = ref(false)
  const pagination = ref({ page: 1, pageSize: opts.pageSize ?? 10, itemCount: 0 })

  async function load(page = pagination.value.page): Promise<void> {
    loading.value = true
    try {
      const size = pagination.value.pageSize
      const p = await fetch((page - 1) * size, size)
      rows.value = p.rows ?? []
      pagination.value = { ...pagination.value, page, itemCount: p.total }
    } catch (err) {
      onError(err)
    } finally {
      loading.value = false
    }
  }
  onMounted(() => load(1))
  return { rows, loading, pagination, load }
}
