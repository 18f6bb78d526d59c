/**
 * The cursors of a paged list (keyset paging, issue #10): Go answers each page with `next`,
 * the cursor of the page after it; asking for that page with `after: next` reads it by its
 * sort keys instead of skipping `offset` rows, and is not counted again (total -1). The book
 * keeps the cursors of the pages reached for one query (filters, search and sort); a
 * different query starts a new book. Pages never reached are still asked for by offset.
 */
export function cursorBook() {
  let of = ''
  let cursors = new Map<number, string>()
  return {
    /** The cursor of the page at offset for query (its paging fields are ignored), if known. */
    after(query: { offset: number; limit?: number; after?: string }): string | undefined {
      const { offset, limit: _limit, after: _after, ...rest } = query
      const key = JSON.stringify(rest)
      if (key !== of) {
        of = key
        cursors = new Map()
      }
      return offset > 0 ? cursors.get(offset) : undefined
    },
    /** Remembers next as the cursor of the page after the one at offset (of pageSize rows). */
    remember(offset: number, pageSize: number, next: string | undefined): void {
      if (next) cursors.set(offset + pageSize, next)
    },
    clear(): void {
      of = ''
      cursors = new Map()
    },
  }
}
