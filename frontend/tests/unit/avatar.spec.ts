import { beforeAll, describe, expect, it } from 'vitest'
import { mount } from '@vue/test-utils'
import UserAvatar from '@/components/common/UserAvatar.vue'
import { avatarColor, hashString, initialsOf } from '@/utils/avatar'
import { loadAllLanguages } from './languages'

// The specs below switch vue-i18n's locale directly: every language's messages are loaded first.
beforeAll(loadAllLanguages)

describe('initialsOf', () => {
  it.each([
    ['María José García', 'MG'],
    ['Ana', 'A'],
    ['  juan   pérez  ', 'JP'],
    ['Łukasz Żółć', 'ŁŻ'],
    ['Élodie d’Alembert', 'ÉD'],
    ['(Tech) Support', 'TS'],
    ['', '?'],
    ['   ', '?'],
  ])('%j → %s', (name, initials) => {
    expect(initialsOf(name)).toBe(initials)
  })
})

describe('avatarColor', () => {
  it('is the same for the same id, every time', () => {
    const id = '0193a1b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b'
    expect(avatarColor(id)).toBe(avatarColor(id))
    expect(hashString(id)).toBe(hashString(String(id)))
  })

  it('matches the known FNV-1a value, so every workstation agrees', () => {
    expect(hashString('')).toBe(0x811c9dc5)
    expect(hashString('a')).toBe(0xe40c292c)
  })

  it('is an HSL colour in the readable band', () => {
    const m = avatarColor('user-1').match(/^hsl\((\d+), (\d+)%, (\d+)%\)$/)
    expect(m).not.toBeNull()
    const [hue, sat, light] = m!.slice(1).map(Number)
    expect(hue).toBeGreaterThanOrEqual(0)
    expect(hue).toBeLessThan(360)
    expect(sat).toBeGreaterThanOrEqual(45)
    expect(sat).toBeLessThanOrEqual(64)
    expect(light).toBeGreaterThanOrEqual(22)
    expect(light).toBeLessThanOrEqual(29)
  })

  it('keeps white initials readable (WCAG AA, 4.5:1) on every colour', () => {
    const lum = (v: number) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
    let worst = Infinity
    for (let i = 0; i < 2000; i++) {
      const [h, s, l] = avatarColor(`user-${i}`).match(/\d+/g)!.map(Number)
      // HSL → RGB (CSS Color 4)
      const a = (s / 100) * Math.min(l / 100, 1 - l / 100)
      const f = (n: number) => { const k = (n + h / 30) % 12; return l / 100 - a * Math.max(-1, Math.min(k - 3, 9 - k, 1)) }
      const y = 0.2126 * lum(f(0)) + 0.7152 * lum(f(8)) + 0.0722 * lum(f(4))
      worst = Math.min(worst, 1.05 / (y + 0.05))
    }
    expect(worst).toBeGreaterThanOrEqual(4.5)
  })

  it('spreads different ids over many colours', () => {
    const colours = new Set(Array.from({ length: 50 }, (_, i) => avatarColor(`0193a1b2-0000-7000-8000-${String(i).padStart(12, '0')}`)))
    expect(colours.size).toBeGreaterThan(40)
  })
})

describe('UserAvatar', () => {
  it('shows the initials on the colour of the id', () => {
    const w = mount(UserAvatar, { props: { id: 'abc', displayName: 'Zofia Nowak' } })
    const el = w.get('[data-testid="user-avatar"]')
    expect(el.text()).toBe('ZN')
    expect(el.attributes('data-initials')).toBe('ZN')
    expect(el.attributes('aria-label')).toBe('Zofia Nowak')
    expect(el.attributes('style')).toContain(`--n-color: ${avatarColor('abc')};`)
  })

  it('keeps its colour when the name changes, and changes it with the id', async () => {
    const w = mount(UserAvatar, { props: { id: 'abc', displayName: 'Zofia Nowak' } })
    const style = () => w.get('[data-testid="user-avatar"]').attributes('style')
    const first = style()
    await w.setProps({ displayName: 'Zofia Kowalska' })
    expect(style()).toBe(first)
    expect(w.text()).toBe('ZK')
    await w.setProps({ id: 'xyz' })
    expect(style()).not.toBe(first)
  })
})

describe('the crop dialog', () => {
  async function titleOf(props: Record<string, unknown>, lang: string): Promise<string> {
    const { defineComponent, h, nextTick } = await import('vue')
    const { default: AvatarCropDialog } = await import('@/components/avatar/AvatarCropDialog.vue')
    const { installPlantel } = await import('@/plantel')
    const { i18n } = await import('@/i18n')
    i18n.global.locale.value = lang as never
    // The app's ui store (installPlantel) shows this workstation's language: the same one.
    localStorage.setItem('plantel.language', lang)
    const Host = defineComponent({ render: () => h(AvatarCropDialog, { show: true, src: '', ...props }) })
    const w = mount(Host, { attachTo: document.body, global: { plugins: [{ install: (app) => { installPlantel(app) } }] } })
    await nextTick()
    await nextTick()
    const title = document.querySelector('.n-card-header__main')?.textContent ?? ''
    w.unmount()
    i18n.global.locale.value = 'en'
    localStorage.removeItem('plantel.language')
    return title
  }

  it('says whose photo it is when it is not the user\'s own', async () => {
    expect(await titleOf({}, 'en')).toBe('Crop your photo')
    expect(await titleOf({ ownerName: 'Zofia Nowak' }, 'en')).toBe('Crop the photo of Zofia Nowak')
    expect(await titleOf({ ownerName: 'José Núñez' }, 'es')).toBe('Recortar la foto de José Núñez')
    expect(await titleOf({ ownerName: 'Zofia Nowak' }, 'pl')).toBe('Przytnij zdjęcie użytkownika Zofia Nowak')
  })
})
