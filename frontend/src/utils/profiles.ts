import type { Component } from 'vue'
import {
  BriefcaseOutline, CallOutline, ChatbubblesOutline, HeadsetOutline, PeopleOutline, PersonOutline,
  RibbonOutline, RocketOutline, SchoolOutline, ShieldOutline, StarOutline, TrophyOutline,
} from '@vicons/ionicons5'

/** The Ionicons 5 icon of each profile icon name Go offers (backend/access ProfileIcons). */
export const profileIcons: Record<string, Component> = {
  shield: ShieldOutline,
  headset: HeadsetOutline,
  star: StarOutline,
  ribbon: RibbonOutline,
  person: PersonOutline,
  people: PeopleOutline,
  briefcase: BriefcaseOutline,
  call: CallOutline,
  chatbubbles: ChatbubblesOutline,
  school: SchoolOutline,
  trophy: TrophyOutline,
  rocket: RocketOutline,
}

/** The icon of a profile; an unknown name falls back to its role's default. */
export function profileIcon(icon: string | undefined, role?: string): Component {
  return (icon && profileIcons[icon]) || (role === 'admin' ? ShieldOutline : HeadsetOutline)
}

/** Icon colours by role (PRODUCT.md F3.2), the same as Go's access.ColorAgent/ColorAdmin. */
export const PROFILE_COLORS = { admin: '#70C0E8', agent: '#F0A020' } as const

export function profileColor(role: string | undefined): string {
  return role === 'admin' ? PROFILE_COLORS.admin : PROFILE_COLORS.agent
}

/** The names Go gives the two built-in profiles at first run (backend/accounts/setup.go). */
export const BUILTIN_PROFILE_NAMES = { admin: 'Administrator', agent: 'Agent' } as const

type Translate = (key: string) => string

/**
 * The name of a profile in the window's language. The built-in profiles (one per role) are
 * told apart by their builtin flag and role, not by name, and shown as
 * t('profiles.builtin.<role>'); a built-in profile the Owner renamed keeps its new name.
 * Rows that do not carry the builtin flag (e.g. a user list row: profileName, profileRole)
 * pass builtin undefined: then only the built-in name of that role is translated (profile
 * names are unique, so no custom profile can have it).
 */
export function profileLabel(
  profile: { name: string; role?: string; builtin?: boolean } | null | undefined,
  t: Translate,
): string {
  if (!profile) return ''
  const role = profile.role === 'admin' || profile.role === 'agent' ? profile.role : undefined
  if (role && profile.builtin !== false && profile.name === BUILTIN_PROFILE_NAMES[role]) {
    return t('profiles.builtin.' + role)
  }
  return profile.name
}
