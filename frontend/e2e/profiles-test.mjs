// Profiles (F3.2–F3.4), as an Owner clicks it: a new agent profile with an icon and modules,
// shown with an orange icon; given to a new user through the create-user dialog; refused for
// deletion while that user has it (with the way to the users), deleted once they are moved;
// the built-in profiles' names in Spanish. Screenshots in English and Spanish.
import assert from 'node:assert/strict'
import { after, before, describe } from 'node:test'
import { choose, click, field, fill, menu, setupOwner, startApp, steps, textUntil, tid, until, visible, waitLang } from './harness.mjs'

const PROFILE = { name: 'Retention agents', description: 'Agents who call back customers about to cancel' }
const NEW_USER = { firstName: 'Lucía', lastName: 'Benítez', username: 'lbenitez', email: 'lucia.benitez@example.com', password: 'Marble-Canyon-7316!' }
const row = (name) => `${tid('profile-row')}[data-profile-name="${name}"]`

/** Whether the Naive UI checkbox with that testid is checked / disabled. */
async function checkbox(page, id) {
  const cls = (await page.locator(tid(id)).first().getAttribute('class')) || ''
  return { checked: cls.includes('n-checkbox--checked'), disabled: cls.includes('n-checkbox--disabled') }
}

describe('profiles: create, use, delete guard, translated built-ins', () => {
  let app
  let profiles = []
  let created
  let userId
  const step = steps(() => app)

  before(async () => {
    app = await startApp('profiles')
  }, { timeout: 120_000 })
  after(async () => {
    await app?.stop()
  }, { timeout: 60_000 })

  step('the Profiles page lists the two built-in profiles', async () => {
    const { page } = app
    await setupOwner(app)
    const reply = await app.replyTo('ProfilesService.List', () => click(page, 'nav-profiles'))
    assert.equal(reply.error, null, `List answered ${JSON.stringify(reply.error)}`)
    profiles = reply.result
    await visible(page, 'profiles-page', 15_000)
    await visible(page, 'profile-row', 15_000)
    assert.equal(await page.locator(tid('profile-row')).count(), 2)
    assert.equal(await page.locator(`${row('Administrator')} ${tid('profile-icon')}`).getAttribute('data-color'), '#70C0E8')
    assert.equal(await page.locator(`${row('Agent')} ${tid('profile-icon')}`).getAttribute('data-color'), '#F0A020')
    assert.equal(await page.locator(`${row('Agent')} ${tid('profile-builtin')}`).count(), 1)
    assert.equal(await page.locator(`${row('Agent')} ${tid('profile-delete')}`).isDisabled(), true, 'a built-in profile offers delete')
  })

  step('a new agent profile: icon, 75-character description, Workspace forced, modules', async () => {
    const { page } = app
    await click(page, 'profiles-new')
    await visible(page, 'profile-name', 10_000)
    await fill(page, 'profile-name', PROFILE.name)
    await click(page, 'profile-icon-trophy')
    assert.equal(await page.locator(tid('profile-icon-trophy')).getAttribute('aria-checked'), 'true')

    await fill(page, 'profile-description', 'x'.repeat(80))
    await textUntil(page, 'profile-description-count', (s) => s === '80 / 75', 'the counter to show 80 / 75')
    assert.match((await page.locator(tid('profile-description-count')).getAttribute('class')) || '', /over/)
    await fill(page, 'profile-description', PROFILE.description)
    await textUntil(page, 'profile-description-count', (s) => s === `${[...PROFILE.description].length} / 75`, 'the counter to follow')

    assert.equal(await page.locator(tid('profile-module-workspace')).count(), 0, 'no Workspace module (issue 11)')
    assert.equal((await checkbox(page, 'profile-module-users')).disabled, true, 'Users is for administrator profiles')
    assert.equal(await page.locator(tid('profile-module-users')).getAttribute('data-lock'), 'adminOnly')
    await click(page, 'profile-module-teams')
    assert.equal((await checkbox(page, 'profile-module-teams')).checked, true)
    await page.waitForTimeout(400) // let the drawer and checkbox transitions end
    await app.screenshot('profiles-form-en')

    const reply = await app.replyTo('Create', () => click(page, 'profile-save'))
    assert.equal(reply.error, null, `Create answered ${JSON.stringify(reply.error)}`)
    created = reply.result
    assert.equal(created.role, 'agent')
    assert.equal(created.icon, 'trophy')
    assert.deepEqual(created.modules, ['teams', 'clients', 'agenda'])
    await visible(page, 'profile-row', 10_000)
    await page.locator(row(PROFILE.name)).waitFor({ state: 'visible', timeout: 10_000 })
    const icon = page.locator(`${row(PROFILE.name)} ${tid('profile-icon')}`)
    assert.equal(await icon.getAttribute('data-color'), '#F0A020', 'agent profiles are orange')
    const tags = await page.locator(`${row(PROFILE.name)} [data-module]`).evaluateAll((els) => els.map((e) => e.getAttribute('data-module')))
    assert.deepEqual(tags, ['teams', 'clients', 'agenda'])
    await page.locator(tid('profile-name')).waitFor({ state: 'hidden', timeout: 5000 })
    await app.screenshot('profiles-en')
  })

  step('the create-user dialog offers the new profile and the user gets it', async () => {
    const { page } = app
    await app.replyTo('List', () => click(page, 'nav-users'))
    await click(page, 'users-new')
    await visible(page, 'create-first-name', 10_000)
    await fill(page, 'create-first-name', NEW_USER.firstName)
    await app.replyTo('ProposeUsername', () => fill(page, 'create-last-name', NEW_USER.lastName))
    await until('the username proposal', () => field(page, 'create-username').inputValue(), (v) => v === NEW_USER.username)
    await fill(page, 'create-email', NEW_USER.email)
    await choose(page, 'create-profile', /^Retention agents$/)
    await fill(page, 'create-password', NEW_USER.password)
    const reply = await app.replyTo('Create', () => click(page, 'create-submit'))
    assert.equal(reply.error, null, `Create user answered ${JSON.stringify(reply.error)}`)
    userId = reply.result
    await visible(page, `users-row-${NEW_USER.username}`, 15_000)
  })

  step('the profile in use cannot be deleted: the window says who has it and links to them', async () => {
    const { page } = app
    await app.replyTo('ProfilesService.List', () => click(page, 'nav-profiles'))
    await page.locator(row(PROFILE.name)).waitFor({ state: 'visible', timeout: 10_000 })
    assert.equal((await page.locator(`${row(PROFILE.name)} ${tid('profile-users')}`).innerText()).trim(), '1')
    await page.locator(`${row(PROFILE.name)} ${tid('profile-delete')}`).click()
    await textUntil(page, 'profile-in-use-text', (s) => s.includes('Retention agents') && s.includes('1'), 'the in-use message')
    await app.screenshot('profiles-in-use-en')
    await click(page, 'profile-in-use-users')
    await until('the user list filtered by the profile', () => page.evaluate(() => location.hash), (h) => h.includes(`profileId=${created.id}`))
    await visible(page, 'users-page', 10_000)
  })

  step('Go refuses the deletion too (profile_in_use with the count)', async () => {
    const { page } = app
    const res = await page.evaluate((id) => window.go.app.ProfilesService.Delete(id).then(() => null, (e) => e.message), created.id)
    assert.ok(res, 'Delete of a profile in use succeeded')
    assert.deepEqual(JSON.parse(res), { code: 'profile_in_use', params: { users: 1 } })
  })

  step('once the user is moved to another profile, the profile is deleted', async () => {
    const { page } = app
    // The user edit form belongs to the user page; the move goes through its bound method.
    const agent = profiles.find((p) => p.builtin && p.role === 'agent')
    const moved = await page.evaluate(([id, profileId]) => window.go.app.UsersService.Update(id, { profileId }).then(() => 'ok', (e) => e.message), [userId, agent.id])
    assert.equal(moved, 'ok')
    await app.replyTo('ProfilesService.List', () => click(page, 'nav-profiles'))
    await page.locator(row(PROFILE.name)).waitFor({ state: 'visible', timeout: 10_000 })
    assert.equal((await page.locator(`${row(PROFILE.name)} ${tid('profile-users')}`).innerText()).trim(), '0')
    await page.locator(`${row(PROFILE.name)} ${tid('profile-delete')}`).click()
    await visible(page, 'profile-delete-confirm', 10_000)
    const reply = await app.replyTo('Delete', () => click(page, 'profile-delete-confirm'))
    assert.equal(reply.error, null, `Delete answered ${JSON.stringify(reply.error)}`)
    await page.locator(row(PROFILE.name)).waitFor({ state: 'detached', timeout: 10_000 })
    assert.equal(await page.locator(tid('profile-row')).count(), 2)
  })

  step('in Spanish the built-in profiles are named in Spanish', async () => {
    const { page } = app
    await app.replyTo('SetPreferences', () => menu(page, 'lang-switch', 'lang-es'))
    await waitLang(page, 'es')
    const names = await until('translated built-in names', () => page.locator(tid('profile-name-cell')).allInnerTexts(),
      (v) => v.includes('Administrador') && v.includes('Agente'))
    assert.ok(!names.includes('Agent'), `untranslated: ${names}`)
    await app.screenshot('profiles-es')
    await page.locator(`${row('Agent')} ${tid('profile-edit')}`).click()
    await visible(page, 'profile-name', 10_000)
    assert.equal(await field(page, 'profile-name').inputValue(), 'Agente')
    await page.waitForTimeout(400)
    await app.screenshot('profiles-form-es')
    // Saving the untouched built-in keeps its stored name.
    const reply = await app.replyTo('Update', () => click(page, 'profile-save'))
    assert.equal(reply.error, null, `Update answered ${JSON.stringify(reply.error)}`)
    assert.equal(reply.result.name, 'Agent')
  })
})
