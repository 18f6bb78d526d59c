import { callBound } from './client'
import type {
  ChangePasswordRequest, MailStatus, RequestResetCodeRequest, ResetWithCodeRequest, SessionInfo,
} from './types'

const SERVICE = 'PasswordsService'

/** PasswordsService: the user's own password, and the e-mailed reset code (no session). */
export const passwordsApi = {
  changeOwn: (req: ChangePasswordRequest) => callBound<SessionInfo>(SERVICE, 'ChangeOwn', req),
  mailConfigured: () => callBound<MailStatus>(SERVICE, 'MailConfigured'),
  requestResetCode: (req: RequestResetCodeRequest) => callBound<void>(SERVICE, 'RequestResetCode', req),
  resetWithCode: (req: ResetWithCodeRequest) => callBound<void>(SERVICE, 'ResetWithCode', req),
  /** A password meeting the organization's policy, for the "new user" form (shown once). */
  generateNew: () => callBound<{ password: string }>(SERVICE, 'GenerateNew'),
}
