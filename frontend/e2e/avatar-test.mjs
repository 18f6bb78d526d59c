// Avatar (F4): the Owner opens My profile, changes the photo through the open dialog (answered
// from PLANTEL_E2E_DIALOG_DIR, which holds a PNG generated here), crops it, sets it — the header
// then shows the picture served by the app at /avatars/<id>/64 — and removes it again.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { after, before, describe } from 'node:test'
import { click, menu, setupOwner, startApp, steps, tid, until, visible } from './harness.mjs'

/** CRC-32 (PNG chunks). */
function crc32(buf) {
  let c = ~0
  for (const b of buf) {
    c ^= b
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1))
  }
  return ~c >>> 0
}

function chunk(type, data) {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}

/** A w×h RGB PNG with a gradient. */
function makePNG(w, h) {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(w, 0)
  ihdr.writeUInt32BE(h, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 2 // RGB
  const raw = Buffer.alloc((w * 3 + 1) * h)
  for (let y = 0; y < h; y++) {
    const row = y * (w * 3 + 1)
    for (let x = 0; x < w; x++) {
      raw[row + 1 + x * 3] = Math.floor((x * 255) / w)
      raw[row + 2 + x * 3] = Math.floor((y * 255) / h)
      raw[row + 3 + x * 3] = 160
    }
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

describe('avatar: change, crop, set, remove', () => {
  let app
  const step = steps(() => app)
  const dialogDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plantel-e2e-avatar-dialog-'))

  before(async () => {
    fs.writeFileSync(path.join(dialogDir, 'portrait.png'), makePNG(240, 180))
    // The app answers its open dialog from this directory (app.EnvDialogDir).
    process.env.PLANTEL_E2E_DIALOG_DIR = dialogDir
    app = await startApp('avatar')
  }, { timeout: 120_000 })
  after(async () => {
    await app?.stop()
    if (process.env.E2E_KEEP !== '1') fs.rmSync(dialogDir, { recursive: true, force: true })
  }, { timeout: 60_000 })

  const headerImg = () => app.page.locator(`${tid('user-menu')} img`)

  step('first run, then My profile from the user menu shows initials', async () => {
    const { page } = app
    await setupOwner(app)
    await menu(page, 'user-menu', 'menu-profile')
    await visible(page, 'profile-page', 15_000)
    assert.equal(await headerImg().count(), 0, 'no picture in the header before an avatar is set')
    assert.equal(await page.locator(`${tid('profile-avatar')} img`).count(), 0, 'initials on the profile')
  })

  step('Change photo opens the crop step with the chosen file', async () => {
    const { page } = app
    const reply = await app.replyTo('ChooseFile', () => click(page, 'avatar-change'))
    assert.equal(reply.error, null, `ChooseFile answered ${JSON.stringify(reply.error)}`)
    assert.equal(reply.result?.name, 'portrait.png')
    await visible(page, 'avatar-crop-dialog', 10_000)
    await visible(page, 'avatar-crop-square', 10_000)
    await visible(page, 'avatar-zoom', 5000)
    await page.waitForTimeout(400) // the dialog's fade-in, for the screenshot
    await app.screenshot('avatar-crop')
  })

  step('Set as avatar stores it and the header shows the picture', async () => {
    const { page } = app
    const reply = await app.replyTo('AvatarsService.Set', () => click(page, 'avatar-set'))
    assert.equal(reply.error, null, `Set answered ${JSON.stringify(reply.error)}`)
    const id = reply.result?.avatarId
    assert.match(id ?? '', /^[0-9a-f]{64}$/, 'a content-hash avatar id')
    await page.locator(tid('avatar-crop-dialog')).waitFor({ state: 'hidden', timeout: 10_000 })
    await headerImg().first().waitFor({ state: 'visible', timeout: 15_000 })
    assert.equal(await headerImg().first().getAttribute('src'), `/avatars/${id}/64`)
    // The picture really came from the app's avatar handler.
    await until('the header picture to load', () => headerImg().first().evaluate((img) => img.complete && img.naturalWidth), (w) => w === 64)
    await until('the profile picture to load',
      () => page.locator(`${tid('profile-avatar')} img`).first().evaluate((img) => img.complete && img.naturalWidth), (w) => w === 512)
    assert.equal(await page.locator(tid('avatar-error')).count(), 0, 'no error after a successful Set')
    await app.screenshot('avatar-set')
  })

  step('Remove photo brings the initials back', async () => {
    const { page } = app
    const reply = await app.replyTo('AvatarsService.Remove', () => click(page, 'avatar-remove'))
    assert.equal(reply.error, null, `Remove answered ${JSON.stringify(reply.error)}`)
    await until('no picture in the header', () => headerImg().count(), (n) => n === 0)
    const initials = await page.locator(`${tid('user-menu')} ${tid('user-avatar')}`).first().textContent()
    assert.equal(initials?.trim(), 'OM')
    assert.equal(app.pageErrors.length, 0, `page errors: ${app.pageErrors.map((e) => e.message).join('; ')}`)
  })
})
