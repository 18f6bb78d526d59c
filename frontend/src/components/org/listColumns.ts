import { computed, h, type Ref } from 'vue'
import { NButton, NIcon, NTag, type DataTableColumn } from 'naive-ui'
import { CreateOutline, EyeOutline, TrashOutline } from '@vicons/ionicons5'
import type { OrgWorkspace } from '@/api/org'

type Translate = (key: string) => string

/** What the Teams and Campaigns lists share: a row that is active and may be changed. */
interface OrgRow { id: string; active: boolean; canEdit: boolean }

/** The workspace and active/inactive filter choices of the Teams and Campaigns pages. */
export function useOrgFilterOptions(t: Translate, workspaces: Ref<OrgWorkspace[]>) {
  const workspaceOptions = computed(() => [
    { label: t('org.filters.allWorkspaces'), value: '' },
    ...workspaces.value.map((w) => ({ label: w.name, value: w.id })),
  ])
  const activeOptions = computed(() => [
    { label: t('org.filters.all'), value: '' },
    { label: t('org.filters.active'), value: 'active' },
    { label: t('org.filters.inactive'), value: 'inactive' },
  ])
  return { workspaceOptions, activeOptions }
}

/** The Status column: active or inactive, as a tag. */
export function statusColumn<R extends OrgRow>(t: Translate, width: number): DataTableColumn<R> {
  return {
    key: 'active', title: t('org.fields.status'), width,
    render: (r) => h(NTag, { size: 'small', bordered: false, type: r.active ? 'success' : 'default' },
      () => (r.active ? t('org.filters.active') : t('org.filters.inactive'))),
  }
}

/**
 * The row actions: edit (view when the row is read-only for the actor) and delete; the
 * data-testids are `<prefix>-edit` and `<prefix>-delete`.
 */
export function actionsColumn<R extends OrgRow>(
  t: Translate, width: number, prefix: string, open: (id: string) => void, remove: (r: R) => void,
): DataTableColumn<R> {
  return {
    key: 'actions', title: '', width, align: 'right',
    render: (r) => h('div', { class: 'actions' }, [
      h(NButton, { quaternary: true, circle: true, size: 'small', 'aria-label': r.canEdit ? t('org.actions.edit') : t('org.actions.view'), 'data-testid': `${prefix}-edit`, onClick: () => open(r.id) },
        { icon: () => h(NIcon, null, () => h(r.canEdit ? CreateOutline : EyeOutline)) }),
      r.canEdit ? h(NButton, { quaternary: true, circle: true, size: 'small', type: 'error', 'aria-label': t('org.actions.delete'), 'data-testid': `${prefix}-delete`, onClick: () => remove(r) },
        { icon: () => h(NIcon, null, () => h(TrashOutline)) }) : null,
    ]),
  }
}
