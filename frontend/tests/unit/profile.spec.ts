import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { NSlider } from 'naive-ui'
import UserAvatar from '@/components/common/UserAvatar.vue'
import type { SessionInfo } from '@/api'
import { byTestId, makeSession, mountApp, resetBrowserState, settle, stubGo, waitFor } from './helpers'
import { detailOfSession } from './profileFixtures'

const AVATAR_ID = 'a'.repeat(64)
// The first bytes of a PNG, enough for the page to take it as one (the image "loads" below).
const PNG_BASE64 = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=='
const GIF_BASE64 = 'R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7'

let wrapper: VueWrapper | undefined

beforeEach(() => resetBrowserState())
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

function stubService(name: string, methods: Record<string, (arg?: any) => unknown>): Record<string, ReturnType<typeof vi.fn>> {
  const service: Record<string, ReturnType<typeof vi.fn>> = {}
  for (const [method, impl] of Object.entries(methods)) {
    service[method] = vi.fn(async (arg?: unknown) => {
      try {
        return await impl(arg)
      } catch (err) {
        throw err instanceof Error ? err : new Error(JSON.stringify(err))
      }
    })
  }
  window.go!.app![name] = service as never
  return service
}

/** Boots signed in with session, goes to My profile through the user menu. */
async function openProfile(session: SessionInfo, me: () => SessionInfo = () => session) {
  const go = stubGo({ Boot: () => ({ needsSetup: false, session, version: '1', workstationId: 'w' }), Me: me })
  // The page reads the user from UsersService.Get (the detail follows the session's user).
  stubService('UsersService', {
    Get: () => detailOfSession(me()),
    History: () => ({ rows: [], total: 0 }),
    SignIns: () => ({ rows: [], total: 0 }),
    MyPreferences: () => ({ notifyFrequency: 'immediately', idleMinutes: 0 }),
  })
  let router!: Awaited<ReturnType<typeof mountApp>>['router']
  ;({ wrapper, router } = await mountApp())
  byTestId('user-menu')!.click()
  await waitFor(() => expect(byTestId('menu-profile')).not.toBeNull())
  byTestId('menu-profile')!.click()
  await waitFor(() => expect(byTestId('profile-page')).not.toBeNull())
  expect(router.currentRoute.value.name).toBe('profile')
  return go
}

/** Makes the crop dialog's picture "load" at w×h (happy-dom decodes no images). */
async function loadCropImage(w: number, h: number): Promise<void> {
  await waitFor(() => expect(byTestId('avatar-crop-image')).not.toBeNull())
  const img = byTestId<HTMLImageElement>('avatar-crop-image')!
  Object.defineProperty(img, 'naturalWidth', { value: w, configurable: true })
  Object.defineProperty(img, 'naturalHeight', { value: h, configurable: true })
  img.dispatchEvent(new Event('load'))
  await settle()
}

function headerAvatarImg(): HTMLImageElement | null {
  return byTestId('user-menu')!.querySelector<HTMLImageElement>('img')
}

describe('UserAvatar', () => {
  it('shows the photo at /avatars/<id>/64 when the user has one', () => {
    const w = mount(UserAvatar, { props: { id: 'u1', displayName: 'Zofia Nowak', avatarId: AVATAR_ID, size: 32 } })
    const img = w.find('img')
    expect(img.exists()).toBe(true)
    expect(img.attributes('src')).toBe(`/avatars/${AVATAR_ID}/64`)
    expect(img.attributes('alt')).toBe('Zofia Nowak')
    expect(w.text()).not.toContain('ZN')
  })

  it('loads the large picture for a large avatar', () => {
    const w = mount(UserAvatar, { props: { id: 'u1', displayName: 'Zofia Nowak', avatarId: AVATAR_ID, size: 128 } })
    expect(w.find('img').attributes('src')).toBe(`/avatars/${AVATAR_ID}/512`)
  })

  it('shows the initials without an avatar, and when the photo fails to load', async () => {
    const w = mount(UserAvatar, { props: { id: 'u1', displayName: 'Zofia Nowak', avatarId: '' } })
    expect(w.find('img').exists()).toBe(false)
    expect(w.text()).toBe('ZN')
    await w.setProps({ avatarId: AVATAR_ID })
    expect(w.find('img').exists()).toBe(true)
    await w.find('img').trigger('error')
    await settle()
    expect(w.find('img').exists()).toBe(false)
    expect(w.text()).toBe('ZN')
  })
})

