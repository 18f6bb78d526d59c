// Types of the bound Go API, as written in docs/bindings.md (the contract).

export type Role = 'owner' | 'admin' | 'agent'
export type Theme = 'light' | 'dark' | 'system'
export type Presence = 'online' | 'busy' | 'away' | 'offline'
export type Module =
  | 'users' | 'profiles' | 'teams' | 'campaigns' | 'clients' | 'agenda' | 'reports'
  | 'settings' | 'sync' | 'audit'

/** The modules in the order the sidebar shows them (PRODUCT.md F3.2). */
export const MODULES: readonly Module[] = [
  'users', 'profiles', 'teams', 'campaigns', 'clients', 'agenda', 'reports',
  'settings', 'sync', 'audit',
]
export const ROLES: readonly Role[] = ['owner', 'admin', 'agent']
export const THEMES: readonly Theme[] = ['light', 'dark', 'system']
export const PRESENCES: readonly Presence[] = ['online', 'busy', 'away', 'offline']

export interface UserInfo extends AccountState {
  id: string
  shortId: string
  username: string
  email: string
  firstName: string
  lastName: string
  displayName: string
  role: Role
  profileId: string
  profileName: string
  language: string
  theme: Theme
  presence: Presence
  /** The user's avatar, served at /avatars/<avatarId>/<512|64>; '' = none (initials). */
  avatarId: string
}

export interface Workspace { id: string; name: string }

export interface SessionInfo {
  user: UserInfo
  modules: Module[]
  orgName: string
  workspaces: Workspace[]
}

export interface BootInfo {
  needsSetup: boolean
  session: SessionInfo | null
  version: string
  workstationId: string
}

export interface PolicyFailure { code: string; params?: Record<string, unknown> }

export interface PolicyReport {
  ok: boolean
  length: number
  min: number
  max: number
  failures: PolicyFailure[]
}

export interface SetupRequest {
  orgName: string
  workspaceName: string
  firstName: string
  lastName: string
  username: string
  email: string
  password: string
  language: string
}

export interface CheckPasswordRequest {
  password: string
  username: string
  email: string
  firstName: string
  lastName: string
}

export interface SignInRequest { login: string; password: string }
export interface PreferencesRequest { language: string; theme: Theme }
export interface PresenceRequest { presence: Presence }

/** UserInfo flags of the account state (backend/accounts/me.go). */
export interface AccountState {
  mustChangePassword?: boolean
  mustSetUpTwoFactor?: boolean
  twoFactorEnabled?: boolean
}

export interface SecondFactorRequest { challengeId: string; code: string }
export interface ChangePasswordRequest { current: string; password: string; repeat: string }
export interface MailStatus { configured: boolean }
export interface RequestResetCodeRequest { login: string }
export interface ResetWithCodeRequest { login: string; code: string; password: string; repeat: string }
