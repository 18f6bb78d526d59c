import { MAX_BULK_COUNT } from '@/api'

/** The pattern the bulk form starts with: agent001@<domain>. */
export function defaultPattern(domain = 'office.local'): string {
  return `agent{n:3}@${domain}`
}

/** The domain of the actor's own e-mail address, for a default pattern; office.local without one. */
export function domainOf(email: string | undefined): string {
  const at = (email ?? '').lastIndexOf('@')
  const d = at >= 0 ? (email ?? '').slice(at + 1).trim().toLowerCase() : ''
  return d.includes('.') ? d : 'office.local'
}

/** A count the form accepts: a whole number from 1 to 500. */
export function countOk(n: number | null | undefined): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= MAX_BULK_COUNT
}

/** The percentage of a progress event (0 without a total). */
export function percent(done: number, total: number): number {
  return total > 0 ? Math.min(100, Math.round((done * 100) / total)) : 0
}
