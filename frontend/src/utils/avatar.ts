/**
 * Initials of a display name: the first letter of its first and last words, upper-cased
 * ("María José García" → "MG", "Ana" → "A"). Letters are taken by code point, so accented
 * and non-Latin names work. An empty name gives "?".
 */
export function initialsOf(displayName: string): string {
  const words = displayName.trim().split(/\s+/u).filter((w) => /[\p{L}\p{N}]/u.test(w))
  if (words.length === 0) return '?'
  const first = firstLetter(words[0])
  const last = words.length > 1 ? firstLetter(words[words.length - 1]) : ''
  return (first + last).toLocaleUpperCase()
}

function firstLetter(word: string): string {
  const match = word.match(/[\p{L}\p{N}]/u)
  return match ? match[0] : ''
}

/** FNV-1a (32 bit) of a string: small, fast and the same on every workstation. */
export function hashString(text: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193)
  }
  return hash >>> 0
}

/**
 * The avatar colour of a user, derived from the user's id (not the name, so it survives a
 * rename). The hue spreads over the circle; saturation and lightness stay where white
 * initials read well in both themes.
 */
export function avatarColor(id: string): string {
  const hash = hashString(id)
  const hue = hash % 360
  const saturation = 45 + ((hash >>> 9) % 20) // 45–64 %
  // 22–29 %: white initials keep 4.5:1 (WCAG AA) even on the brightest hue, yellow.
  const lightness = 22 + ((hash >>> 17) % 8)
  return `hsl(${hue}, ${saturation}%, ${lightness}%)`
}
