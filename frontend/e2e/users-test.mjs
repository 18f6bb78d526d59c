// Users (F2), as an Owner clicks it: the list, a new user with a proposed username and an
// initial password, search as you type, and deactivation; screenshots in English and Spanish.
import assert from 'node:assert/strict'
import { after, before, describe } from 'node:test'
import { choose, click, fill, field, menu, setupOwner, startApp, steps, textUntil, tid, until, visible, waitLang } from './harness.mjs'

const NEW_USER = {
  firstName: 'José',
  lastName: 'Núñez',
  username: 'jnunez',
  email: 'jose.nunez@example.com',
  password: 'Lemon-Harbor-2931!',
}

describe('users: create, search, deactivate', () => {
  let app
  const step = steps(() => app)

  before(async () => {
    app = await startApp('users')
  }, { timeout: 120_000 })
  after(async () => {
    await app?.stop()
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

    reply = await app.replyTo('List', () => fill(page, 'users-search', 'zzz'))
    assert.equal(reply.result?.total, 0)
    await visible(page, 'users-empty', 10_000)
    assert.equal(await page.locator('[data-testid^="users-row-"]').count(), 0)

    await app.replyTo('List', () => fill(page, 'users-search', ''))
    await visible(page, 'users-row-jnunez', 10_000)
  })

  step('deactivating the user shows them inactive', async () => {
    const { page } = app
    await menu(page, 'user-actions-jnunez', 'user-action-deactivate-jnunez')
    await visible(page, 'deactivate-confirm', 10_000)
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

  step('the page raised no uncaught errors', async () => {
    assert.deepEqual(app.pageErrors.map((e) => e.message), [])
  })
})
