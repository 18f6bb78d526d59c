import { callBoundArgs } from './client'
import type { CheckPasswordRequest, PolicyReport } from './types'

const SERVICE = 'InvitesService'

/** One row of the invite dialog: addresses invited to one profile and its workspaces. */
export interface InviteRow {
  emails: string[]
  profileId: string
  workspaceIds: string[]
  language: string
}

/** One invitation made or renewed; code is shown this once. */
export interface Invited {
  invitationId: string
  userId: string
  email: string
  username: string
  code: string
  expiresAt: string
  emailed: boolean
  mailError: string
}
export interface InviteResult { invitations: Invited[] | null; mailConfigured: boolean }

/** An open invitation in the pending list. */
export interface InvitationView {
  id: string
  userId: string
  email: string
  profileId: string
  profileName: string
  role: string
  color: string
  workspaceIds: string[] | null
  invitedBy: string
  invitedByName: string
  createdAt: string
  expiresAt: string
  expired: boolean
}
export interface EditInvitationInput { profileId: string; workspaceIds: string[] }

export interface InvitationInfo {
  email: string; username: string; orgName: string; profileName: string
  role: string; language: string; expiresAt: string
}
export interface AcceptInput {
  username: string; firstName: string; lastName: string; phone: string
  language: string; password: string; repeat: string
}
export interface Accepted { userId: string; username: string }

export interface PatternPreview { firstUsername: string; firstEmail: string; lastUsername: string; lastEmail: string }
export interface BulkInput {
  profileId: string; workspaceIds: string[]; count: number; pattern: string; start: number; language: string
}
export interface BulkAccount { userId: string; username: string; email: string; password: string }
export interface BulkResult { accounts: BulkAccount[] | null; text: string; fileName: string; skipped: number }
export interface BulkSaved { cancelled: boolean; path: string; saveError: string; result: BulkResult | null }
export interface BulkProgress { done: number; total: number }

/** Emitted while Bulk hashes the new passwords (a BulkProgress). */
export const EVENT_BULK_PROGRESS = 'invites:bulk-progress'
export const MAX_BULK_COUNT = 500

/** InvitesService: invitations (F2.4), accepting one without a session, bulk accounts (F2.5). */
export const invitesApi = {
  invite: (rows: InviteRow[]) => (callBoundArgs(SERVICE, 'Invite', [rows]) as Promise<InviteResult>),
  list: () => (callBoundArgs(SERVICE, 'List', []) as Promise<InvitationView[] | null>),
  edit: (id: string, input: EditInvitationInput) => (callBoundArgs(SERVICE, 'Edit', [id, input]) as Promise<void>),
  /** Corrects the address; the old code dies and the new one is returned once. */
  changeEmail: (id: string, email: string) => (callBoundArgs(SERVICE, 'ChangeEmail', [id, email]) as Promise<Invited>),
  resend: (id: string) => (callBoundArgs(SERVICE, 'Resend', [id]) as Promise<Invited>),
  remove: (id: string) => (callBoundArgs(SERVICE, 'Delete', [id]) as Promise<void>),
  lookup: (code: string) => (callBoundArgs(SERVICE, 'Lookup', [code]) as Promise<InvitationInfo>),
  checkPassword: (code: string, req: CheckPasswordRequest) =>
    (callBoundArgs(SERVICE, 'CheckPassword', [code, req]) as Promise<PolicyReport>),
  accept: (code: string, input: AcceptInput) => (callBoundArgs(SERVICE, 'Accept', [code, input]) as Promise<Accepted>),
  previewPattern: (pattern: string, start: number, count: number) =>
    (callBoundArgs(SERVICE, 'PreviewPattern', [pattern, start, count]) as Promise<PatternPreview>),
  bulk: (input: BulkInput) => (callBoundArgs(SERVICE, 'Bulk', [input]) as Promise<BulkSaved>),
  cancelBulk: () => (callBoundArgs(SERVICE, 'CancelBulk', []) as Promise<void>),
}
