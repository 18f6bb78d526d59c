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

// Naive UI's own placeholders speak the register Plantel chose (README): no "por favor" /
// "Seleccionar por favor" / "Por favor digite"; date fields in the language's own format.
describe('Naive UI in the chosen register', () => {
  it('overrides the placeholders and date formats', async () => {
    const { naiveLocales, dateTimeFormat } = await import('@/i18n/naive')
    await (await import('./languages')).loadAllLanguages()
    for (const l of ['es', 'pt', 'pl', 'en'] as const) {
      const loc = naiveLocales[l]!.locale
      for (const text of [loc.Select.placeholder, loc.Input.placeholder, loc.DatePicker.datePlaceholder]) {
        expect(text, l).not.toMatch(/por favor|proszę/i)
      }
    }
    expect(naiveLocales.es!.locale.Select.placeholder).toBe('Selecciona')
    expect(naiveLocales.pt!.locale.Input.placeholder).toBe('Digite aqui')
    expect(dateTimeFormat('es')).toBe('dd/MM/yyyy HH:mm')
    expect(dateTimeFormat('pl')).toBe('dd.MM.yyyy HH:mm')
    expect(naiveLocales.pl!.locale.name).toBe('pl-PL')
  })
})

// Messages say what is wrong with this value.
describe('field error messages', () => {
  it('names a taken workspace name and an unknown owner', async () => {
    const { i18n } = await import('@/i18n')
    const { errorMessage } = await import('@/api/errors')
    const { clientsErrorMessage } = await import('@/api/clients')
    const t = i18n.global.t as unknown as (k: string, p?: Record<string, unknown>) => string
    await (await import('./languages')).loadAllLanguages()
    i18n.global.locale.value = 'es'
    expect(errorMessage(t, new Error(JSON.stringify({ code: 'conflict_unique', field: 'name' })))).toBe('Este nombre ya está en uso: elige otro.')
    expect(clientsErrorMessage(t, new Error(JSON.stringify({ code: 'validation', field: 'owner', params: { rule: 'unknown', name: 'jdoe' } }))))
      .toBe('En tus espacios de trabajo no hay ningún usuario «jdoe».')
    i18n.global.locale.value = 'en'
  })
})

// One crowded hour shows a few follow-ups and "+N more", not a row that pushes the day away.
describe('a crowded agenda hour', () => {
  it('keeps the cell short until opened', async () => {
    const { cellItems } = await import('@/components/agenda/calendar')
    const items = [1, 2, 3, 4, 5, 6, 7]
    expect(cellItems(items, 3, false)).toEqual({ shown: [1, 2], more: 5 })
    expect(cellItems(items.slice(0, 3), 3, false)).toEqual({ shown: [1, 2, 3], more: 0 })
    expect(cellItems(items, 3, true)).toEqual({ shown: items, more: 0 })
  })
})
