import { callBound, callBoundArgs } from './client'
import type { Module } from './types'

const SERVICE = 'ProfilesService'

/** The role a custom profile belongs to (the Owner has no profile). */
export type ProfileRole = 'admin' | 'agent'

/** A profile as Go sends it (backend/access/profiles.go Profile). */
export interface Profile {
  id: string
  name: string
  role: ProfileRole
  /** One of ProfileOptions.icons; drawn with the Ionicons 5 "<Name>Outline" icon. */
  icon: string
  /** The role's icon colour: agent orange, administrator light blue. */
  color: string
  description: string
  modules: Module[]
  builtin: boolean
  /** The workspace it belongs to; '' for the whole organization (then it is the Owner's). */
  workspaceId?: string
  /** Whether the signed-in user may edit and delete it (Go decides: the Owner any profile, an
   * administrator only the agent profiles of their workspaces). */
  editable?: boolean
  /** How many users have it (pending ones included). */
  users: number
  createdAt: string
  updatedAt: string
}

/** The fixed choices of the profile form (ProfilesService.Options). */
export interface ProfileOptions {
  icons: string[]
  modules: Module[]
  /** The modules an agent profile may hold; Workspace is always on. */
  agentModules: Module[]
  colors: Record<ProfileRole, string>
  maxName: number
  maxDescription: number
}

/** The profile form; on update the role is kept (an empty or equal role). */
export interface ProfileInput {
  name: string
  role: ProfileRole
  icon: string
  description: string
  modules: Module[]
  /** The workspace a new profile belongs to; '' for the whole organization (the Owner only). */
  workspaceId?: string
}

/** ProfilesService: custom profiles inside the Administrator and Agent roles (F3.2–F3.4). */
export const profilesApi = {
  options: () => (callBound(SERVICE, 'Options') as Promise<ProfileOptions>),
  list: () => (callBound(SERVICE, 'List') as Promise<Profile[]>),
  get: (id: string) => (callBound(SERVICE, 'Get', id) as Promise<Profile>),
  create: (input: ProfileInput) => (callBound(SERVICE, 'Create', input) as Promise<Profile>),
  update: (id: string, input: ProfileInput) => (callBoundArgs(SERVICE, 'Update', [id, input]) as Promise<Profile>),
  remove: (id: string) => (callBound(SERVICE, 'Delete', id) as Promise<void>),
}
