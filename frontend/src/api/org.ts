import { callBoundArgs } from './client'

// Workspaces, teams and campaigns (PRODUCT.md F10, F6, F7): WorkspacesService, TeamsService
// and CampaignsService in app/ (docs/bindings.md).

export type Channel = 'voice' | 'whatsapp' | 'email' | 'webchat' | 'sms' | 'facebook' | 'instagram' | 'telegram'
/** The channels a campaign may use, in display order. */
export const CHANNELS: readonly Channel[] = ['voice', 'whatsapp', 'email', 'webchat', 'sms', 'facebook', 'instagram', 'telegram']
export type CampaignRole = 'agent' | 'supervisor'
export const CAMPAIGN_ROLES: readonly CampaignRole[] = ['agent', 'supervisor']
export type ActiveFilter = '' | 'active' | 'inactive'

export interface OrgWorkspace {
  id: string
  name: string
  archived: boolean
  users: number
  teams: number
  campaigns: number
  activeCampaigns: number
  clients: number
  createdAt: string
}

/** A user as the member lists show them. */
export interface Person {
  id: string
  displayName: string
  username: string
  avatarId: string
  role: string
  active: boolean
}

export interface Team {
  id: string
  name: string
  workspaceId: string
  workspaceName: string
  leaderId: string
  leaderName: string
  leaderAvatarId: string
  active: boolean
  description: string
  memberCount: number
  canEdit: boolean
  members?: Person[] | null
}

export interface TeamQuery { search: string; workspaceId: string; active: ActiveFilter }
export interface TeamInput {
  name: string
  workspaceId: string
  leaderId: string
  active: boolean
  description: string
  memberIds: string[]
}

export interface CampaignMember extends Person { campaignRole: CampaignRole; channels: Channel[] | null }
export interface Campaign {
  id: string
  name: string
  workspaceId: string
  workspaceName: string
  active: boolean
  channels: Channel[] | null
  startsOn: string
  endsOn: string
  description: string
  memberCount: number
  isMember: boolean
  canEdit: boolean
  members?: CampaignMember[] | null
}
export interface CampaignQuery { search: string; workspaceId: string; active: ActiveFilter }
export interface MemberInput { userId: string; role: CampaignRole; channels: Channel[] }
export interface CampaignInput {
  name: string
  workspaceId: string
  active: boolean
  channels: Channel[]
  startsOn: string
  endsOn: string
  description: string
  members: MemberInput[]
}

export interface UserCampaign {
  campaignId: string
  name: string
  workspaceName: string
  active: boolean
  campaignChannels: Channel[] | null
  role: CampaignRole
  channels: Channel[] | null
  canEdit: boolean
}
export interface UserCampaigns { campaigns: UserCampaign[] | null; available: { id: string; name: string }[] | null }

export const workspacesApi = {
  list: (withArchived = false) => callBoundArgs<OrgWorkspace[]>('WorkspacesService', 'List', [withArchived]),
  create: (name: string) => callBoundArgs<OrgWorkspace>('WorkspacesService', 'Create', [name]),
  rename: (id: string, name: string) => callBoundArgs<OrgWorkspace>('WorkspacesService', 'Rename', [id, name]),
  setArchived: (id: string, archived: boolean) => callBoundArgs<OrgWorkspace>('WorkspacesService', 'SetArchived', [id, archived]),
  users: (workspaceId: string) => callBoundArgs<Person[]>('WorkspacesService', 'Users', [workspaceId]),
}

export const teamsApi = {
  list: (q: TeamQuery) => callBoundArgs<Team[]>('TeamsService', 'List', [q]),
  get: (id: string) => callBoundArgs<Team>('TeamsService', 'Get', [id]),
  create: (input: TeamInput) => callBoundArgs<Team>('TeamsService', 'Create', [input]),
  update: (id: string, input: TeamInput) => callBoundArgs<Team>('TeamsService', 'Update', [id, input]),
  remove: (id: string) => callBoundArgs<void>('TeamsService', 'Delete', [id]),
}

export const campaignsApi = {
  list: (q: CampaignQuery) => callBoundArgs<Campaign[]>('CampaignsService', 'List', [q]),
  get: (id: string) => callBoundArgs<Campaign>('CampaignsService', 'Get', [id]),
  create: (input: CampaignInput) => callBoundArgs<Campaign>('CampaignsService', 'Create', [input]),
  update: (id: string, input: CampaignInput) => callBoundArgs<Campaign>('CampaignsService', 'Update', [id, input]),
  remove: (id: string) => callBoundArgs<void>('CampaignsService', 'Delete', [id]),
  addTeam: (campaignId: string, teamId: string) => callBoundArgs<number>('CampaignsService', 'AddTeam', [campaignId, teamId]),
  teamMembers: (teamId: string, workspaceId: string) =>
    callBoundArgs<Person[]>('CampaignsService', 'TeamMembers', [teamId, workspaceId]),
  ofUser: (userId: string) => callBoundArgs<UserCampaigns>('CampaignsService', 'OfUser', [userId]),
  setMember: (campaignId: string, m: MemberInput) => callBoundArgs<void>('CampaignsService', 'SetMember', [campaignId, m]),
  removeMember: (campaignId: string, userId: string) => callBoundArgs<void>('CampaignsService', 'RemoveMember', [campaignId, userId]),
}

/** Keeps the channels of list that the campaign has, in display order (the subset rule, F7.2). */
export function withinChannels(list: readonly string[] | null | undefined, campaign: readonly string[] | null | undefined): Channel[] {
  const have = new Set(campaign ?? [])
  const want = new Set(list ?? [])
  return CHANNELS.filter((c) => have.has(c) && want.has(c))
}
