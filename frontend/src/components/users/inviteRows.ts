import type { InviteRow } from '@/api'

/** One row of the invite form: addresses for one profile and its workspaces. */
export interface InviteFormRow {
  key: number
  emails: string[]
  profileId: string | null
  workspaceIds: string[]
}

/** A problem the form finds before calling Go; rule is a users.invite.rules.<rule> key. */
export interface RowProblem {
  row: number
  field: 'emails' | 'profileId' | 'workspaceIds'
  rule: 'required' | 'email' | 'duplicate'
  email?: string
}

/** The shape Go checks (accounts.CheckEmail is the authority): something@domain.tld, no spaces. */
const EMAIL_RE = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:".]{2,}$/

export function isEmail(s: string): boolean {
  return s.length <= 254 && EMAIL_RE.test(s)
}

/** The addresses in typed or pasted text: split on commas, semicolons, spaces and new lines, lower-cased. */
export function splitEmails(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim().replace(/^<|>$/g, '').toLowerCase())
    .filter((s) => s !== '')
}

/**
 * What typing has finished: the text up to the last separator (comma, semicolon, space, new
 * line) holds whole addresses, committed as tags; what follows it is still being typed. So
 * "a@x.com, b" commits a@x.com and keeps "b" in the field — the same as pasting, never a "b" tag.
 */
export function splitTyped(text: string): { done: string; rest: string } {
  const m = /[\s,;](?=[^\s,;]*$)/.exec(text)
  if (!m) return { done: '', rest: text }
  return { done: text.slice(0, m.index), rest: text.slice(m.index + 1) }
}

/** Adds the addresses in text to list, without repeating one already there. */
export function addEmails(list: string[], text: string): string[] {
  const out = [...list]
  for (const e of splitEmails(text)) if (!out.includes(e)) out.push(e)
  return out
}

let nextKey = 1
export function blankRow(workspaceIds: string[] = [], profileId: string | null = null): InviteFormRow {
  return { key: nextKey++, emails: [], profileId, workspaceIds: [...workspaceIds] }
}

/** Every problem of the form, in row order: no address, a malformed one, one given twice, no profile or workspace. */
export function rowProblems(rows: InviteFormRow[]): RowProblem[] {
  const out: RowProblem[] = []
  const seen = new Set<string>()
  rows.forEach((r, row) => {
    if (r.emails.length === 0) out.push({ row, field: 'emails', rule: 'required' })
    for (const email of r.emails) {
      if (!isEmail(email)) out.push({ row, field: 'emails', rule: 'email', email })
      else if (seen.has(email)) out.push({ row, field: 'emails', rule: 'duplicate', email })
      seen.add(email)
    }
    if (!r.profileId) out.push({ row, field: 'profileId', rule: 'required' })
    if (r.workspaceIds.length === 0) out.push({ row, field: 'workspaceIds', rule: 'required' })
  })
  return out
}

/** The rows as InvitesService.Invite takes them (language: the inviter's). */
export function toInviteRows(rows: InviteFormRow[]): InviteRow[] {
  return rows.map((r) => ({ emails: [...r.emails], profileId: r.profileId ?? '', workspaceIds: [...r.workspaceIds], language: '' }))
}
