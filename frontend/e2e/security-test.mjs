// Access and security (F1.3–F1.5), as users click it: the Owner raises the password policy's
// minimum length and asks for a digit, and the next password form shows the new rules; the
// Owner's e-mail settings with a test e-mail that fails with its reason; an administrator
// whose role requires two-step sign-in is sent to its set-up page, scans (here: computes,
// RFC 6238 with node:crypto) the code from the shown key, confirms, keeps the recovery codes
// (saved as .txt through the save dialog), then signs in with password + code and with
// password + a recovery code. Screenshots in English and Spanish.
import assert from 'node:assert/strict'
import crypto from 'node:crypto'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe } from 'node:test'
import {
  OWNER, choose, click, fill, menu, setupOwner, signOut, startApp, steps, submitSignIn, text, textUntil, tid, until, visible, waitLang,
} from './harness.mjs'

const ADMIN = { firstName: 'Bruno', lastName: 'Salas', username: 'bsalas', email: 'bruno.salas@example.com', password: 'Copper-Lantern-Meadow-58' }

/** RFC 4648 base32 → bytes. */
function base32(s) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = ''
  for (const c of s.replace(/=+$/, '').toUpperCase()) {
    const v = alphabet.indexOf(c)
    if (v < 0) throw new Error(`not base32: ${c}`)
    bits += v.toString(2).padStart(5, '0')
  }
  const out = []
  for (let i = 0; i + 8 <= bits.length; i += 8) out.push(parseInt(bits.slice(i, i + 8), 2))
  return Buffer.from(out)
}

/** The RFC 6238 TOTP code (HMAC-SHA1, 30 s steps, 6 digits) of secret for step counter. */
function totp(secret, counter) {
  const msg = Buffer.alloc(8)
  msg.writeBigUInt64BE(BigInt(counter))
  const mac = crypto.createHmac('sha1', base32(secret)).update(msg).digest()
  const off = mac[mac.length - 1] & 0x0f
  const n = ((mac[off] & 0x7f) << 24) | (mac[off + 1] << 16) | (mac[off + 2] << 8) | mac[off + 3]
  return String(n % 1_000_000).padStart(6, '0')
}
const stepNow = () => Math.floor(Date.now() / 1000 / 30)

/** A local port nobody listens on. */
async function closedPort() {
  const srv = net.createServer()
  await new Promise((r) => srv.listen(0, '127.0.0.1', r))
  const { port } = srv.address()
  await new Promise((r) => srv.close(r))
  return port
}

