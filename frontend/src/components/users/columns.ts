/** The user list's columns a supervisor may show or hide (the rest always show). */
export const OPTIONAL_COLUMNS = ['shortId', 'username', 'email', 'profile', 'role', 'extension', 'status', 'presence', 'lastActive', 'teams', 'campaigns', 'workspaces'] as const
export type OptionalColumn = (typeof OPTIONAL_COLUMNS)[number]

/** Shown until the supervisor chooses: they fit a 1280-pixel-wide window without scrolling sideways. */
export const DEFAULT_COLUMNS: OptionalColumn[] = ['shortId', 'username', 'email', 'profile', 'status', 'lastActive']

const KEY = 'plantel.users.columns'

export function loadColumns(): OptionalColumn[] {
  try {
    const raw = JSON.parse(localStorage.getItem(KEY) ?? 'null')
    if (Array.isArray(raw)) return OPTIONAL_COLUMNS.filter((c) => raw.includes(c))
  } catch {
    // fall through to the default
  }
  return [...DEFAULT_COLUMNS]
}

export function saveColumns(cols: string[]): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(cols))
  } catch {
    // private mode: the choice lasts this session
  }
}
