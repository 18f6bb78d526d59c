/** A local calendar day as YYYY-MM-DD (what Go stores), from a date picker's timestamp. */
export function toDay(ms: number): string {
  const d = new Date(ms)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`
}

/** The timestamp of local midnight of a YYYY-MM-DD day, or null for ''. */
export function fromDay(day: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day)
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])).getTime() : null
}

/** A date range picker's value from start and end days ('' = none). */
export function toRange(start: string, end: string): [number, number] | null {
  const a = fromDay(start)
  const b = fromDay(end)
  if (a === null && b === null) return null
  return [a ?? b!, b ?? a!]
}
