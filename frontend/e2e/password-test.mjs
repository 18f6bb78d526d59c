// Own password: the Owner changes it from the user menu (a wrong current password and a reused
// one are refused with their messages), signs out, the old password no longer works and the new
// one does; "Forgot password?" without e-mail set up tells to ask an administrator.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import path from 'node:path'
import { after, before, describe } from 'node:test'
import {
  OWNER,
  ROOT,
  click,
  displayName,
  errorText,
  fill,
  menu,
  setupOwner,
  signOut,
  startApp,
  steps,
  submitSignIn,
  textUntil,
  tid,
  visible,
} from './harness.mjs'

const NEW_PASSWORD = 'Marigold#Lantern-7310-basalt'
const en = JSON.parse(fs.readFileSync(path.join(ROOT, 'frontend', 'src', 'i18n', 'locales', 'en.json'), 'utf8'))

describe('own password: change from the user menu, sign in with the new one', () => {
  let app
  const step = steps(() => app)

  before(async () => {
    app = await startApp('password')
  }, { timeout: 120_000 })
  after(async () => {
    await app?.stop()
  }, { timeout: 60_000 })

  async function change(current, password) {
    const { page } = app
    await fill(page, 'chpw-current', current)
    await fill(page, 'chpw-new', password)
    await fill(page, 'chpw-repeat', password)
    return app.replyTo('ChangeOwn', () => click(page, 'chpw-submit'))
  }

  step('setup creates the Owner and signs them in', async () => {
    await setupOwner(app, OWNER)
    await textUntil(app.page, 'shell-user-name', (s) => s.includes(displayName(OWNER)), 'the name in the shell')
  })

  step('the user menu opens the change-password page', async () => {
    await menu(app.page, 'user-menu', 'menu-change-password')
    await visible(app.page, 'chpw-current', 15_000)
    assert.equal(await app.page.locator(tid('chpw-forced')).count(), 0, 'not the forced change')
  })

  step('a wrong current password is refused under its field', async () => {
    const reply = await change('Not-the-password-42!', NEW_PASSWORD)
    assert.equal(reply.error?.code, 'invalid_credentials', `ChangeOwn answered ${JSON.stringify(reply.error)}`)
    const field = app.page.locator('[data-field="current"]')
    await field.getByText(en.password.currentWrong).waitFor({ state: 'visible', timeout: 10_000 })
  })

  step('the current password again is refused as reused', async () => {
    const reply = await change(OWNER.password, OWNER.password)
    assert.equal(reply.error?.code, 'password_policy', `ChangeOwn answered ${JSON.stringify(reply.error)}`)
    const codes = (reply.error.params?.failures ?? []).map((f) => f.code)
    assert.ok(codes.includes('reused'), `failures: ${JSON.stringify(codes)}`)
    await app.page.getByText(errorText('reused')).first().waitFor({ state: 'visible', timeout: 10_000 })
  })

  step('a new password is saved and the shell comes back', async () => {
    const reply = await change(OWNER.password, NEW_PASSWORD)
    assert.ok(!reply.error, `ChangeOwn answered ${JSON.stringify(reply.error)}`)
    await visible(app.page, 'app-shell', 15_000)
    await app.screenshot('password-changed')
  })

  step('after sign-out the old password fails and the new one signs in', async () => {
    await signOut(app.page)
    const old = await submitSignIn(app, OWNER.username, OWNER.password)
    assert.equal(old.error?.code, 'invalid_credentials', `SignIn with the old password: ${JSON.stringify(old.error)}`)
    const ok = await submitSignIn(app, OWNER.username, NEW_PASSWORD)
    assert.ok(!ok.error, `SignIn with the new password: ${JSON.stringify(ok.error)}`)
    await visible(app.page, 'app-shell', 20_000)
  })

  step('"Forgot password?" without e-mail set up tells to ask an administrator', async () => {
    await signOut(app.page)
    await click(app.page, 'signin-forgot')
    await textUntil(app.page, 'forgot-offline-note', (s) => s === en.forgot.offlineNote, 'the offline note')
    assert.equal(await app.page.locator(tid('forgot-request')).count(), 0, 'no request form')
  })

  step('the page raised no uncaught errors', async () => {
    assert.deepEqual(app.pageErrors.map((e) => e.message), [])
  })
})
