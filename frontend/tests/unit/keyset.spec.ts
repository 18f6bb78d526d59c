import { describe, expect, it } from 'vitest'
import { cursorBook } from '@/api/keyset'

describe('cursorBook (keyset paging of the users and clients lists)', () => {
  const q = (offset: number, search = '') => ({ search, sort: { field: 'name', dir: 'asc' }, offset, limit: 50 })

  it('asks for the next page and pages seen before by cursor, others by offset', () => {
    const book = cursorBook()
    expect(book.after(q(0))).toBeUndefined()
    book.remember(0, 50, 'c1')
    expect(book.after(q(50))).toBe('c1')
    book.remember(50, 50, 'c2')
    expect(book.after(q(100))).toBe('c2')
    expect(book.after(q(50))).toBe('c1') // back to a page already seen
    expect(book.after(q(500))).toBeUndefined() // a jump to a page never reached
    expect(book.after(q(0))).toBeUndefined() // the first page is always counted afresh
  })

  it('forgets the cursors when the search, a filter or the sort changes', () => {
    const book = cursorBook()
    book.after(q(0))
    book.remember(0, 50, 'c1')
    expect(book.after(q(50, 'ana'))).toBeUndefined()
    expect(book.after(q(50))).toBeUndefined()
    book.remember(0, 50, '')
    expect(book.after(q(50))).toBeUndefined() // the last page has no next
  })
})
