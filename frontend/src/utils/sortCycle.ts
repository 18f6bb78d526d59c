/**
 * Column header sorting, the same on every table: a click on a column not sorted yet sorts it
 * A→Z (ascending) first, a further click Z→A, then A→Z again. Naive UI on its own starts a new
 * column descending, so tables pass the clicked column here and ignore Naive UI's order.
 */
export interface SortState<F extends string> { field: F; dir: 'asc' | 'desc' }

export function nextSort<F extends string>(current: SortState<F>, clicked: F): SortState<F> {
  if (current.field !== clicked) return { field: clicked, dir: 'asc' }
  return { field: clicked, dir: current.dir === 'asc' ? 'desc' : 'asc' }
}

/** Naive UI's sortOrder of a column for the current sort. */
export function columnOrder<F extends string>(current: SortState<F>, field: F | undefined): 'ascend' | 'descend' | false {
  if (!field || current.field !== field) return false
  return current.dir === 'desc' ? 'descend' : 'ascend'
}