describe('security: policy, e-mail, forced two-step sign-in, recovery codes', () => {
  let app
  let dialogDir
  let secret = ''
  let codes = []
  let usedStep = 0
  const step = steps(() => app)

  before(async () => {
    dialogDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plantel-e2e-security-dialogs-'))
    process.env.PLANTEL_E2E_DIALOG_DIR = dialogDir
    app = await startApp('security')
  }, { timeout: 120_000 })
  after(async () => {
    await app?.stop()
    if (dialogDir) fs.rmSync(dialogDir, { recursive: true, force: true })
  }, { timeout: 60_000 })

  step('the Owner sets a longer minimum and a digit rule; out-of-range values are refused under the field', async () => {
    const { page } = app
    await setupOwner(app)
    const got = await app.replyTo('GetPolicy', () => click(page, 'nav-settings'))
    assert.equal(got.error, null, `GetPolicy answered ${JSON.stringify(got.error)}`)
    assert.equal(got.result.password.minLength, 15)
    await visible(page, 'policy-minLength', 10_000)
    await fill(page, 'policy-minLength', '10')
    await click(page, 'policy-save')
    await until('the error under minimum length', () => page.locator('[data-field="minLength"] .n-form-item-feedback').innerText(),
      (s) => s.includes('Below 15 only when two-step sign-in is required for everyone'))
    await app.screenshot('security-policy-error-en')
    await fill(page, 'policy-minLength', '18')
    await click(page, 'policy-requireDigit')
    const reply = await app.replyTo('SetPolicy', () => click(page, 'policy-save'))
    assert.equal(reply.error, null, `SetPolicy answered ${JSON.stringify(reply.error)}`)
    assert.equal(reply.result.password.minLength, 18)
    assert.equal(reply.result.password.requireDigit, true)
    await page.waitForTimeout(400) // the tab's slide animation
    await app.screenshot('security-policy-en')
  })

  step('the next password form checks the new rules', async () => {
    const { page } = app
    await menu(page, 'user-menu', 'menu-change-password')
    await visible(page, 'chpw-new', 10_000)
    await app.replyTo('CheckPassword', () => fill(page, 'chpw-new', 'lantern-harbor'))
    await textUntil(page, 'policy-rule-too_short', (s) => s.includes('18'), 'the minimum of 18')
    await textUntil(page, 'policy-rule-needs_digit', (s) => s.length > 0, 'the digit rule')
    assert.equal(await page.locator(tid('policy-rule-needs_digit')).getAttribute('data-ok'), 'false')
    await click(page, 'chpw-cancel')
    await visible(page, 'app-shell', 10_000)
  })

  step('the e-mail tab: a test e-mail to a server that is not there fails with the reason', async () => {
    const { page } = app
    await app.replyTo('GetSMTP', async () => {
      await click(page, 'nav-settings')
      await page.locator('.n-tabs-tab', { hasText: 'E-mail' }).click()
    })
    await visible(page, 'smtp-host', 10_000)
    await fill(page, 'smtp-host', '127.0.0.1')
    await choose(page, 'smtp-tls', /^None/)
    await fill(page, 'smtp-port', String(await closedPort()))
    await fill(page, 'smtp-username', 'relay')
    await fill(page, 'smtp-password', 'Relay-Secret-4711')
    await fill(page, 'smtp-from', 'noreply@northwind.example')
    assert.equal(await page.locator(tid('smtp-test-send')).isDisabled(), true, 'test offered before saving')
    const saved = await app.replyTo('SetSMTP', () => click(page, 'smtp-save'))
    assert.equal(saved.error, null, `SetSMTP answered ${JSON.stringify(saved.error)}`)
    assert.equal(saved.result.passwordSet, true)
    assert.ok(!JSON.stringify(saved.result).includes('Relay-Secret-4711'), 'the SMTP password came back')
    await visible(page, 'smtp-password-set', 10_000)
    assert.equal(await page.locator(`${tid('smtp-password')} input`).inputValue(), '')
    const sent = await app.replyTo('SendTestMail', () => click(page, 'smtp-test-send'))
    assert.equal(sent.error?.code, 'mail_failed')
    assert.equal(sent.error?.params?.reason, 'connect')
    await textUntil(page, 'smtp-test-error', (s) => s.includes('could not be reached'), 'the reason of the failure')
    await page.waitForTimeout(400) // the tab's slide animation
    await app.screenshot('security-smtp-en')
  })

  step('the Owner requires two-step sign-in of administrators and adds one', async () => {
    const { page } = app
    const ids = await page.evaluate(async () => {
      const me = await window.go.app.SessionService.Me()
      const profiles = await window.go.app.ProfilesService.List()
      return { ws: me.workspaces[0].id, admin: profiles.find((p) => p.builtin && p.role === 'admin').id }
    })
    const created = await page.evaluate(([u, ids]) => window.go.app.UsersService.Create({
      firstName: u.firstName, lastName: u.lastName, username: u.username, email: u.email, language: 'en',
      profileId: ids.admin, workspaceIds: [ids.ws], active: true, password: u.password,
    }).then(() => 'ok', (e) => e.message), [ADMIN, ids])
    assert.equal(created, 'ok')
    await page.locator('.n-tabs-tab', { hasText: 'Security' }).click()
    await visible(page, 'policy-requireTwoFactorForAdmins', 10_000)
    await click(page, 'policy-requireTwoFactorForAdmins')
    // The Owner is an administrator too and has no second factor yet: the form says so.
    await visible(page, 'policy-self-2fa', 5000)
    const reply = await app.replyTo('SetPolicy', () => click(page, 'policy-save'))
    assert.equal(reply.error, null)
    assert.equal(reply.result.requireTwoFactorForAdmins, true)
    // ...and is taken to the set-up at once; the Owner leaves it for later and signs out.
    await visible(page, 'two-factor-setup-page', 15_000)
    await click(page, 'tfsetup-signout')
    await visible(page, 'signin-login', 15_000)
  })

  step('the administrator is sent to the set-up page and cannot go around it', async () => {
    const { page } = app
    const reply = await submitSignIn(app, ADMIN.username, ADMIN.password)
    assert.equal(reply.error, null, `SignIn answered ${JSON.stringify(reply.error)}`)
    assert.equal(reply.result.user.mustSetUpTwoFactor, true)
    await visible(page, 'two-factor-setup-page', 15_000)
    await page.evaluate(() => { location.hash = '#/users' })
    await until('the guard to keep the set-up page', () => page.evaluate(() => location.hash), (h) => h.includes('two-factor-setup'))
    await visible(page, 'two-factor-start', 10_000)
    await visible(page, 'two-factor-required-text', 10_000)
    await app.screenshot('two-factor-setup-en')
  })

  step('set-up: QR code and key, a wrong code, the right code, the recovery codes once', async () => {
    const { page } = app
    const enrolled = await app.replyTo('Enroll', () => click(page, 'two-factor-start'))
    assert.equal(enrolled.error, null)
    await visible(page, 'two-factor-qr', 10_000)
    const qr = await page.locator(tid('two-factor-qr')).evaluate((img) => ({ src: img.src.slice(0, 22), w: img.naturalWidth }))
    assert.equal(qr.src, 'data:image/png;base64,')
    assert.ok(qr.w > 100, `QR image ${qr.w}px wide`)
    secret = (await text(page, 'two-factor-secret')).replace(/\s+/g, '')
    assert.match(secret, /^[A-Z2-7]{16,}$/)
    await app.screenshot('two-factor-enrol-en')

    await fill(page, 'two-factor-code', '000000')
    const wrong = await app.replyTo('Confirm', () => click(page, 'two-factor-confirm'))
    assert.equal(wrong.error?.code, 'code_invalid')
    await until('the wrong-code message', () => page.locator(tid('two-factor-card')).innerText(), (s) => s.includes('The code is not correct.'))

    usedStep = stepNow()
    await fill(page, 'two-factor-code', totp(secret, usedStep))
    const ok = await app.replyTo('Confirm', () => click(page, 'two-factor-confirm'))
    assert.equal(ok.error, null, `Confirm answered ${JSON.stringify(ok.error)}`)
    await visible(page, 'two-factor-codes', 10_000)
    codes = await page.locator(tid('recovery-code')).allInnerTexts()
    assert.equal(codes.length, 10)
    await app.screenshot('two-factor-codes-en')

    const saved = await app.replyTo('SaveRecoveryCodes', () => click(page, 'two-factor-save'))
    assert.equal(saved.error, null, `SaveRecoveryCodes answered ${JSON.stringify(saved.error)}`)
    const file = fs.readFileSync(saved.result.path, 'utf8')
    for (const c of codes) assert.ok(file.includes(c), `${c} missing from the saved file`)
    assert.match(file, /recovery codes for bsalas/)

    await click(page, 'two-factor-done')
    await visible(page, 'app-shell', 15_000)
    await signOut(page)
  })

  step('sign-in asks for the code: the authenticator code opens the session', async () => {
    const { page } = app
    const first = await submitSignIn(app, ADMIN.username, ADMIN.password)
    assert.equal(first.error?.code, 'two_factor_required')
    await visible(page, 'signin-2fa-code', 10_000)
    // The code of the step after the one used to confirm: a code is never accepted twice.
    await fill(page, 'signin-2fa-code', totp(secret, Math.max(stepNow(), usedStep + 1)))
    const reply = await app.replyTo('SignInSecondFactor', () => click(page, 'signin-2fa-submit'))
    assert.equal(reply.error, null, `SignInSecondFactor answered ${JSON.stringify(reply.error)}`)
    await visible(page, 'app-shell', 15_000)
    await signOut(page)
  })

  step('a recovery code opens the session once; the card then counts nine', async () => {
    const { page } = app
    await submitSignIn(app, ADMIN.username, ADMIN.password)
    await visible(page, 'signin-2fa-code', 10_000)
    await fill(page, 'signin-2fa-code', codes[3])
    const reply = await app.replyTo('SignInSecondFactor', () => click(page, 'signin-2fa-submit'))
    assert.equal(reply.error, null, `SignInSecondFactor with a recovery code answered ${JSON.stringify(reply.error)}`)
    await visible(page, 'app-shell', 15_000)
    const st = await page.evaluate(() => window.go.app.TwoFactorService.Status())
    assert.deepEqual(st, { enabled: true, pending: false, required: true, recoveryCodesLeft: 9 })
    await signOut(page)

    await submitSignIn(app, ADMIN.username, ADMIN.password)
    await visible(page, 'signin-2fa-code', 10_000)
    await fill(page, 'signin-2fa-code', codes[3])
    const again = await app.replyTo('SignInSecondFactor', () => click(page, 'signin-2fa-submit'))
    assert.equal(again.error?.code, 'code_invalid', 'a used recovery code worked twice')
  })

  step('in Spanish: the Owner is now required too, and sees the set-up page and the settings in Spanish', async () => {
    const { page } = app
    await click(page, 'signin-2fa-back')
    const reply = await submitSignIn(app, OWNER.username, OWNER.password)
    assert.equal(reply.error, null)
    assert.equal(reply.result.user.mustSetUpTwoFactor, true, 'the Owner is an administrator too')
    await visible(page, 'two-factor-setup-page', 15_000)
    // Go refuses everything but the set-up here, so the picker changes this window's language only.
    await choose(page, 'tfsetup-language', /^Español/)
    await waitLang(page, 'es')
    await visible(page, 'two-factor-start', 15_000)
    await app.screenshot('two-factor-setup-es')
    await click(page, 'two-factor-start')
    await visible(page, 'two-factor-qr', 10_000)
    await app.screenshot('two-factor-enrol-es')
    await fill(page, 'two-factor-code', totp((await text(page, 'two-factor-secret')).replace(/\s+/g, ''), stepNow()))
    await app.replyTo('Confirm', () => click(page, 'two-factor-confirm'))
    await visible(page, 'two-factor-codes', 10_000)
    await app.screenshot('two-factor-codes-es')
    await click(page, 'two-factor-done')
    await visible(page, 'app-shell', 15_000)
    await app.replyTo('SetPreferences', () => menu(page, 'lang-switch', 'lang-es'))
    await waitLang(page, 'es')
    await app.replyTo('GetPolicy', () => click(page, 'nav-settings'))
    await visible(page, 'policy-minLength', 10_000)
    await page.waitForTimeout(400) // the tab's slide animation
    await app.screenshot('security-policy-es')
    await app.replyTo('GetSMTP', () => page.locator('.n-tabs-tab', { hasText: 'Correo' }).click())
    await visible(page, 'smtp-host', 10_000)
    await page.waitForTimeout(400) // the tab's slide animation
    await app.screenshot('security-smtp-es')
  })
})
