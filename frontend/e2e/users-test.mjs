// Users (F2), as an Owner clicks it: the list, a new user with a proposed username and an
// initial password, search as you type, and deactivation; the avatar column shows the photo set
// on one's own profile and the initials after it is removed; the columns fit the window;
// screenshots in English and Spanish.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { after, before, describe } from 'node:test'
import { choose, click, fill, field, menu, setupOwner, startApp, steps, textUntil, tid, until, visible, waitLang } from './harness.mjs'

const NEW_USER = {
  firstName: 'José',
  lastName: 'Núñez',
  username: 'jnunez',
  email: 'jose.nunez@example.com',
  password: 'Lemon-Harbor-2931!',
}

/** A w×h grey RGB PNG (the avatar the open dialog answers with). */
function makePNG(w, h) {
  const crc32 = (buf) => {
    let c = ~0
    for (const b of buf) {
      c ^= b
      for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1))
    }
    return ~c >>> 0
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(body))
    return Buffer.concat([len, body, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(w, 0)
  ihdr.writeUInt32BE(h, 4)
  ihdr[8] = 8
  ihdr[9] = 2
  const raw = Buffer.alloc((w * 3 + 1) * h, 120)
  for (let y = 0; y < h; y++) raw[y * (w * 3 + 1)] = 0
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))])
}

