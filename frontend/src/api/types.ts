// Types of the bound Go API. Those that mirror a Go struct are the models Wails generates from
// the Go code (frontend/wailsjs/go/models.ts, as Data<…>: plain JSON, no methods), so a renamed
// or removed Go field breaks the type check; a few string fields are narrowed to the values
// Go allows (Role, Theme, Presence, Module). UI-only types and constants are written here.
import type { Data } from './client'
import type { accounts, app, auth } from '../../wailsjs/go/models'

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

/** Narrow<T, N>: the Go model T with the fields of N given tighter (UI-side) types. */
type Narrow<T, N> = Omit<T, keyof N> & N

/** UserInfo flags of the account state (backend/accounts/me.go); a test fixture may leave them out. */
export type AccountState = Partial<Pick<Data<accounts.UserInfo>, 'mustChangePassword' | 'mustSetUpTwoFactor' | 'twoFactorEnabled'>>

/** The signed-in user; avatarId is served at /avatars/<avatarId>/<512|64>, '' = none (initials). */
export type UserInfo = Narrow<Data<accounts.UserInfo>, AccountState & { role: Role; theme: Theme; presence: Presence }>

export type Workspace = Data<accounts.WorkspaceRef>

export type SessionInfo = Narrow<Data<accounts.SessionInfo>, { user: UserInfo; modules: Module[]; workspaces: Workspace[] }>

export type BootInfo = Narrow<Data<app.Boot>, { session?: SessionInfo | null }>

export type PolicyFailure = Data<auth.Failure>
export type PolicyReport = Data<auth.Report>

export type SetupRequest = Data<accounts.SetupInput>
export type CheckPasswordRequest = Data<accounts.PasswordCheck>
export type SignInRequest = Data<app.SignInRequest>
export type PreferencesRequest = Narrow<Data<accounts.Preferences>, { theme: Theme }>
export type PresenceRequest = Narrow<Data<app.PresenceRequest>, { presence: Presence }>
export type SecondFactorRequest = Data<app.SecondFactorRequest>
export type ChangePasswordRequest = Data<accounts.ChangePasswordInput>
export type MailStatus = Data<app.MailStatus>
export type RequestResetCodeRequest = Data<app.RequestResetRequest>
export type ResetWithCodeRequest = Data<accounts.ResetWithCodeInput>
