import type { Presence } from '@/api'

/** The dot colour of each presence, shared by the header and later by user lists. */
export const presenceColors: Record<Presence, string> = {
  online: '#18a058',
  busy: '#d03050',
  away: '#f0a020',
  offline: '#8a919c',
}