describe('My profile', () => {
  it('crops a zoomed, moved selection, sets it and the header shows the photo; Remove brings the initials back', async () => {
    let session = makeSession()
    const go = await openProfile(session, () => session)
    expect(byTestId('profile-page')!.textContent).toContain('maria.garcia@andes-cc.com')
    expect(headerAvatarImg()).toBeNull()
    expect(byTestId('avatar-remove')).toBeNull()

    const av = stubService('AvatarsService', {
      ChooseFile: () => ({ cancelled: false, name: 'me.png', dataBase64: PNG_BASE64 }),
      Set: () => {
        session = makeSession({}, { avatarId: AVATAR_ID })
        return { avatarId: AVATAR_ID }
      },
      Remove: () => {
        session = makeSession()
      },
    })
    byTestId('avatar-change')!.click()
    await settle()
    await waitFor(() => expect(byTestId('avatar-crop-dialog')).not.toBeNull())
    // 400×300 fitted into the 320 px stage is shown at 320×240.
    await loadCropImage(400, 300)

    // Zoom ×2: the square (centred, side 300 → 150) keeps its centre (200, 150).
    wrapper!.findComponent(NSlider).vm.$emit('update:value', 2)
    await settle()
    // Drag it 32 px right and 24 px down on screen: 10% of the shown width and height.
    const square = byTestId('avatar-crop-square')!
    square.dispatchEvent(new PointerEvent('pointerdown', { clientX: 100, clientY: 100, bubbles: true }))
    window.dispatchEvent(new PointerEvent('pointermove', { clientX: 116, clientY: 112 }))
    window.dispatchEvent(new PointerEvent('pointermove', { clientX: 132, clientY: 124 }))
    window.dispatchEvent(new PointerEvent('pointerup', { clientX: 132, clientY: 124 }))
    await settle()

    byTestId('avatar-set')!.click()
    await settle()
    expect(av.Set).toHaveBeenCalledTimes(1)
    const req = av.Set.mock.calls[0][0] as { userId: string; dataBase64: string; crop: { x: number; y: number; size: number } }
    expect(req.userId).toBe(session.user.id)
    expect(req.dataBase64).toBe(PNG_BASE64)
    expect(req.crop.size).toBeCloseTo(0.5, 6)
    expect(req.crop.x).toBeCloseTo(0.3125 + 0.1, 6)
    expect(req.crop.y).toBeCloseTo(0.25 + 0.1, 6)

    await waitFor(() => expect(headerAvatarImg()).not.toBeNull())
    expect(go.Me).toHaveBeenCalled()
    expect(headerAvatarImg()!.getAttribute('src')).toBe(`/avatars/${AVATAR_ID}/64`)
    expect(byTestId('profile-avatar')!.querySelector('img')!.getAttribute('src')).toBe(`/avatars/${AVATAR_ID}/512`)
    expect(byTestId('avatar-error')).toBeNull()

    byTestId('avatar-remove')!.click()
    await settle()
    expect(av.Remove).toHaveBeenCalledWith({ userId: session.user.id })
    await waitFor(() => expect(headerAvatarImg()).toBeNull())
    expect(byTestId('user-menu')!.querySelector('[data-testid="user-avatar"]')!.textContent!.trim()).toBe('MG')
  })

  it('shows the translated reason when Go refuses the picture', async () => {
    await openProfile(makeSession())
    const av = stubService('AvatarsService', {
      ChooseFile: () => ({ cancelled: false, name: 'big.jpg', dataBase64: PNG_BASE64 }),
      Set: () => {
        throw { code: 'avatar_invalid', params: { reason: 'size', max: 15 * 1024 * 1024 } }
      },
    })
    byTestId('avatar-change')!.click()
    await settle()
    await loadCropImage(64, 64)
    byTestId('avatar-set')!.click()
    await settle()
    expect(av.Set).toHaveBeenCalledTimes(1)
    await waitFor(() => expect(byTestId('avatar-error')).not.toBeNull())
    expect(byTestId('avatar-error')!.textContent).toContain('The file is too large: the limit is 15 MB.')
  })

  it('refuses a picture that is not a JPEG or PNG before the crop step', async () => {
    await openProfile(makeSession())
    const av = stubService('AvatarsService', {
      ChooseFile: () => ({ cancelled: false, name: 'cat.png', dataBase64: GIF_BASE64 }),
      Set: () => ({ avatarId: AVATAR_ID }),
    })
    byTestId('avatar-change')!.click()
    await settle()
    await waitFor(() => expect(byTestId('avatar-error')).not.toBeNull())
    expect(byTestId('avatar-error')!.textContent).toContain('Only JPEG and PNG pictures can be used.')
    expect(byTestId('avatar-crop-dialog')).toBeNull()
    expect(av.Set).not.toHaveBeenCalled()
  })

  it('shows the dimensions reason in Polish', async () => {
    await openProfile(makeSession({}, { language: 'pl' }))
    stubService('AvatarsService', {
      ChooseFile: () => {
        throw { code: 'avatar_invalid', params: { reason: 'dimensions', maxPixels: 40000000, width: 9000, height: 9000 } }
      },
    })
    byTestId('avatar-change')!.click()
    await settle()
    await waitFor(() => expect(byTestId('avatar-error')).not.toBeNull())
    expect(byTestId('avatar-error')!.textContent).toContain('9000 × 9000')
    expect(byTestId('avatar-error')!.textContent).toContain('40 megapikseli')
  })

  it('takes a picture dropped on the avatar into the crop step', async () => {
    await openProfile(makeSession())
    const bytes = Uint8Array.from(atob(PNG_BASE64), (c) => c.charCodeAt(0))
    const file = new File([bytes], 'drop.png', { type: 'image/png' })
    const drop = new Event('drop', { bubbles: true, cancelable: true }) as DragEvent
    Object.defineProperty(drop, 'dataTransfer', { value: { files: [file], types: ['Files'] } })
    byTestId('avatar-drop')!.dispatchEvent(drop)
    await settle(10)
    await waitFor(() => expect(byTestId('avatar-crop-image')).not.toBeNull())
    expect(byTestId<HTMLImageElement>('avatar-crop-image')!.getAttribute('src')).toBe('data:image/png;base64,' + PNG_BASE64)
  })
})
