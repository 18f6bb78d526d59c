// Session: a reload keeps the signed-in session; a wrong login and a wrong password get the same
// message (the sign-in page never tells whether an account exists); ten wrong passwords lock
// the account, and then even the right password shows the locked message.
import assert from 'node:assert/strict'
import { after, before, describe } from 'node:test'
import {
  OWNER,
  displayName,
  errorText,
  looksRaw,
  setupOwner,
  signOut,
  startApp,
  steps,
  submitSignIn,
  textUntil,
  tid,
  visible,
} from './harness.mjs'

const LOCK_AFTER = 10 // wrong passwords in a row that lock an account

describe('session: reload, unknown login, lockout', () => {
  let app
  const step = steps(() => app)
  let wrongPasswordMsg = ''

  before(async () => {
    app = await startApp('session')
  }, { timeout: 120_000 })
  after(async () => {
    await app?.stop()
  }, { timeout: 60_000 })

  /** Reloads (so no earlier message is on screen), submits, returns the reply and the message. */
  async function failedSignIn(login, password) {
    await app.page.reload()
    const reply = await submitSignIn(app, login, password)
    const msg = await textUntil(app.page, 'signin-error', (s) => s.length > 0, 'a non-empty signin-error')
    return { reply, msg }
  }

  step('setup creates the Owner and signs them in', async () => {
    await setupOwner(app, OWNER)
    await textUntil(app.page, 'shell-user-name', (s) => s.includes(displayName(OWNER)), 'the name in the shell')
  })

  step('a reload after sign-in keeps the session', async () => {
    const { page } = app
    await page.reload()
    await visible(page, 'app-shell', 20_000)
    await textUntil(page, 'shell-user-name', (s) => s.includes(displayName(OWNER)), 'the name in the shell after reload')
    assert.equal(await page.locator(tid('signin-login')).count(), 0, 'no sign-in page after reload')
  })

  step('a reload after sign-out stays signed out', async () => {
    const { page } = app
    await signOut(page)
    await page.reload()
    await visible(page, 'signin-login', 20_000)
    assert.equal(await page.locator(tid('app-shell')).count(), 0, 'no shell after reload')
  })

  step("a reload paints the sign-in page saved at the last start before the app's code runs, and what is typed on it signs in", async () => {
    const { page } = app
    // The app's code (the chunk main.ts loads after the first paint) is held back: all that can
    // be on screen is the copy public/prepaint.js put there from the last sign-in page.
    let release = () => {}
    const held = new Promise((resolve) => { release = resolve })
    const hold = async (route) => {
      await held
      await route.continue()
    }
    const APP_CODE = '**/assets/app-*.js'
    await page.route(APP_CODE, hold)
    try {
      await page.reload({ waitUntil: 'domcontentloaded' })
      await page.locator(`#prepaint ${tid('signin-login')} input`).waitFor({ state: 'visible', timeout: 20_000 })
      assert.equal(await page.locator(`#app ${tid('signin-login')}`).count(), 0, 'the app has not rendered its own page yet')
      assert.ok(await page.locator(`#prepaint ${tid('signin-submit')}`).isVisible(), 'the saved page shows its button')
      await app.screenshot('signin-saved-copy')
      // The login box has focus, as on the real page; the person types and presses Enter.
      await page.keyboard.type(OWNER.username)
      await page.keyboard.press('Tab')
      await page.keyboard.type(OWNER.password)
      await page.keyboard.press('Enter')
      assert.equal(await page.locator(tid('app-shell')).count(), 0, 'nothing signs in before the app runs')
      const reply = await app.replyTo('SignIn', async () => release(), 30_000)
      assert.ok(!reply.error, `SignIn answered ${JSON.stringify(reply.error)}`)
    } finally {
      release()
      await page.unroute(APP_CODE, hold)
    }
    await textUntil(page, 'shell-user-name', (s) => s.includes(displayName(OWNER)), 'the name in the shell')
    assert.equal(await page.locator('#prepaint').count(), 0, 'the saved copy is gone')
    await signOut(page)
  })

  step('an unknown login gets the same message as a wrong password', async () => {
    const unknown = await failedSignIn('nobody-here', 'Not-the-password-42!')
    assert.equal(unknown.reply.error?.code, 'invalid_credentials', `SignIn answered ${JSON.stringify(unknown.reply.error)}`)
    const wrong = await failedSignIn(OWNER.username, 'Not-the-password-42!')
    assert.equal(wrong.reply.error?.code, 'invalid_credentials', `SignIn answered ${JSON.stringify(wrong.reply.error)}`)
    assert.ok(!looksRaw(wrong.msg), `signin-error shows a raw code: "${wrong.msg}"`)
    assert.equal(unknown.msg, wrong.msg, 'the same message for an unknown login and a wrong password')
    assert.equal(wrong.msg, errorText('invalid_credentials'), 'the English text of errors.invalid_credentials')
    wrongPasswordMsg = wrong.msg
  })

  step(`${LOCK_AFTER} wrong passwords lock the account, and the locked message shows`, async () => {
    // One wrong password was typed in the previous step.
    for (let i = 2; i <= LOCK_AFTER; i++) {
      const reply = await submitSignIn(app, OWNER.username, `Wrong-password-${i}!`)
      assert.ok(reply.error, `attempt ${i} with a wrong password was accepted`)
      assert.ok(
        ['invalid_credentials', 'account_locked'].includes(reply.error.code),
        `attempt ${i}: SignIn answered ${JSON.stringify(reply.error)}`,
      )
    }
    const locked = await failedSignIn(OWNER.username, OWNER.password)
    assert.equal(locked.reply.error?.code, 'account_locked', `the right password while locked: ${JSON.stringify(locked.reply.error)}`)
    assert.ok(!looksRaw(locked.msg), `signin-error shows a raw code: "${locked.msg}"`)
    assert.notEqual(locked.msg, wrongPasswordMsg, 'the locked message differs from the wrong-password one')
    assert.equal(locked.msg, errorText('account_locked', locked.reply.error.params), 'the English text of errors.account_locked')
    assert.equal(await app.page.locator(tid('app-shell')).count(), 0, 'still signed out')
    await app.screenshot('signin-locked')
  })

  step('the page raised no uncaught errors', async () => {
    assert.deepEqual(app.pageErrors.map((e) => e.message), [])
  })
})
