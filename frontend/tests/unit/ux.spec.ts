import { describe, expect, it } from 'vitest'
import { splitEmails, splitTyped } from '@/components/users/inviteRows'
import { columnOrder, nextSort } from '@/utils/sortCycle'
import { displayName, hasOwnName } from '@/utils/displayName'

// Typing several addresses commits each whole address at its separator, like pasting does.
describe('typing addresses in the invitation dialog', () => {
  /** Types text one key at a time as the field does; returns the tags and what is left in the field. */
  function type(text: string): { tags: string[]; field: string } {
    const tags: string[] = []
    let field = ''
    for (const ch of text) {
      const { done, rest } = splitTyped(field + ch)
      for (const e of splitEmails(done)) if (!tags.includes(e)) tags.push(e)
      field = rest
    }
    return { tags, field }
  }

  it('splits "a@x.com, b@y.com" into two whole addresses', () => {
    expect(type('a@x.com, b@y.com')).toEqual({ tags: ['a@x.com'], field: 'b@y.com' })
    expect(type('a@x.com, b@y.com,')).toEqual({ tags: ['a@x.com', 'b@y.com'], field: '' })
    expect(type('a@x.com;b@y.com c@z.org ')).toEqual({ tags: ['a@x.com', 'b@y.com', 'c@z.org'], field: '' })
    expect(type('a@x.com ,  ;b@y.com')).toEqual({ tags: ['a@x.com'], field: 'b@y.com' })
  })
})

// Column headers sort A→Z first, then Z→A.
describe('column header sorting', () => {
  it('starts a new column ascending and then toggles', () => {
    let s = nextSort({ field: 'name', dir: 'asc' as const }, 'email' as 'name' | 'email')
    expect(s).toEqual({ field: 'email', dir: 'asc' })
    s = nextSort(s, 'email')
    expect(s).toEqual({ field: 'email', dir: 'desc' })
    expect(nextSort(s, 'email')).toEqual({ field: 'email', dir: 'asc' })
    expect(nextSort(s, 'name')).toEqual({ field: 'name', dir: 'asc' })
    expect(columnOrder(s, 'email')).toBe('descend')
    expect(columnOrder(s, 'name')).toBe(false)
  })
})

// A pending person without a name is named by username, else e-mail, never "".
describe('displayName', () => {
  it('falls back to username, then e-mail', () => {
    expect(displayName({ firstName: 'Ana', lastName: 'Pérez', username: 'aperez' })).toBe('Ana Pérez')
    expect(displayName({ firstName: '', lastName: '', displayName: '', username: 'agent017', email: 'a@x.test' })).toBe('agent017')
    expect(displayName({ firstName: '', lastName: '', username: '', email: 'invitee@x.test' })).toBe('invitee@x.test')
    expect(displayName(null)).toBe('')
    expect(hasOwnName({ firstName: ' ', lastName: '' })).toBe(false)
  })
})
