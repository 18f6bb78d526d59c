import type { Translate } from '@/api'

/**
 * The name of a profile as shown: the two built-in profiles keep their Go names
 * ("Administrator", "Agent") until someone renames them, so those are shown in the interface
 * language (roles.admin / roles.agent); any other name is the organization's own and is shown
 * as typed. (A shared utils/profiles.ts profileLabel lands in a parallel branch; this is the
 * Users page's own until they are merged.)
 */
export const BUILTIN_PROFILE_NAMES: Record<string, string> = { admin: 'Administrator', agent: 'Agent' }

export function profileLabel(name: string, role: string, t: Translate): string {
  if (name && BUILTIN_PROFILE_NAMES[role] === name) return t('roles.' + role)
  return name
}
