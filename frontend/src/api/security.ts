import { callBound } from './client'

/** The password policy (backend/auth PasswordPolicy). Lengths count code points. */
export interface PasswordPolicy {
  minLength: number
  maxLength: number
  requireDigit: boolean
  requireUpper: boolean
  requireLower: boolean
  requireSpecial: boolean
  blockCommon: boolean
  historyCount: number
  maxAgeDays: number
  /** Two-step sign-in required of everyone; allows minLength down to 8. */
  twoFactorRequired: boolean
}

export interface LockoutPolicy { maxFailures: number; lockMinutes: number }

/** PasswordsService.GetPolicy/SetPolicy: the organization's sign-in policy as one form. */
export interface SecurityPolicy {
  password: PasswordPolicy
  lockout: LockoutPolicy
  requireTwoFactorForAdmins: boolean
}

/**
 * The ranges Go clamps the policy into (backend/auth/password_policy.go and
 * backend/accounts/settings.go); the form checks them before saving.
 */
export const POLICY_LIMITS = {
  minLengthFloor: 15,
  minLengthFloorTwoFactor: 8,
  minLengthCeiling: 64,
  maxLengthFloor: 64,
  maxLengthCeiling: 256,
  historyMax: 24,
  maxAgeDaysMax: 365,
  failuresMin: 3,
  failuresMax: 100,
  lockMinutesMin: 1,
  lockMinutesMax: 1440,
} as const

export type TlsMode = 'none' | 'starttls' | 'tls'
export const TLS_MODES: readonly TlsMode[] = ['starttls', 'tls', 'none']

/** The SMTP settings as Go shows them: the password only as passwordSet. */
export interface SmtpSettings {
  host: string
  port: number
  tls: TlsMode
  username: string
  from: string
  fromName: string
  passwordSet: boolean
  configured: boolean
}

/** The SMTP form; an empty password keeps the stored one, clearPassword removes it. */
export interface SmtpInput {
  host: string
  port: number
  tls: TlsMode
  username: string
  password: string
  clearPassword: boolean
  from: string
  fromName: string
}

/** params.reason of a mail_failed error. */
export const MAIL_FAILURE_REASONS = ['connect', 'timeout', 'tls', 'auth', 'rejected', 'other'] as const

export interface TwoFactorStatus {
  enabled: boolean
  /** Enrolled, not yet confirmed with a code. */
  pending: boolean
  /** The policy requires a second factor of this user. */
  required: boolean
  recoveryCodesLeft: number
}

/** Shown once at enrolment: the secret to type by hand, the otpauth URI and the QR code. */
export interface Enrollment {
  secret: string
  uri: string
  /** The QR code of uri, a PNG in base64. */
  qrPng: string
}

export interface RecoveryCodes { codes: string[] }
export interface SavedFile { cancelled: boolean; path: string }

/** PasswordsService (policy and SMTP, Owner) and TwoFactorService (one's own second factor). */
export const securityApi = {
  getPolicy: () => (callBound('PasswordsService', 'GetPolicy') as Promise<SecurityPolicy>),
  setPolicy: (p: SecurityPolicy) => (callBound('PasswordsService', 'SetPolicy', p) as Promise<SecurityPolicy>),
  getSmtp: () => (callBound('PasswordsService', 'GetSMTP') as Promise<SmtpSettings>),
  setSmtp: (input: SmtpInput) => (callBound('PasswordsService', 'SetSMTP', input) as Promise<SmtpSettings>),
  sendTestMail: (to: string) => (callBound('PasswordsService', 'SendTestMail', { to }) as Promise<void>),

  twoFactorStatus: () => (callBound('TwoFactorService', 'Status') as Promise<TwoFactorStatus>),
  enroll: () => (callBound('TwoFactorService', 'Enroll') as Promise<Enrollment>),
  confirm: (code: string) => (callBound('TwoFactorService', 'Confirm', { code }) as Promise<RecoveryCodes>),
  disable: (password: string) => (callBound('TwoFactorService', 'Disable', { password }) as Promise<void>),
  regenerateRecoveryCodes: (password: string) =>
    (callBound('TwoFactorService', 'RegenerateRecoveryCodes', { password }) as Promise<RecoveryCodes>),
  saveRecoveryCodes: (heading: string, codes: string[]) =>
    (callBound('TwoFactorService', 'SaveRecoveryCodes', { heading, codes }) as Promise<SavedFile>),
}
