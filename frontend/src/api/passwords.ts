import { callBound } from './client'
import type {
  ChangePasswordRequest, MailStatus, RequestResetCodeRequest, ResetWithCodeRequest, SessionInfo,
} from './types'

const SERVICE = 'PasswordsService'

/** PasswordsService: the user's own password, and the e-mailed reset code (no session). */
export const passwordsApi = {
  changeOwn: (req: ChangePasswordRequest) => (callBound(SERVICE, 'ChangeOwn', req) as Promise<SessionInfo>),
  mailConfigured: () => (callBound(SERVICE, 'MailConfigured') as Promise<MailStatus>),
  requestResetCode: (req: RequestResetCodeRequest) => (callBound(SERVICE, 'RequestResetCode', req) as Promise<void>),
  resetWithCode: (req: ResetWithCodeRequest) => (callBound(SERVICE, 'ResetWithCode', req) as Promise<void>),
  /** A password meeting the organization's policy, for the "new user" form (shown once). */
  generateNew: () => (callBound(SERVICE, 'GenerateNew') as Promise<{ password: string }>),
}
