import { clientsErrorMessage, type CodedError } from '@/api/clients'
import type { Translate } from '@/api/errors'

/** The translated reason of one error of an import row ("E-mail: Enter a valid e-mail address."). */
export function importErrorText(t: Translate, e: CodedError): string {
  const field = e.field ?? ''
  const fieldKey = 'clients.import.field.' + field
  const label = t(fieldKey)
  let reason: string
  if (e.code === 'conflict_unique' && field === 'documentId') {
    reason = typeof e.params?.line === 'number' ? t('clients.import.documentRepeated', { line: e.params.line }) : t('clients.import.documentTaken')
  } else if (e.code === 'permission_denied' && field === 'workspace') {
    reason = t('clients.import.workspaceDenied', { name: String(e.params?.name ?? '') })
  } else {
    reason = clientsErrorMessage(t, e)
  }
  return label === fieldKey ? reason : `${label}: ${reason}`
}
