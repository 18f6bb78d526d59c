import { h } from 'vue'
import { useI18n } from 'vue-i18n'
import { useRouter } from 'vue-router'
import { useDialog, useMessage } from 'naive-ui'
import { agendaApi, type Followup } from '@/api/agenda'
import { useNotifyError } from '@/composables/useNotifyError'

/** What a follow-up's buttons do: complete or reopen, delete (confirmed), open its client. */
export function useFollowupActions(changed: (f: Followup | null) => void) {
  const { t } = useI18n()
  const router = useRouter()
  const message = useMessage()
  const dialog = useDialog()
  const notifyError = useNotifyError()

  async function setDone(f: Followup, done: boolean): Promise<void> {
    try {
      const saved = await agendaApi.setDone(f.id, done)
      message.success(t(done ? 'agenda.completed' : 'agenda.reopened'))
      changed(saved)
    } catch (err) {
      notifyError(err)
    }
  }

  function remove(f: Followup): void {
    dialog.warning({
      title: t('agenda.delete'),
      content: () => h('span', { 'data-testid': 'followup-delete-text' }, t('agenda.deleteConfirm', { client: f.clientName })),
      positiveText: t('agenda.delete'),
      negativeText: t('agenda.dialog.cancel'),
      positiveButtonProps: { type: 'error', 'data-testid': 'followup-delete-confirm' } as Record<string, unknown>,
      onPositiveClick: async () => {
        try {
          await agendaApi.remove(f.id)
          message.success(t('agenda.deleted'))
          changed(null)
        } catch (err) {
          notifyError(err)
        }
      },
    })
  }

  /** Opening an item opens its client (the clients page opens the one in the query). */
  function openClient(clientId: string): void {
    void router.push({ path: '/clients', query: { clientId } })
  }

  return { setDone, remove, openClient }
}
