/**
 * The one rule for naming a person in the window (the same as Go's backend/names.Display):
 * "first last"; a person without a name yet (an invited or generated account, pending) is
 * named by their username, else their e-mail — never an empty title or toast.
 */
export interface Nameable {
  firstName?: string | null
  lastName?: string | null
  displayName?: string | null
  username?: string | null
  email?: string | null
}

export function displayName(p: Nameable | null | undefined): string {
  if (!p) return ''
  const full = `${(p.firstName ?? '').trim()} ${(p.lastName ?? '').trim()}`.trim()
  return full || (p.displayName ?? '').trim() || (p.username ?? '').trim() || (p.email ?? '').trim()
}

/** Whether the person has a name of their own yet (else displayName is their username/e-mail). */
export function hasOwnName(p: Nameable | null | undefined): boolean {
  return Boolean(p && `${p.firstName ?? ''}${p.lastName ?? ''}`.trim())
}
