// Foundation, as a supervisor clicks it: first run on a fresh database (setup form with live
// password-policy feedback), the Owner's shell, sign-out, a wrong password, sign-in, and the
// language switch that is saved with the user.
import assert from 'node:assert/strict'
import { after, before, describe } from 'node:test'
import {
  OWNER,
  click,
  displayName,
  errorText,
  fill,
  fillSetup,
  htmlLang,
  looksRaw,
  menu,
  signOut,
  startApp,
  steps,
  submitSignIn,
  text,
  textUntil,
  tid,
  until,
  visible,
  waitLang,
} from './harness.mjs'

describe('foundation: first run, sign-in, language', () => {
  let app
  const step = steps(() => app)
  let englishUsers = ''

  before(async () => {
    app = await startApp('foundation')
  }, { timeout: 120_000 })
  after(async () => {
    await app?.stop()
  }, { timeout: 60_000 })

  step('a fresh database opens the setup page', async () => {
    const { page } = app
    await visible(page, 'setup-org', 20_000)
    assert.equal(await page.locator(tid('app-shell')).count(), 0, 'no shell before setup')
    assert.equal(await page.locator(tid('signin-login')).count(), 0, 'no sign-in before setup')
    await app.screenshot('setup-page')
  })

  step('the setup form checks the password policy while it is typed', async () => {
    const { page } = app
    await fillSetup(page, OWNER)
    const rule = page.locator(tid('policy-rule-too_short')).first()

    await fill(page, 'setup-password', 'abc1')
    await rule.waitFor({ state: 'visible' })
    await until('policy-rule-too_short data-ok="false" for a short password', () => rule.getAttribute('data-ok'), (v) => v === 'false')

    await fill(page, 'setup-password', OWNER.password)
    await until('policy-rule-too_short data-ok="true" for a long password', () => rule.getAttribute('data-ok'), (v) => v === 'true')
    await fill(page, 'setup-password-repeat', OWNER.password)
    await app.screenshot('setup-filled')
  })

  step('submitting creates the Owner and opens the shell with their name', async () => {
    const { page } = app
    const reply = await app.replyTo('Setup', () => click(page, 'setup-submit'))
    assert.equal(reply.error, null, `Setup answered ${JSON.stringify(reply.error)}`)
    await visible(page, 'app-shell', 20_000)
    await textUntil(page, 'shell-user-name', (s) => s.includes(displayName(OWNER)), `shell-user-name to show "${displayName(OWNER)}"`)
    assert.equal(await htmlLang(page), 'en')
    englishUsers = await text(page, 'nav-users')
    assert.ok(englishUsers, 'nav-users has a label')
    // A first-run home says what to do next, not an empty page: nothing is done yet.
    await visible(page, 'home-next-steps', 10_000)
    for (const key of ['people', 'profiles', 'teams', 'campaigns', 'clients']) {
      assert.equal(await page.locator(tid(`home-step-${key}`)).getAttribute('data-done'), 'false', `${key} not done yet`)
    }
    await app.screenshot('shell-en')
  })

  step('signing out shows the sign-in page', async () => {
    await signOut(app.page)
    assert.equal(await app.page.locator(tid('app-shell')).count(), 0, 'the shell is gone')
  })

  step('a wrong password shows a translated error', async () => {
    const { page } = app
    const reply = await submitSignIn(app, OWNER.username, 'Not-the-password-42!')
    assert.equal(reply.error?.code, 'invalid_credentials', `SignIn answered ${JSON.stringify(reply.error)}`)
    const msg = await textUntil(page, 'signin-error', (s) => s.length > 0, 'a non-empty signin-error')
    assert.ok(!looksRaw(msg), `signin-error shows a raw code: "${msg}"`)
    assert.equal(msg, errorText('invalid_credentials'), "signin-error shows the English text of errors.invalid_credentials")
    assert.equal(await htmlLang(page), 'en')
    assert.equal(await page.locator(tid('app-shell')).count(), 0, 'still signed out')
    await app.screenshot('signin-wrong-password')
  })

  step('the right password signs in and the shell shows the name', async () => {
    const { page } = app
    const reply = await submitSignIn(app, OWNER.username, OWNER.password)
    assert.equal(reply.error, null, `SignIn answered ${JSON.stringify(reply.error)}`)
    await visible(page, 'app-shell', 20_000)
    await textUntil(page, 'shell-user-name', (s) => s.includes(displayName(OWNER)), `shell-user-name to show "${displayName(OWNER)}"`)
  })

  step('switching to Spanish translates the shell', async () => {
    const { page } = app
    const reply = await app.replyTo('SetPreferences', () => menu(page, 'lang-switch', 'lang-es'))
    assert.equal(reply.error, null, `SetPreferences answered ${JSON.stringify(reply.error)}`)
    await waitLang(page, 'es')
    const spanish = await textUntil(page, 'nav-users', (s) => s.length > 0 && s !== englishUsers, `nav-users to change from "${englishUsers}"`)
    assert.notEqual(spanish, englishUsers)
    await app.screenshot('shell-es')
  })

  step('Spanish is saved: it stays after signing out and in', async () => {
    const { page } = app
    await signOut(page)
    const reply = await submitSignIn(app, OWNER.username, OWNER.password)
    assert.equal(reply.error, null, `SignIn answered ${JSON.stringify(reply.error)}`)
    assert.equal(reply.result?.user?.language, 'es', 'SignIn returns the saved language')
    await visible(page, 'app-shell', 20_000)
    await waitLang(page, 'es')
    await textUntil(page, 'nav-users', (s) => s.length > 0 && s !== englishUsers, 'nav-users in Spanish')
  })

  step('switching back to English', async () => {
    const { page } = app
    const reply = await app.replyTo('SetPreferences', () => menu(page, 'lang-switch', 'lang-en'))
    assert.equal(reply.error, null, `SetPreferences answered ${JSON.stringify(reply.error)}`)
    await waitLang(page, 'en')
    await textUntil(page, 'nav-users', (s) => s === englishUsers, `nav-users to read "${englishUsers}" again`)
  })

  step('English is saved: it stays after signing out and in', async () => {
    const { page } = app
    await signOut(page)
    const reply = await submitSignIn(app, OWNER.username, OWNER.password)
    assert.equal(reply.error, null, `SignIn answered ${JSON.stringify(reply.error)}`)
    assert.equal(reply.result?.user?.language, 'en', 'SignIn returns the saved language')
    await visible(page, 'app-shell', 20_000)
    await waitLang(page, 'en')
    await textUntil(page, 'shell-user-name', (s) => s.includes(displayName(OWNER)), 'the name in the shell')
    assert.equal(await text(page, 'nav-users'), englishUsers)
  })

  step('the page raised no uncaught errors', async () => {
    assert.deepEqual(app.pageErrors.map((e) => e.message), [])
  })
})
