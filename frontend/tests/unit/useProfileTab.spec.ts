import { beforeAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, nextTick } from 'vue'
import { mount, flushPromises, type VueWrapper } from '@vue/test-utils'
import { NMessageProvider } from 'naive-ui'
import { i18n } from '@/i18n'
import type { Skill, UpdateInput, UserDetail } from '@/api/profile'
import { usePagedList, useProfileEdit, type PageOf } from '@/components/userProfile/useProfileTab'
import { makeDetail } from './profileFixtures'
import { loadAllLanguages } from './languages'

// The specs below switch vue-i18n's locale directly: every language's messages are loaded first.
beforeAll(loadAllLanguages)

let wrapper: VueWrapper | undefined
beforeEach(() => {
  i18n.global.locale.value = 'en'
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  document.body.innerHTML = ''
})

/** Runs setup inside a component under a message provider (where a tab runs it) and returns what it gives. */
function withSetup<T>(setup: () => T): T {
  let out!: T
  const Probe = defineComponent({
    setup() {
      out = setup()
      return () => h('div')
    },
  })
  wrapper = mount(defineComponent({ render: () => h(NMessageProvider, null, { default: () => h(Probe) }) }), {
    attachTo: document.body,
    global: { plugins: [i18n] },
  })
  return out
}

const apiError = (code: string, extra: object = {}) => new Error(JSON.stringify({ code, ...extra }))

describe('useProfileEdit', () => {
  function skillsEditor(detail: UserDetail, update: (id: string, p: UpdateInput) => Promise<UserDetail>) {
    const saved: UserDetail[] = []
    const ed = withSetup(() => useProfileEdit<Skill[]>({
      detail: () => detail,
      draft: (d) => d.skills.map((s) => ({ ...s })),
      patch: (list) => ({ skills: list.filter((s) => s.name !== '') }),
      saved: (d) => saved.push(d),
      update,
    }))
    return { ed, saved }
  }

  it('edits a copy, saves it as one update, says so, hands the answer on and closes', async () => {
    const detail = makeDetail({ skills: [{ name: 'Ventas', level: 3 }] })
    const answer = makeDetail({ skills: [{ name: 'Ventas', level: 5 }] })
    const update = vi.fn(async () => answer)
    const { ed, saved } = skillsEditor(detail, update)
    ed.start()
    expect(ed.editing.value).toBe(true)
    ed.draft.value[0].level = 5
    ed.draft.value.push({ name: '', level: 0 })
    expect(detail.skills[0].level).toBe(3) // the shown user is untouched while editing
    await ed.save()
    expect(update).toHaveBeenCalledWith(detail.user.id, { skills: [{ name: 'Ventas', level: 5 }] })
    expect(saved).toEqual([answer])
    expect(ed.editing.value).toBe(false)
    expect(ed.saving.value).toBe(false)
    await flushPromises()
    expect(document.body.textContent).toContain('The changes have been saved.')
  })

  it('keeps the editor open with the error translated when Go refuses, and cancel closes it', async () => {
    const update = vi.fn(async () => { throw apiError('validation', { field: 'skills', params: { rule: 'too_many', max: 50 } }) })
    const { ed, saved } = skillsEditor(makeDetail(), update)
    ed.start()
    await ed.save()
    expect(ed.editing.value).toBe(true)
    expect(ed.error.value).toBe('Use at most 50 entries.')
    expect(saved).toEqual([])
    // Starting again clears the old error and takes a fresh copy.
    ed.start()
    expect(ed.error.value).toBe('')
    ed.cancel()
    expect(ed.editing.value).toBe(false)
  })

  it('is saving only while the call runs', async () => {
    let finish!: (d: UserDetail) => void
    const { ed } = skillsEditor(makeDetail(), () => new Promise((r) => { finish = r }))
    ed.start()
    const done = ed.save()
    expect(ed.saving.value).toBe(true)
    finish(makeDetail())
    await done
    expect(ed.saving.value).toBe(false)
  })
})

describe('usePagedList', () => {
  it('reads the first page on mount and the page asked for, with the total', async () => {
    const calls: [number, number][] = []
    const fetch = async (offset: number, limit: number): Promise<PageOf<string>> => {
      calls.push([offset, limit])
      return { rows: [`row ${offset}`], total: 23 }
    }
    const list = withSetup(() => usePagedList(fetch))
    await flushPromises()
    expect(calls).toEqual([[0, 10]])
    expect(list.rows.value).toEqual(['row 0'])
    expect(list.pagination.value).toMatchObject({ page: 1, pageSize: 10, itemCount: 23 })
    await list.load(3)
    expect(calls.at(-1)).toEqual([20, 10])
    expect(list.pagination.value.page).toBe(3)
    expect(list.loading.value).toBe(false)
  })

  it('takes a missing row list as empty and hands a failure to onError, keeping the rows', async () => {
    const errors: unknown[] = []
    let fail = false
    const list = withSetup(() => usePagedList<string>(async () => {
      if (fail) throw apiError('internal')
      return { rows: null, total: 0 }
    }, { onError: (e) => errors.push(e), pageSize: 5 }))
    await flushPromises()
    expect(list.rows.value).toEqual([])
    list.rows.value = ['kept']
    fail = true
    await list.load(2)
    await nextTick()
    expect(errors).toHaveLength(1)
    expect(list.rows.value).toEqual(['kept'])
    expect(list.pagination.value.page).toBe(1)
    expect(list.loading.value).toBe(false)
  })

  it('shows a failure as a translated toast by default', async () => {
    withSetup(() => usePagedList(async () => { throw apiError('internal') }))
    await flushPromises()
    await nextTick()
    expect(document.body.textContent).toContain('Something went wrong.')
  })
})
