import { useMessage } from 'naive-ui'
import { useI18n } from 'vue-i18n'
import { errorMessage } from '@/api'

/** Shows a failed call as a translated toast; `unauthenticated` is handled by the router instead. */
export function useNotifyError() {
  const message = useMessage()
  const { t } = useI18n()
  return (err: unknown, lead?: string) => {
    const text = errorMessage(t, err)
    message.error(lead ? `${lead} ${text}` : text)
  }
}
