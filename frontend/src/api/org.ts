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
  list: (withArchived = false) => (callBoundArgs('WorkspacesService', 'List', [withArchived]) as Promise<OrgWorkspace[]>),
  create: (name: string) => (callBoundArgs('WorkspacesService', 'Create', [name]) as Promise<OrgWorkspace>),
  rename: (id: string, name: string) => (callBoundArgs('WorkspacesService', 'Rename', [id, name]) as Promise<OrgWorkspace>),
  setArchived: (id: string, archived: boolean) => (callBoundArgs('WorkspacesService', 'SetArchived', [id, archived]) as Promise<OrgWorkspace>),
  users: (workspaceId: string) => (callBoundArgs('WorkspacesService', 'Users', [workspaceId]) as Promise<Person[]>),
}

export const teamsApi = {
  list: (q: TeamQuery) => (callBoundArgs('TeamsService', 'List', [q]) as Promise<Team[]>),
  get: (id: string) => (callBoundArgs('TeamsService', 'Get', [id]) as Promise<Team>),
  create: (input: TeamInput) => (callBoundArgs('TeamsService', 'Create', [input]) as Promise<Team>),
  update: (id: string, input: TeamInput) => (callBoundArgs('TeamsService', 'Update', [id, input]) as Promise<Team>),
  remove: (id: string) => (callBoundArgs('TeamsService', 'Delete', [id]) as Promise<void>),
}

export const campaignsApi = {
  list: (q: CampaignQuery) => (callBoundArgs('CampaignsService', 'List', [q]) as Promise<Campaign[]>),
  get: (id: string) => (callBoundArgs('CampaignsService', 'Get', [id]) as Promise<Campaign>),
  create: (input: CampaignInput) => (callBoundArgs('CampaignsService', 'Create', [input]) as Promise<Campaign>),
  update: (id: string, input: CampaignInput) => (callBoundArgs('CampaignsService', 'Update', [id, input]) as Promise<Campaign>),
  remove: (id: string) => (callBoundArgs('CampaignsService', 'Delete', [id]) as Promise<void>),
  addTeam: (campaignId: string, teamId: string) => (callBoundArgs('CampaignsService', 'AddTeam', [campaignId, teamId]) as Promise<number>),
  teamMembers: (teamId: string, workspaceId: string) =>
    (callBoundArgs('CampaignsService', 'TeamMembers', [teamId, workspaceId]) as Promise<Person[]>),
  ofUser: (userId: string) => (callBoundArgs('CampaignsService', 'OfUser', [userId]) as Promise<UserCampaigns>),
  setMember: (campaignId: string, m: MemberInput) => (callBoundArgs('CampaignsService', 'SetMember', [campaignId, m]) as Promise<void>),
  removeMember: (campaignId: string, userId: string) => (callBoundArgs('CampaignsService', 'RemoveMember', [campaignId, userId]) as Promise<void>),
}

/** Keeps the channels of list that the campaign has, in display order (the subset rule, F7.2). */
export function withinChannels(list: readonly string[] | null | undefined, campaign: readonly string[] | null | undefined): Channel[] {
  const have = new Set(campaign ?? [])
  const want = new Set(list ?? [])
  return CHANNELS.filter((c) => have.has(c) && want.has(c))
}
