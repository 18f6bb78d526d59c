// Profile page (F4, F2.6, F2.9, F4.8, F5): the Owner sets up and creates an administrator and an
// agent; the agent signs in once (after a wrong password); the administrator opens the agent's
// page at /users/<id>, edits details, resets the password with "generate" (shown once, copyable),
// changes the agent's photo through the open dialog, and sees History (old → new, the password
// only as "changed") and the sign-in history. The agent signs in with the generated password and
// must change it; on another user's page the agent gets no controls and Go refuses the edit.
// Screenshots of the page and each dialog in en and es, checked for horizontal overflow.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { after, before, describe } from 'node:test'
import {
  OWNER, choose, click, field, fill, menu, setupOwner, signOut, startApp, steps, submitSignIn, textUntil, tid, until,
  visible, waitLang,
} from './harness.mjs'

const ADMIN = { firstName: 'Ana', lastName: 'Lozano', username: 'alozano', email: 'ana.lozano@example.com', password: 'Saffron-Harbour-7731-lantern' }
const AGENT = { firstName: 'Pedro', lastName: 'Ruiz', username: 'pruiz', email: 'pedro.ruiz@example.com', password: 'Copper-Meadow-5120-whistle' }
const AGENT_NEW = 'Juniper-Canyon-8842-ribbon'
const TEAM = 'Ventas Norte'

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
  ihdr[8] = 8
  ihdr[9] = 2
  const raw = Buffer.alloc((w * 3 + 1) * h)
  for (let y = 0; y < h; y++) {
    const row = y * (w * 3 + 1)
    for (let x = 0; x < w; x++) {
      raw[row + 1 + x * 3] = 200
      raw[row + 2 + x * 3] = Math.floor((x * 255) / w)
      raw[row + 3 + x * 3] = Math.floor((y * 255) / h)
    }
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))])
}

