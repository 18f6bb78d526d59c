import type { Module, Role } from '@/api'
import type { ProfileRole } from '@/api/profiles'

/**
 * The rules of the profile form, as Go applies them (backend/access/profiles_write.go):
 * agent profiles hold only the agent modules; an administrator edits agent profiles only
 * and adds only modules they hold themself; modules already on the profile may stay or go.
 */

/** Why a module checkbox is locked, or null when it is free. */
export type ModuleLock = 'adminOnly' | 'notHeld' | null

export interface ModuleRuleInput {
  role: ProfileRole
  /** The modules an agent profile may hold (ProfileOptions.agentModules). */
  agentModules: readonly Module[]
  /** The signed-in user's role and modules. */
  actorRole: Role
  actorModules: readonly Module[]
  /** The modules the profile has in Go now ([] for a new profile). */
  stored: readonly Module[]
}

/** The state of one module checkbox. */
export function moduleLock(m: Module, r: ModuleRuleInput): ModuleLock {
  if (r.role === 'agent' && !r.agentModules.includes(m)) return 'adminOnly'
  if (r.actorRole !== 'owner' && !r.actorModules.includes(m) && !r.stored.includes(m)) return 'notHeld'
  return null
}

/**
 * The modules to send for role: modules an agent profile cannot hold dropped, in the given
 * order of all modules.
 */
export function normalizeModules(role: ProfileRole, chosen: readonly Module[], all: readonly Module[], agentModules: readonly Module[]): Module[] {
  return all.filter((m) => {
    if (role === 'agent') return agentModules.includes(m) && chosen.includes(m)
    return chosen.includes(m)
  })
}

/** The length of a text as Go counts it: code points. */
export function codePoints(text: string): number {
  return [...text].length
}

/**
 * Why the signed-in user may not edit or delete p, or null when they may. Go decides
 * (Profile.editable): built-in and organization-wide profiles are the Owner's, an
 * administrator changes only the agent profiles of their workspaces.
 */
export function profileLock(p: { builtin: boolean; workspaceId?: string; editable?: boolean }, t: (key: string) => string): string | null {
  if (p.editable !== false) return null
  if (p.builtin) return t('hardening.profiles.builtinOwnerOnly')
  if (!p.workspaceId) return t('hardening.profiles.organizationOwnerOnly')
  return t('hardening.profiles.otherWorkspace')
}

/** Whether the actor may create or change profiles of role (Owner: both; administrators: agent). */
export function mayManageRole(actorRole: Role, role: ProfileRole): boolean {
  return actorRole === 'owner' || role === 'agent'
}
