import { callBound, callBoundArgs, type Data } from './client'
import type { store } from '../../wailsjs/go/models'
import type { Ref, UserRow } from './users'

const USERS = 'UsersService'

/** A skill: level 1 (basic) … 5 (expert), or 0 for a simple tag (docs/bindings.md). */
export interface Skill { name: string; level: number }
/** One "additional info" entry. */
export interface CustomField { label: string; value: string }
export interface CampaignRef { id: string; name: string; role: string }

/** The header actions the signed-in user may take on this user (Go enforces each again). */
export interface ProfileActions {
  resetPassword: boolean
  resetTwoFactor: boolean
  changePhoto: boolean
  transferOwnership: boolean
}

/** UsersService.Get: everything a user's profile page shows, never a secret. */
export interface UserDetail {
  user: UserRow
  phone: string
  language: string
  signature: string
  invited: boolean
  mustChangePassword: boolean
  updatedAt: string
  workspaces: Ref[]
  teams: Ref[]
  campaigns: CampaignRef[]
  clientCount: number
  openFollowups: number
  /** The UpdateInput fields the signed-in user may change on this user. */
  editable: string[]
  canDeactivate: boolean
  canDelete: boolean
  skills: Skill[]
  customFields: CustomField[]
  modules: string[]
  twoFactorEnabled: boolean
  can: ProfileActions
}

/** UsersService.Update: only the fields that are set change. */
export interface UpdateInput {
  firstName?: string
  lastName?: string
  username?: string
  email?: string
  phone?: string
  extension?: string
  language?: string
  signature?: string
  profileId?: string
  workspaceIds?: string[]
  active?: boolean
  skills?: Skill[]
  customFields?: CustomField[]
}

/** One field of an audit entry, as the audit page and a user's history read it (Go: store.FieldChange). */
export type FieldChange = Data<store.FieldChange>
export interface HistoryEntry {
  id: string
  at: string
  actorId: string
  actorName: string
  action: string
  workstationId: string
  changes: FieldChange[]
  /** An event said as one sentence: t('history.sentence.' + key, params, count); ids are names. */
  sentence?: { key: string; params: Record<string, unknown>; count: number }
}
export interface HistoryPage { rows: HistoryEntry[]; total: number }

export type SignInAction = 'sign_in' | 'sign_out' | 'sign_in_failed' | 'locked'
export interface SignInEvent {
  id: string
  at: string
  action: SignInAction
  workstationId: string
  reason?: string
  failures?: number
  minutes?: number
}
export interface SignInPage { rows: SignInEvent[]; total: number }

export type NotifyFrequency = 'immediately' | 'every_15_minutes' | 'hourly' | 'daily' | 'never'
export const NOTIFY_FREQUENCIES: readonly NotifyFrequency[] = ['immediately', 'every_15_minutes', 'hourly', 'daily', 'never']
/** Idle minutes before the window sets the user away; 0 = off. */
export const IDLE_MINUTE_CHOICES: readonly number[] = [0, 5, 10, 15, 30]
export interface WorkPreferences { notifyFrequency: NotifyFrequency; idleMinutes: number }

export interface ResetPasswordRequest { userId: string; password: string; repeat: string; generate: boolean }
/** The generated password, only when one was asked for: shown once. */
export interface ResetPasswordResult { password: string }

/** The profile page's calls: UsersService, PasswordsService.ResetUser, TwoFactorService.ResetUser. */
export const profileApi = {
  get: (id: string) => (callBoundArgs(USERS, 'Get', [id]) as Promise<UserDetail>),
  update: (id: string, input: UpdateInput) => (callBoundArgs(USERS, 'Update', [id, input]) as Promise<UserDetail>),
  history: (id: string, offset: number, limit: number) => (callBoundArgs(USERS, 'History', [id, offset, limit]) as Promise<HistoryPage>),
  signIns: (id: string, offset: number, limit: number) => (callBoundArgs(USERS, 'SignIns', [id, offset, limit]) as Promise<SignInPage>),
  myPreferences: () => (callBoundArgs(USERS, 'MyPreferences', []) as Promise<WorkPreferences>),
  setMyPreferences: (p: WorkPreferences) => (callBoundArgs(USERS, 'SetMyPreferences', [p]) as Promise<WorkPreferences>),
  transferOwnership: (toUserId: string) => (callBoundArgs(USERS, 'TransferOwnership', [toUserId]) as Promise<void>),
  resetPassword: (req: ResetPasswordRequest) => (callBound('PasswordsService', 'ResetUser', req) as Promise<ResetPasswordResult>),
  resetTwoFactor: (userId: string) => (callBoundArgs('TwoFactorService', 'ResetUser', [userId]) as Promise<void>),
}