describe('users: create, search, deactivate', () => {
  let app
  const step = steps(() => app)
  const dialogDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plantel-e2e-users-dialog-'))

  before(async () => {
    fs.writeFileSync(path.join(dialogDir, 'me.png'), makePNG(200, 200))
    process.env.PLANTEL_E2E_DIALOG_DIR = dialogDir
    app = await startApp('users')
  }, { timeout: 120_000 })
  after(async () => {
    delete process.env.PLANTEL_E2E_DIALOG_DIR
    await app?.stop()
    if (process.env.E2E_KEEP !== '1') fs.rmSync(dialogDir, { recursive: true, force: true })
  }, { timeout: 60_000 })

  step('first run, then the Users page lists the Owner', async () => {
    const { page } = app
    await setupOwner(app)
    const reply = await app.replyTo('List', () => click(page, 'nav-users'))
    assert.equal(reply.error, null, `List answered ${JSON.stringify(reply.error)}`)
    await visible(page, 'users-page', 15_000)
    await visible(page, 'users-row-omarsh', 15_000)
  })

  step('the new-user dialog proposes the username and creates the user', async () => {
    const { page } = app
    await click(page, 'users-new')
    await visible(page, 'create-first-name', 10_000)
    await fill(page, 'create-first-name', NEW_USER.firstName)
    const proposal = await app.replyTo('ProposeUsername', () => fill(page, 'create-last-name', NEW_USER.lastName))
    assert.equal(proposal.error, null, `ProposeUsername answered ${JSON.stringify(proposal.error)}`)
    await until('create-username to be proposed as jnunez', () => field(page, 'create-username').inputValue(), (v) => v === NEW_USER.username)
    await fill(page, 'create-email', NEW_USER.email)
    await choose(page, 'create-profile', /^Agent/i)
    await fill(page, 'create-password', NEW_USER.password)
    await until('policy-rule-too_short data-ok="true"', () => page.locator(tid('policy-rule-too_short')).first().getAttribute('data-ok'), (v) => v === 'true')
    await app.screenshot('users-create-dialog')
    const reply = await app.replyTo('Create', () => click(page, 'create-submit'))
    assert.equal(reply.error, null, `Create answered ${JSON.stringify(reply.error)}`)
    await visible(page, 'users-row-jnunez', 15_000)
    await page.locator(tid('create-first-name')).waitFor({ state: 'hidden', timeout: 5000 })
    await app.screenshot('users-en')
  })

  step('search finds "nunez" and nothing for "zzz"', async () => {
    const { page } = app
    let reply = await app.replyTo('List', () => fill(page, 'users-search', 'nunez'))
    assert.equal(reply.error, null)
    assert.equal(reply.result?.total, 1, `List for "nunez" answered total ${reply.result?.total}`)
    await visible(page, 'users-row-jnunez', 10_000)
    await until('only jnunez listed', () => page.locator('[data-testid^="users-row-"]').count(), (n) => n === 1)

    // "zzz" typed over "nunez" in one input event: fill() empties the box first, and on a
    // loaded machine the debounced search of the empty box answered first (2 users), which
    // replyTo took for the answer to "zzz".
    reply = await app.replyTo('List', () => field(page, 'users-search').fill('zzz'))
    assert.equal(reply.result?.total, 0)
    await visible(page, 'users-empty', 10_000)
    assert.equal(await page.locator('[data-testid^="users-row-"]').count(), 0)

    await app.replyTo('List', () => fill(page, 'users-search', ''))
    await visible(page, 'users-row-jnunez', 10_000)
  })

  step('deactivating the user shows them inactive', async () => {
    const { page } = app
    const preview = await app.replyTo('PreviewOffboard', () => menu(page, 'user-actions-jnunez', 'user-action-deactivate-jnunez'))
    assert.equal(preview.error, null, `PreviewOffboard answered ${JSON.stringify(preview.error)}`)
    await visible(page, 'deactivate-confirm', 10_000)
    // Before anything moves, the dialog says what will (here: no clients yet).
    await textUntil(page, 'offboard-preview', (s) => s.includes('no clients'), 'the preview of what moves')
    assert.equal(await page.locator(tid('offboard-preview')).getAttribute('data-clients'), String(preview.result.clients))
    await app.screenshot('users-deactivate-dialog')
    const reply = await app.replyTo('Deactivate', () => click(page, 'deactivate-confirm'))
    assert.equal(reply.error, null, `Deactivate answered ${JSON.stringify(reply.error)}`)
    await textUntil(page, 'user-status-jnunez', (s) => s === 'Inactive', 'user-status-jnunez to show Inactive')
    assert.equal(await page.locator(tid('user-status-jnunez')).getAttribute('data-status'), 'inactive')
  })

  step('the page in Spanish', async () => {
    const { page } = app
    const reply = await app.replyTo('SetPreferences', () => menu(page, 'lang-switch', 'lang-es'))
    assert.equal(reply.error, null)
    await waitLang(page, 'es')
    await textUntil(page, 'user-status-jnunez', (s) => s === 'Inactivo', 'user-status-jnunez in Spanish')
    await textUntil(page, 'users-new', (s) => s.includes('Nuevo usuario'), 'users-new in Spanish')
    await app.screenshot('users-es')
  })

  step('reactivating brings the user back, deleting asks for the username typed', async () => {
    const { page } = app
    const status = page.locator(tid('user-status-jnunez'))
    let reply = await app.replyTo('Reactivate', () => menu(page, 'user-actions-jnunez', 'user-action-reactivate-jnunez'))
    assert.equal(reply.error, null, `Reactivate answered ${JSON.stringify(reply.error)}`)
    await until('user-status-jnunez data-status="active"', () => status.getAttribute('data-status'), (v) => v === 'active')

    await menu(page, 'user-actions-jnunez', 'user-action-delete-jnunez')
    await visible(page, 'delete-confirm-input', 10_000)
    assert.equal(await page.locator(tid('delete-confirm')).isDisabled(), true, 'delete is disabled until the username is typed')
    await fill(page, 'delete-confirm-input', 'jnunez')
    reply = await app.replyTo('Delete', () => click(page, 'delete-confirm'))
    assert.equal(reply.error, null, `Delete answered ${JSON.stringify(reply.error)}`)
    await page.locator(tid('users-row-jnunez')).waitFor({ state: 'detached', timeout: 10_000 })
  })

  step('View and Edit open the user\'s profile page', async () => {
    const { page } = app
    const id = await page.locator(tid('users-row-omarsh')).getAttribute('data-user-id')
    await menu(page, 'user-actions-omarsh', 'user-action-view-omarsh')
    await until('the profile route', () => page.url(), (u) => u.endsWith(`#/users/${id}`))
    await app.replyTo('List', () => page.goBack())
    await visible(page, 'users-row-omarsh', 10_000)
    await menu(page, 'user-actions-omarsh', 'user-action-edit-omarsh')
    await until('the profile route in edit mode', () => page.url(), (u) => u.endsWith(`#/users/${id}?edit=1`))
    await app.replyTo('List', () => page.goBack())
    await visible(page, 'users-row-omarsh', 10_000)
  })

  step('a link with filters in its query pre-sets them', async () => {
    const { page } = app
    const reply = await app.replyTo('List', () => page.evaluate(() => { window.location.hash = '#/users?status=inactive&role=agent' }))
    assert.deepEqual([reply.result.total, reply.result.rows?.length ?? 0], [0, 0])
    await visible(page, 'users-empty', 10_000)
    const filter = await page.locator(`${tid('users-filter-status')} .n-base-selection-tag-wrapper, ${tid('users-filter-status')} .n-tag`).first().innerText()
    assert.match(filter, /Inactiv/)
    await app.replyTo('List', () => page.evaluate(() => { window.location.hash = '#/users?status=active' }))
    await visible(page, 'users-row-omarsh', 10_000)
  })

  step('the column chooser shows and hides columns, and remembers them', async () => {
    const { page } = app
    const header = () => page.locator(`${tid('users-table')} th`).allInnerTexts()
    assert.ok(!(await header()).some((h) => h.includes('Equipos')), 'teams hidden by default')
    await click(page, 'users-columns')
    await visible(page, 'users-columns-menu', 5000)
    await page.waitForTimeout(300)
    await app.screenshot('users-columns-es')
    await page.locator(`${tid('users-column-teams')}`).click()
    await until('the Teams column', header, (hs) => hs.some((h) => h.includes('Equipos')))
    assert.match(await page.evaluate(() => localStorage.getItem('plantel.users.columns')), /teams/)
    await page.locator(`${tid('users-column-teams')}`).click()
    await until('no Teams column', header, (hs) => !hs.some((h) => h.includes('Equipos')))
    await page.keyboard.press('Escape')
    await page.mouse.click(5, 5)
  })

  step('at 1280×820 the table fits the window: no sideways scrolling', async () => {
    const { page } = app
    await page.setViewportSize({ width: 1280, height: 820 })
    await page.waitForTimeout(300)
    // Every scrolling box inside the table: none is wider inside than it shows.
    const overflow = await page.locator(tid('users-table')).first().evaluate((table) => {
      let worst = { over: 0, cls: '' }
      for (const el of [table, ...table.querySelectorAll('*')]) {
        const overflowX = getComputedStyle(el).overflowX
        if (overflowX !== 'auto' && overflowX !== 'scroll') continue // clipped (ellipsis), not scrollable
        const over = el.scrollWidth - el.clientWidth
        if (el.clientWidth > 0 && over > worst.over) worst = { over, cls: String(el.className) }
      }
      return { ...worst, table: table.getBoundingClientRect().width, window: window.innerWidth }
    })
    assert.ok(overflow.over <= 1, `the table scrolls sideways: ${JSON.stringify(overflow)}`)
    await app.screenshot('users-1280-es')
    await page.setViewportSize({ width: 1280, height: 860 })
  })

  step('the avatar column shows the photo set on one\'s own profile, and initials after removal', async () => {
    const { page } = app
    const rowImg = () => page.locator(`${tid('users-row-omarsh')} img`)
    assert.equal(await rowImg().count(), 0, 'initials before an avatar is set')
    await menu(page, 'user-menu', 'menu-profile')
    await visible(page, 'profile-page', 15_000)
    await app.replyTo('ChooseFile', () => click(page, 'avatar-change'))
    await visible(page, 'avatar-set', 10_000)
    const set = await app.replyTo('AvatarsService.Set', () => click(page, 'avatar-set'))
    assert.equal(set.error, null, `Set answered ${JSON.stringify(set.error)}`)
    const id = set.result.avatarId
    await app.replyTo('List', () => click(page, 'nav-users'))
    await rowImg().first().waitFor({ state: 'visible', timeout: 10_000 })
    assert.equal(await rowImg().first().getAttribute('src'), `/avatars/${id}/64`)
    await until('the row picture to load', () => rowImg().first().evaluate((img) => img.complete && img.naturalWidth), (w) => w === 64)

    await menu(page, 'user-menu', 'menu-profile')
    await visible(page, 'profile-page', 15_000)
    const removed = await app.replyTo('AvatarsService.Remove', () => click(page, 'avatar-remove'))
    assert.equal(removed.error, null)
    await app.replyTo('List', () => click(page, 'nav-users'))
    await visible(page, 'users-row-omarsh', 10_000)
    await until('no picture in the row', () => rowImg().count(), (n) => n === 0)
    assert.equal((await page.locator(`${tid('users-row-omarsh')} ${tid('user-avatar')}`).first().textContent())?.trim(), 'OM')
  })

  step('a success toast follows a language switch', async () => {
    const { page } = app
    const reply = await app.replyTo('Export', () => menu(page, 'users-export', 'users-export-csv'))
    assert.equal(reply.error, null)
    const toast = page.locator('.n-message').filter({ hasText: 'users-' }).first()
    await toast.waitFor({ state: 'visible', timeout: 5000 })
    assert.match(await toast.innerText(), /^Exportado a /)
    await app.replyTo('SetPreferences', () => menu(page, 'lang-switch', 'lang-en'))
    await waitLang(page, 'en')
    await until('the open toast in English', () => toast.innerText(), (s) => /^Exported to /.test(s), 3000)
  })

  step('the page raised no uncaught errors', async () => {
    assert.deepEqual(app.pageErrors.map((e) => e.message), [])
  })
})