describe('profile page: an administrator manages an agent', () => {
  let app
  const step = steps(() => app)
  const dialogDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plantel-e2e-profile-dialog-'))
  const ids = {}
  let generated = ''

  before(async () => {
    process.env.PLANTEL_E2E_DIALOG_DIR = dialogDir
    app = await startApp('profile')
    await app.page.setViewportSize({ width: 1280, height: 820 })
  }, { timeout: 120_000 })
  after(async () => {
    await app?.stop()
    if (process.env.E2E_KEEP !== '1') fs.rmSync(dialogDir, { recursive: true, force: true })
  }, { timeout: 60_000 })

  /** Fails when the page scrolls sideways, at the window or inside the profile page. */
  async function noSideScroll(what) {
    const o = await app.page.evaluate(() => {
      const el = document.querySelector('[data-testid="profile-page"]')
      return {
        doc: document.documentElement.scrollWidth - document.documentElement.clientWidth,
        page: el ? el.scrollWidth - el.clientWidth : 0,
      }
    })
    assert.ok(o.doc <= 0 && o.page <= 0, `${what}: horizontal overflow ${JSON.stringify(o)}`)
  }

  async function shot(name) {
    await app.page.waitForTimeout(250) // let dialogs finish their transition
    await app.screenshot(name)
  }

  async function openTab(name) {
    await click(app.page, 'tab-' + name)
  }

  async function createUser(u, profile) {
    const { page } = app
    await click(page, 'users-new')
    await visible(page, 'create-first-name', 10_000)
    await fill(page, 'create-first-name', u.firstName)
    await app.replyTo('ProposeUsername', () => fill(page, 'create-last-name', u.lastName))
    await until(`create-username ${u.username}`, () => field(page, 'create-username').inputValue(), (v) => v === u.username)
    await fill(page, 'create-email', u.email)
    await choose(page, 'create-profile', profile)
    await fill(page, 'create-password', u.password)
    const reply = await app.replyTo('Create', () => click(page, 'create-submit'))
    assert.equal(reply.error, null, `Create answered ${JSON.stringify(reply.error)}`)
    await visible(page, `users-row-${u.username}`, 15_000)
    await page.locator(tid('create-first-name')).waitFor({ state: 'hidden', timeout: 5000 })
    return page.locator(tid(`users-row-${u.username}`)).getAttribute('data-user-id')
  }

  async function openUserPage(id, query = '') {
    const { page } = app
    const reply = await app.replyTo('UsersService.Get', () => page.evaluate(([id, q]) => { window.location.hash = `#/users/${id}${q}` }, [id, query]))
    return reply
  }

  step('the Owner sets up and creates an administrator and an agent', async () => {
    const { page } = app
    await setupOwner(app)
    await click(page, 'nav-users')
    await visible(page, 'users-page', 15_000)
    ids.admin = await createUser(ADMIN, /^Administrator/i)
    ids.agent = await createUser(AGENT, /^Agent/i)
    assert.ok(ids.admin && ids.agent, 'both users have ids')
    // The agent joins a team (through the Teams page's own call): a membership the agent's
    // History tells by name.
    const team = await page.evaluate(async ([agent, name]) => {
      const me = await window.go.app.SessionService.Me()
      return window.go.app.TeamsService.Create({ name, workspaceId: me.workspaces[0].id, leaderId: '', active: true, description: '', memberIds: [agent] })
    }, [ids.agent, TEAM])
    assert.ok(team?.id, 'the team is made')
    await signOut(page)
  })

  step('the agent fails once, signs in and out: sign-in history material', async () => {
    const bad = await submitSignIn(app, AGENT.username, 'not-my-password-at-all')
    assert.equal(bad.error?.code, 'invalid_credentials')
    const ok = await submitSignIn(app, AGENT.username, AGENT.password)
    assert.equal(ok.error, null, `SignIn answered ${JSON.stringify(ok.error)}`)
    await visible(app.page, 'app-shell', 15_000)
    await signOut(app.page)
  })

  step('the administrator opens the agent at /users/<id>: header, tabs and actions', async () => {
    const { page } = app
    const reply = await submitSignIn(app, ADMIN.username, ADMIN.password)
    assert.equal(reply.error, null, `SignIn answered ${JSON.stringify(reply.error)}`)
    await visible(page, 'app-shell', 15_000)
    const get = await openUserPage(ids.agent)
    assert.equal(get.error, null, `Get answered ${JSON.stringify(get.error)}`)
    await textUntil(page, 'profile-name', (s) => s === 'Pedro Ruiz', 'the agent page')
    assert.equal(await page.locator(tid('profile-tag')).getAttribute('data-profile-role'), 'agent')
    for (const id of ['profile-edit', 'profile-reset-password', 'avatar-change']) await visible(page, id, 5000)
    assert.equal(await page.locator(tid('profile-transfer')).count(), 0, 'no ownership transfer for an administrator')
    assert.equal(await page.locator(tid('tab-preferences')).count(), 0, 'no Preferences on another user')
    await noSideScroll('agent page')
    await shot('profile-user-en')
  })

  step('edits details: phone and extension, saved through Update', async () => {
    const { page } = app
    await click(page, 'profile-edit')
    await visible(page, 'details-form', 5000)
    await fill(page, 'edit-phone', '+34 910 555 123')
    await fill(page, 'edit-extension', '2042')
    await noSideScroll('details form')
    await shot('profile-edit-en')
    const reply = await app.replyTo('UsersService.Update', () => click(page, 'details-save'))
    assert.equal(reply.error, null, `Update answered ${JSON.stringify(reply.error)}`)
    await textUntil(page, 'detail-phone', (s) => s === '+34 910 555 123', 'the saved phone')
    await textUntil(page, 'detail-extension', (s) => s === '2042', 'the saved extension')
  })

  step('adds a skill with a level and an additional-info field', async () => {
    const { page } = app
    await openTab('skills')
    await click(page, 'skills-edit')
    await fill(page, 'skill-name-0', 'Cobranzas')
    await choose(page, 'skill-level-0', /Advanced/)
    await click(page, 'skills-add-0') // a new row after the first (NDynamicInput)
    await fill(page, 'skill-name-1', 'English')
    await shot('profile-skills-edit-en')
    let reply = await app.replyTo('UsersService.Update', () => click(page, 'skills-save'))
    assert.equal(reply.error, null, `Update answered ${JSON.stringify(reply.error)}`)
    assert.deepEqual(reply.result.skills, [{ name: 'Cobranzas', level: 4 }, { name: 'English', level: 0 }])
    await visible(page, 'skill-Cobranzas', 5000)
    await openTab('additional')
    await click(page, 'additional-edit')
    await fill(page, 'additional-label-0', 'Shift')
    await fill(page, 'additional-value-0', 'Mornings, 8–14')
    reply = await app.replyTo('UsersService.Update', () => click(page, 'additional-save'))
    assert.equal(reply.error, null, `Update answered ${JSON.stringify(reply.error)}`)
    await textUntil(page, 'additional-Shift', (s) => s.includes('Mornings, 8–14'), 'the saved field')
    await openTab('roles')
    await visible(page, 'module-clients', 5000)
    await shot('profile-roles-en')
    await openTab('details')
  })

  step('resets the password with "generate": shown once, with a copy button', async () => {
    const { page } = app
    await click(page, 'profile-reset-password')
    await visible(page, 'reset-submit', 5000)
    await shot('profile-reset-en')
    await click(page, 'reset-mode-type')
    await fill(page, 'reset-password', 'short')
    await visible(page, 'policy-rule-too_short', 5000)
    await shot('profile-reset-type-en')
    await click(page, 'reset-mode-generate')
    const reply = await app.replyTo('ResetUser', () => click(page, 'reset-submit'))
    assert.equal(reply.error, null, `ResetUser answered ${JSON.stringify(reply.error)}`)
    generated = reply.result.password
    assert.ok(generated.length >= 15, 'a policy-length password came back')
    await textUntil(page, 'reset-generated', (s) => s === generated, 'the generated password on screen')
    await visible(page, 'reset-copy', 5000)
    await shot('profile-reset-generated-en')
    await click(page, 'reset-close')
    await page.locator(tid('reset-generated')).waitFor({ state: 'detached', timeout: 5000 })
    assert.ok(!(await page.content()).includes(generated), 'the password is gone once the dialog closes')
  })

  step("changes the agent's photo through the open dialog", async () => {
    const { page } = app
    fs.writeFileSync(path.join(dialogDir, 'pedro.png'), makePNG(300, 220))
    const choose = await app.replyTo('ChooseFile', () => click(page, 'avatar-change'))
    assert.equal(choose.error, null)
    await visible(page, 'avatar-zoom', 5000)
    await until('the crop picture loads', () => page.locator(tid('avatar-crop-image')).evaluate((i) => i.complete && i.naturalWidth), (w) => w === 300)
    await shot('profile-crop-en')
    const set = await app.replyTo('AvatarsService.Set', () => click(page, 'avatar-set'))
    assert.equal(set.error, null, `Set answered ${JSON.stringify(set.error)}`)
    await until('the agent photo on the page', () => page.locator(`${tid('profile-avatar')} img`).count(), (n) => n === 1)
  })

  step('History says each edit as a sentence with who, old and new, and the password only as changed', async () => {
    const { page } = app
    const reply = await app.replyTo('UsersService.History', () => openTab('history'))
    assert.equal(reply.error, null)
    assert.ok(!JSON.stringify(reply.result).includes('argon2'), 'no hash in the History reply')
    assert.ok(!JSON.stringify(reply.result).includes(generated), 'no password in the History reply')
    await visible(page, 'history-table', 5000)
    const text = await page.locator(tid('history-table')).innerText()
    // Every entry is a sentence naming who did it, with names, never ids.
    assert.match(text, /Ana Lozano set the phone to \+34 910 555 123/)
    assert.match(text, /Ana Lozano set the extension to 2042/)
    assert.match(text, /(changed|reset) the password/)
    assert.doesNotMatch(text, /argon2|password_hash/)
    assert.match(text, /set the skills to Cobranzas \(4\), English/)
    assert.doesNotMatch(text, /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/, 'an id in the history')
    assert.match(text, /created the account with the profile Agent/)
    // Memberships gained read as sentences naming the group and who did it.
    assert.match(text, new RegExp(`Added to workspace ${OWNER.workspace} \\(by ${OWNER.firstName} ${OWNER.lastName}\\)`))
    assert.match(text, new RegExp(`Added to team ${TEAM} \\(by ${OWNER.firstName} ${OWNER.lastName}\\)`))
    await noSideScroll('history')
    await shot('profile-history-en')
  })

  step('the sign-in history shows the failed attempt, the sign-in and the sign-out', async () => {
    const { page } = app
    const reply = await app.replyTo('SignIns', () => openTab('signins'))
    assert.equal(reply.error, null)
    assert.deepEqual(reply.result.rows.map((r) => r.action), ['sign_out', 'sign_in', 'sign_in_failed'])
    const text = await page.locator(tid('signins-table')).innerText()
    assert.match(text, /Failed sign-in/)
    assert.match(text, /this workstation/)
    await shot('profile-signins-en')
  })

  step('the same page and dialogs in Spanish', async () => {
    const { page } = app
    await menu(page, 'lang-switch', 'lang-es')
    await waitLang(page, 'es')
    await openTab('details')
    await textUntil(page, 'tab-details', (s) => s.includes('Datos'), 'tabs in Spanish')
    await noSideScroll('agent page es')
    await shot('profile-user-es')
    await openTab('history')
    await textUntil(page, 'history-table', (s) => s.includes('puso el teléfono: +34 910 555 123') && s.includes('creó la cuenta con el perfil Agente') &&
      s.includes(`Alta en el equipo ${TEAM} (por ${OWNER.firstName} ${OWNER.lastName})`) && s.includes(`Alta en el espacio de trabajo ${OWNER.workspace}`),
    'history in Spanish sentences, the built-in profile named in Spanish, the memberships by name')
    await shot('profile-history-es')
    await click(page, 'profile-reset-password')
    await visible(page, 'reset-submit', 5000)
    await shot('profile-reset-es')
    await click(page, 'reset-mode-type')
    await fill(page, 'reset-password', 'corta')
    await shot('profile-reset-type-es')
    await page.keyboard.press('Escape')
    await page.locator(tid('reset-submit')).waitFor({ state: 'hidden', timeout: 5000 })
    await click(page, 'profile-edit')
    await visible(page, 'details-form', 5000)
    await shot('profile-edit-es')
    await click(page, 'details-cancel')
    await menu(page, 'lang-switch', 'lang-en')
    await waitLang(page, 'en')
    await signOut(page)
  })

  step('the agent signs in with the generated password and must change it', async () => {
    const { page } = app
    const reply = await submitSignIn(app, AGENT.username, generated)
    assert.equal(reply.error, null, `SignIn answered ${JSON.stringify(reply.error)}`)
    await visible(page, 'chpw-forced', 15_000)
    await fill(page, 'chpw-current', generated)
    await fill(page, 'chpw-new', AGENT_NEW)
    await fill(page, 'chpw-repeat', AGENT_NEW)
    const change = await app.replyTo('ChangeOwn', () => click(page, 'chpw-submit'))
    assert.equal(change.error, null, `ChangeOwn answered ${JSON.stringify(change.error)}`)
    await visible(page, 'app-shell', 15_000)
  })

  step('the agent: own profile, own e-mail locked, idle minutes in Preferences', async () => {
    const { page } = app
    await menu(page, 'user-menu', 'menu-profile')
    await visible(page, 'profile-header', 15_000)
    await visible(page, 'tab-preferences', 5000)
    assert.equal(await page.locator(tid('profile-reset-password')).count(), 0)
    await click(page, 'profile-edit')
    await visible(page, 'details-form', 5000)
    assert.equal(await page.locator(`${tid('edit-email')} input`).isDisabled(), true, 'own e-mail is not editable')
    await shot('profile-own-edit-en')
    await click(page, 'details-cancel')
    await openTab('preferences')
    const saved = await app.replyTo('SetMyPreferences', () => choose(page, 'pref-idle', /10/))
    assert.deepEqual(saved.result, { notifyFrequency: 'immediately', idleMinutes: 10 })
    await shot('profile-own-prefs-en')
    await app.replyTo('SetPreferences', () => click(page, 'pref-theme-dark'))
    await openTab('history')
    await visible(page, 'history-table', 5000)
    await noSideScroll('own history, dark')
    await shot('profile-own-history-dark-en')
    await openTab('preferences')
    await app.replyTo('SetPreferences', () => click(page, 'pref-theme-system'))
  })

  step('auto-away: ten idle minutes set the agent away, the next mouse move brings them back', async () => {
    const { page } = app
    // The page's clock is faked from a reload on (the session lives in Go and survives it).
    await page.clock.install()
    await page.reload()
    await visible(page, 'app-shell', 15_000)
    await textUntil(page, 'presence-switch', (s) => s.includes('Online'), 'online before')
    const away = await app.replyTo('SetPresence', () => page.clock.fastForward('10:05'))
    assert.equal(away.error, null)
    assert.equal(away.result.user.presence, 'away')
    await textUntil(page, 'presence-switch', (s) => s.includes('Away'), 'away after ten idle minutes')
    const back = await app.replyTo('SetPresence', async () => {
      await page.mouse.move(600, 400)
      await page.mouse.move(640, 420)
    })
    assert.equal(back.result.user.presence, 'online')
    await textUntil(page, 'presence-switch', (s) => s.includes('Online'), 'online again')
  })

  step('the agent: no controls on another user, and Go refuses', async () => {
    const { page } = app
    // The user page is outside the agent's modules: the router sends them home…
    await page.evaluate((id) => { window.location.hash = `#/users/${id}` }, ids.admin)
    await until('sent away from /users/<id>', () => page.evaluate(() => window.location.hash), (h) => !h.includes('/users/'))
    assert.equal(await page.locator(tid('profile-edit')).count(), 0)
    // …and Go refuses the calls themselves.
    const denied = await page.evaluate(async (id) => {
      const out = {}
      for (const [name, call] of [
        ['Get', () => window.go.app.UsersService.Get(id)],
        ['Update', () => window.go.app.UsersService.Update(id, { phone: '+1 555 0000' })],
        ['SignIns', () => window.go.app.UsersService.SignIns(id, 0, 10)],
        ['ResetUser', () => window.go.app.PasswordsService.ResetUser({ userId: id, generate: true })],
      ]) {
        try {
          await call()
          out[name] = 'allowed'
        } catch (err) {
          out[name] = JSON.parse(err.message ?? String(err)).code
        }
      }
      return out
    }, ids.admin)
    assert.deepEqual(denied, { Get: 'permission_denied', Update: 'permission_denied', SignIns: 'permission_denied', ResetUser: 'permission_denied' })
    await signOut(page)
  })

  step("the Owner on the administrator's page: transfer ownership dialog (en, es)", async () => {
    const { page } = app
    const reply = await submitSignIn(app, OWNER.username, OWNER.password)
    assert.equal(reply.error, null)
    await visible(page, 'app-shell', 15_000)
    await openUserPage(ids.admin)
    await textUntil(page, 'profile-name', (s) => s === 'Ana Lozano', 'the admin page')
    await click(page, 'profile-transfer')
    await visible(page, 'transfer-confirm', 5000)
    await shot('profile-transfer-en')
    await page.keyboard.press('Escape')
    await page.locator(tid('transfer-confirm')).waitFor({ state: 'hidden', timeout: 5000 })
    await page.evaluate((id) => { window.location.hash = `#/users/${id}?edit=1` }, ids.admin)
    await visible(page, 'details-form', 5000)
    await menu(page, 'lang-switch', 'lang-es')
    await waitLang(page, 'es')
    await click(page, 'details-cancel')
    await click(page, 'profile-transfer')
    await visible(page, 'transfer-confirm', 5000)
    await shot('profile-transfer-es')
    await page.keyboard.press('Escape')
    await menu(page, 'user-menu', 'menu-profile')
    await visible(page, 'tab-security', 10_000)
    await noSideScroll('own profile es')
    await shot('profile-own-es')
  })
})
