import { beforeAll, describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { flushPromises, mount } from '@vue/test-utils'
import { NMessageProvider } from 'naive-ui'
import UserTransfer from '@/components/common/UserTransfer.vue'
import { i18n } from '@/i18n'
import { withinChannels, type MemberInput, type Person } from '@/api/org'
import CampaignMembersEditor from '@/components/campaigns/CampaignMembersEditor.vue'
import { toDay, toRange } from '@/components/campaigns/dates'
import { loadAllLanguages } from './languages'

// The specs below switch vue-i18n's locale directly: every language's messages are loaded first.
beforeAll(loadAllLanguages)

const people: Person[] = [
  { id: 'u1', displayName: 'Zofia Wójcik', username: 'zwojcik', avatarId: '', role: 'agent', active: true },
  { id: 'u2', displayName: 'Ana García', username: 'agarcia', avatarId: '', role: 'admin', active: true },
]

function mountEditor(members: MemberInput[], channels = ['voice', 'email', 'sms'] as MemberInput['channels']) {
  i18n.global.locale.value = 'en'
  return mount(CampaignMembersEditor, { props: { members, channels, people }, global: { plugins: [i18n] } })
}

function lastMembers(w: ReturnType<typeof mountEditor>): MemberInput[] {
  const events = w.emitted('update:members')!
  return events[events.length - 1][0] as MemberInput[]
}

describe('the campaign members editor', () => {
  const members: MemberInput[] = [
    { userId: 'u1', role: 'agent', channels: ['voice'] },
    { userId: 'u2', role: 'supervisor', channels: ['voice', 'email'] },
  ]

  it('shows each member by name with a checkbox for each campaign channel only', () => {
    const w = mountEditor(members)
    const rows = w.findAll('[data-testid="member-row"]')
    expect(rows.map((r) => r.attributes('data-user'))).toEqual(['agarcia', 'zwojcik']) // by name
    expect(rows[0].text()).toContain('Ana García')
    expect(rows[0].findAll('[data-testid^="member-channel-"]').length).toBe(3)
    expect(w.find('[data-testid="member-channel-whatsapp"]').exists()).toBe(false)
    const checked = (row: number, c: string) =>
      rows[row].find(`[data-testid="member-channel-${c}"]`).attributes('aria-checked')
    expect([checked(0, 'voice'), checked(0, 'email'), checked(0, 'sms')]).toEqual(['true', 'true', 'false'])
    expect([checked(1, 'voice'), checked(1, 'email')]).toEqual(['true', 'false'])
  })

  it('ticks and unticks one member’s channel, keeping display order', async () => {
    const w = mountEditor(members)
    const zofia = w.findAll('[data-testid="member-row"]')[1]
    await zofia.find('[data-testid="member-channel-sms"]').trigger('click')
    expect(lastMembers(w)).toEqual([
      { userId: 'u1', role: 'agent', channels: ['voice', 'sms'] },
      members[1],
    ])
    await zofia.find('[data-testid="member-channel-voice"]').trigger('click')
    expect(lastMembers(w)[0].channels).toEqual([])
  })

  it('gives or takes a channel for every member from its column header', async () => {
    const w = mountEditor(members)
    await w.find('[data-testid="member-channel-all-email"]').trigger('click')
    expect(lastMembers(w).map((m) => m.channels)).toEqual([['voice', 'email'], ['voice', 'email']])
    await w.setProps({ members: lastMembers(w) })
    await w.find('[data-testid="member-channel-all-voice"]').trigger('click')
    expect(lastMembers(w).map((m) => m.channels)).toEqual([['email'], ['email']])
  })

  it('removes a member', async () => {
    const w = mountEditor(members)
    await w.findAll('[data-testid="member-row"]')[0].find('[data-testid="member-remove"]').trigger('click')
    expect(lastMembers(w)).toEqual([members[0]])
  })

  it('disabled: no remove buttons, checkboxes disabled', () => {
    const w = mount(CampaignMembersEditor, { props: { members, channels: ['voice'], people, disabled: true }, global: { plugins: [i18n] } })
    expect(w.find('[data-testid="member-remove"]').exists()).toBe(false)
    expect(w.find('[data-testid="member-channel-voice"]').classes()).toContain('n-checkbox--disabled')
  })
})

describe('the channel subset rule', () => {
  it('keeps only the campaign’s channels, in display order', () => {
    expect(withinChannels(['sms', 'voice', 'telegram'], ['telegram', 'voice'])).toEqual(['voice', 'telegram'])
    expect(withinChannels(null, ['voice'])).toEqual([])
    expect(withinChannels(['voice'], [])).toEqual([])
  })
})

describe('campaign dates', () => {
  it('round-trips local days through the range picker value', () => {
    const r = toRange('2027-01-10', '2027-02-28')!
    expect([toDay(r[0]), toDay(r[1])]).toEqual(['2027-01-10', '2027-02-28'])
    expect(toRange('', '')).toBeNull()
  })
})

describe('the user dual list', () => {
  const users: Person[] = [
    { id: 'a', displayName: 'Łukasz Żółć', username: 'lzolc', avatarId: '', role: 'agent', active: true },
    { id: 'b', displayName: 'José Núñez', username: 'jnunez', avatarId: '', role: 'agent', active: true },
  ]

  async function mountTransfer(value: string[], known: Person[] = []) {
    const asked: string[] = []
    window.go = { app: { WorkspacesService: { Users: async (ws: unknown) => { asked.push(String(ws)); return users } } } }
    const Host = defineComponent({
      setup: () => () => h(NMessageProvider, null, () => h(UserTransfer, { value, workspaceId: 'w1', known, 'onUpdate:value': (v: string[]) => emitted.push(v) })),
    })
    const emitted: string[][] = []
    const w = mount(Host, { global: { plugins: [i18n] }, attachTo: document.body })
    await flushPromises()
    return { w, asked, emitted }
  }

  it('offers the users Go gives for the workspace, each with name and username', async () => {
    const { w, asked } = await mountTransfer(['b'])
    expect(asked).toEqual(['w1'])
    const source = w.find('.n-transfer-list--source')
    expect(source.findAll('[data-testid="user-transfer-item"]').map((i) => i.attributes('data-user'))).toEqual(['lzolc', 'jnunez'])
    expect(source.text()).toContain('@lzolc')
    const target = w.find('.n-transfer-list--target')
    expect(target.findAll('[data-testid="user-transfer-item"]').map((i) => i.attributes('data-user'))).toEqual(['jnunez'])
    w.unmount()
  })

  it('searches by name without accents or by username', async () => {
    const { w } = await mountTransfer([])
    const input = w.find('.n-transfer-list--source input')
    await input.setValue('zolc')
    await flushPromises()
    expect(w.find('.n-transfer-list--source').findAll('[data-testid="user-transfer-item"]').map((i) => i.attributes('data-user'))).toEqual(['lzolc'])
    await input.setValue('jnun')
    await flushPromises()
    expect(w.find('.n-transfer-list--source').findAll('[data-testid="user-transfer-item"]').map((i) => i.attributes('data-user'))).toEqual(['jnunez'])
    w.unmount()
  })

  it('keeps a selected user Go no longer offers, so they can be removed', async () => {
    const gone: Person = { id: 'z', displayName: 'Olaf Ørsted', username: 'oorsted', avatarId: '', role: 'agent', active: false }
    const { w, emitted } = await mountTransfer(['z'], [gone])
    const target = w.find('.n-transfer-list--target')
    expect(target.text()).toContain('Olaf Ørsted')
    await w.find('.n-transfer-list--source [data-user="lzolc"]').trigger('click')
    expect(emitted[emitted.length - 1]).toEqual(['z', 'a'])
    w.unmount()
  })
})
