// Workspaces, teams and campaigns (F10, F6, F7), as an Owner and an Administrator click it:
// a new workspace in Settings, users through the new-user dialog, a team with members and a
// leader through the dual list, a campaign with members, per-member role and channels and a
// whole team added, an administrator who is not a member sees the campaign read-only (F7.3),
// and the user page's Campaigns tab. Screenshots of each screen in Spanish and Polish.
import assert from 'node:assert/strict'
import { after, before, describe } from 'node:test'
import {
  OWNER, choose, click, fill, field, menu, setupOwner, signOut, startApp, steps, submitSignIn, textUntil, tid, until,
  visible, waitLang,
} from './harness.mjs'

const PASSWORD = 'Lemon-Harbor-2931!'
const PEOPLE = [
  { firstName: 'Ana', lastName: 'Ruiz', username: 'aruiz', profile: /^Agent/ },
  { firstName: 'Bruno', lastName: 'Ortiz', username: 'bortiz', profile: /^Agent/ },
  { firstName: 'Carla', lastName: 'Díaz', username: 'cdiaz', profile: /^Agent/ },
  { firstName: 'Dana', lastName: 'Vidal', username: 'dvidal', profile: /^Administrator/ },
  { firstName: 'Emil', lastName: 'Nowak', username: 'enowak', profile: /^Administrator/ },
]

describe('org: workspaces, teams, campaigns', () => {
  let app
  const step = steps(() => app)
  const ids = {}

  before(async () => {
    app = await startApp('org')
  }, { timeout: 120_000 })
  after(async () => {
    await app?.stop()
  }, { timeout: 60_000 })

  /** Opens a module from the side navigation and waits for its list call. */
  async function openModule(module, service) {
    const reply = await app.replyTo(`${service}.List`, () => click(app.page, `nav-${module}`))
    assert.equal(reply.error, null, `${service}.List answered ${JSON.stringify(reply.error)}`)
    return reply
  }

  async function closeDrawer(testid) {
    await app.page.keyboard.press('Escape')
    await app.page.locator(tid(testid)).first().waitFor({ state: 'hidden', timeout: 5000 })
  }

  /** Moves users to the "selected" side of the dual list by clicking them on the available side. */
  async function pick(drawer, usernames) {
    for (const u of usernames) {
      const item = app.page.locator(`${tid(drawer)} .n-transfer-list--source [data-user="${u}"]`).first()
      await item.waitFor({ state: 'visible', timeout: 10_000 })
      await item.click()
      await app.page.locator(`${tid(drawer)} .n-transfer-list--target [data-user="${u}"]`).first().waitFor({ state: 'visible', timeout: 5000 })
    }
  }

  /** A screenshot once drawers, tabs and spinners have finished their transitions. */
  async function shot(name) {
    await app.page.waitForTimeout(500)
    await app.screenshot(name)
  }

  async function setLanguage(lang) {
    const reply = await app.replyTo('SetPreferences', () => menu(app.page, 'lang-switch', `lang-${lang}`))
    assert.equal(reply.error, null)
    await waitLang(app.page, lang)
  }

  step('first run, then the users through the new-user dialog', async () => {
    const { page } = app
    await setupOwner(app)
    await openModule('users', 'UsersService')
    for (const u of PEOPLE) {
      await click(page, 'users-new')
      await visible(page, 'create-first-name', 10_000)
      await fill(page, 'create-first-name', u.firstName)
      await app.replyTo('ProposeUsername', () => fill(page, 'create-last-name', u.lastName))
      await fill(page, 'create-username', u.username)
      await fill(page, 'create-email', `${u.username}@example.com`)
      await choose(page, 'create-profile', u.profile)
      await fill(page, 'create-password', PASSWORD)
      const reply = await app.replyTo('UsersService.Create', () => click(page, 'create-submit'))
      assert.equal(reply.error, null, `Create ${u.username} answered ${JSON.stringify(reply.error)}`)
      ids[u.username] = reply.result
      await page.locator(tid('create-first-name')).waitFor({ state: 'hidden', timeout: 5000 })
      await visible(page, `users-row-${u.username}`, 10_000)
    }
  }, { timeout: 120_000 })

  step('Settings › Workspaces: the Owner creates a workspace', async () => {
    const { page } = app
    await click(page, 'nav-settings')
    await page.locator('.n-tabs-tab[data-name="workspaces"]').click()
    await visible(page, 'workspace-new-name', 10_000)
    await fill(page, 'workspace-new-name', 'North site')
    const reply = await app.replyTo('WorkspacesService.Create', () => click(page, 'workspace-create'))
    assert.equal(reply.error, null, `Create answered ${JSON.stringify(reply.error)}`)
    await until('two workspaces listed', () => page.locator(tid('workspace-name')).allInnerTexts(),
      (names) => names.length === 2 && names.some((n) => n.includes('North site')))
    // A second one with the same name is refused, translated.
    await fill(page, 'workspace-new-name', 'north SITE')
    const dup = await app.replyTo('WorkspacesService.Create', () => click(page, 'workspace-create'))
    assert.equal(dup.error?.code, 'conflict_unique')
    await visible(page, 'workspace-create-error', 5000)
    await fill(page, 'workspace-new-name', '')
    // Archive it: the dialog says what it holds; it stays listed for the Owner, marked archived.
    const north = page.locator('tr', { has: page.locator(tid('workspace-name'), { hasText: 'North site' }) })
    await north.locator(tid('workspace-archive')).click()
    await visible(page, 'confirm-archive', 5000)
    const archived = await app.replyTo('WorkspacesService.SetArchived', () => click(page, 'confirm-archive'))
    assert.equal(archived.error, null)
    assert.equal(archived.result.archived, true)
    await until('North site marked archived', () => north.locator(tid('workspace-name')).getAttribute('data-archived'), (v) => v === 'true')
    // Archived workspaces leave the pickers.
    const pickers = await page.evaluate(() => window.go.app.WorkspacesService.List(false))
    assert.deepEqual(pickers.map((w) => w.name), [OWNER.workspace])
    await north.locator(tid('workspace-archive')).click()
    await visible(page, 'confirm-archive', 5000)
    const back = await app.replyTo('WorkspacesService.SetArchived', () => click(page, 'confirm-archive'))
    assert.equal(back.result.archived, false)
  })

  step('a team with two members and a leader, through the dual list', async () => {
    const { page } = app
    await openModule('teams', 'TeamsService')
    await click(page, 'team-new')
    await visible(page, 'team-drawer', 10_000)
    await fill(page, 'team-name', 'Morning shift')
    await app.replyTo('WorkspacesService.Users', () => choose(page, 'team-workspace', new RegExp(`^${OWNER.workspace}$`)))
    await pick('team-drawer', ['aruiz', 'bortiz'])
    await choose(page, 'team-leader', /Ana Ruiz/)
    await fill(page, 'team-description', 'Early calls, 7 to 15 h')
    await shot('org-team-drawer-en')
    const reply = await app.replyTo('TeamsService.Create', () => click(page, 'team-save'))
    assert.equal(reply.error, null, `Create answered ${JSON.stringify(reply.error)}`)
    ids.team = reply.result.id
    assert.equal(reply.result.memberCount, 2)
    assert.equal(reply.result.leaderName, 'Ana Ruiz')
    await textUntil(page, 'team-members-link', (s) => s === '2 members', 'the team row to link "2 members"')
    const href = await page.locator(tid('team-members-link')).first().getAttribute('href')
    assert.ok(href.includes(`/users?teamId=${ids.team}`), `members link ${href}`)
  })

  step('a campaign with members, a role, per-member channels and a whole team added', async () => {
    const { page } = app
    await openModule('campaigns', 'CampaignsService')
    await click(page, 'campaign-new')
    await visible(page, 'campaign-drawer', 10_000)
    await fill(page, 'campaign-name', 'Winter sales')
    await app.replyTo('WorkspacesService.Users', () => choose(page, 'campaign-workspace', new RegExp(`^${OWNER.workspace}$`)))
    await click(page, 'campaign-channel-whatsapp')
    await click(page, 'campaign-channel-email')
    await pick('campaign-drawer', ['cdiaz', 'dvidal'])
    const row = (u) => page.locator(`${tid('member-row')}[data-user="${u}"]`)
    await row('dvidal').waitFor({ state: 'visible', timeout: 5000 })
    // Dana supervises; Carla does not take WhatsApp.
    await row('dvidal').locator(tid('member-role')).click()
    await page.locator('.n-base-select-option', { hasText: /^Supervisor$/ }).first().click()
    await row('cdiaz').locator(tid('member-channel-whatsapp')).click()
    await choose(page, 'campaign-team', /^Morning shift$/)
    await app.replyTo('CampaignsService.TeamMembers', () => click(page, 'campaign-add-team'))
    await until('four member rows', () => page.locator(tid('member-row')).count(), (n) => n === 4)
    await shot('org-campaign-drawer-en')
    const reply = await app.replyTo('CampaignsService.Create', () => click(page, 'campaign-save'))
    assert.equal(reply.error, null, `Create answered ${JSON.stringify(reply.error)}`)
    ids.campaign = reply.result.id
    const members = Object.fromEntries(reply.result.members.map((m) => [m.username, m]))
    assert.deepEqual(Object.keys(members).sort(), ['aruiz', 'bortiz', 'cdiaz', 'dvidal'])
    assert.deepEqual(reply.result.channels, ['voice', 'whatsapp', 'email'])
    assert.equal(members.dvidal.campaignRole, 'supervisor')
    assert.deepEqual(members.cdiaz.channels, ['voice', 'email'])
    assert.deepEqual(members.aruiz.channels, ['voice', 'whatsapp', 'email'])
    assert.equal(members.aruiz.campaignRole, 'agent')
    await textUntil(page, 'campaign-name-cell', (s) => s.includes('Winter sales'), 'the campaign row')
  })

  step('taking a channel off the campaign takes it off every member', async () => {
    const { page } = app
    await app.replyTo('CampaignsService.Get', () => click(page, 'campaign-edit'))
    await until('four member rows', () => page.locator(tid('member-row')).count(), (n) => n === 4)
    await click(page, 'campaign-channel-whatsapp')
    // Dates typed into the range picker in the language's own format (English: MM/dd/yyyy),
    // end after start.
    const dates = page.locator(`${tid('campaign-dates')} input`)
    await dates.nth(0).fill('01/10/2027')
    await dates.nth(1).fill('02/28/2027')
    await dates.nth(1).press('Enter')
    await page.locator(tid('campaign-name')).click()
    const reply = await app.replyTo('CampaignsService.Update', () => click(page, 'campaign-save'))
    assert.equal(reply.error, null, `Update answered ${JSON.stringify(reply.error)}`)
    assert.equal(reply.result.startsOn, '2027-01-10')
    assert.equal(reply.result.endsOn, '2027-02-28')
    for (const m of reply.result.members) assert.ok(!m.channels.includes('whatsapp'), `${m.username}: ${m.channels}`)
  })

  step('screens in Spanish and Polish (Owner)', async () => {
    const { page } = app
    for (const lang of ['es', 'pl']) {
      await setLanguage(lang)
      await openModule('teams', 'TeamsService')
      await visible(page, 'team-members-link', 10_000)
      await shot(`org-teams-${lang}`)
      await app.replyTo('TeamsService.Get', () => click(page, 'team-edit'))
      await page.locator(`${tid('team-drawer')} .n-transfer-list--target [data-user="aruiz"]`).first().waitFor({ state: 'visible', timeout: 10_000 })
      await shot(`org-team-drawer-${lang}`)
      await closeDrawer('team-drawer')
      await openModule('campaigns', 'CampaignsService')
      await visible(page, 'campaign-name-cell', 10_000)
      await shot(`org-campaigns-${lang}`)
      await app.replyTo('CampaignsService.Get', () => click(page, 'campaign-edit'))
      await until('four member rows', () => page.locator(tid('member-row')).count(), (n) => n === 4)
      await page.locator(tid('members-editor')).scrollIntoViewIfNeeded()
      await shot(`org-campaign-drawer-${lang}`)
      await closeDrawer('campaign-drawer')
      await click(page, 'nav-settings')
      await page.locator('.n-tabs-tab[data-name="workspaces"]').click()
      await until('workspaces listed', () => page.locator(tid('workspace-name')).count(), (n) => n === 2)
      await shot(`org-workspaces-${lang}`)
    }
    await setLanguage('en')
  }, { timeout: 120_000 })

  step('the user page’s Campaigns tab lists the campaign with role and channels', async () => {
    const { page } = app
    await page.evaluate((id) => { location.hash = `#/users/${id}` }, ids.cdiaz)
    await visible(page, 'user-tabs', 10_000)
    const reply = await app.replyTo('CampaignsService.OfUser', () => page.locator('.n-tabs-tab[data-name="campaigns"]').click())
    assert.equal(reply.error, null)
    const row = page.locator(`${tid('tab-campaign-row')}[data-campaign="Winter sales"]`)
    await row.waitFor({ state: 'visible', timeout: 10_000 })
    assert.equal(await row.locator(`${tid('tab-channel-email')}`).getAttribute('aria-checked'), 'true')
    assert.equal(await row.locator(`${tid('tab-channel-voice')}`).getAttribute('aria-checked'), 'true')
    // Supervisor from the tab: saved in Go at once.
    await row.locator(tid('tab-member-role')).click()
    const set = await app.replyTo('CampaignsService.SetMember', () => page.locator('.n-base-select-option', { hasText: /^Supervisor$/ }).first().click())
    assert.equal(set.error, null)
    for (const lang of ['es', 'pl']) {
      await setLanguage(lang)
      await row.waitFor({ state: 'visible', timeout: 10_000 })
      await shot(`org-campaigns-tab-${lang}`)
    }
    await setLanguage('en')
  })

  step('an administrator who is not a member sees the campaign read-only (F7.3)', async () => {
    const { page } = app
    await signOut(page)
    const reply = await submitSignIn(app, 'enowak', PASSWORD)
    assert.equal(reply.error, null, `SignIn answered ${JSON.stringify(reply.error)}`)
    await visible(page, 'app-shell', 20_000)
    const list = await openModule('campaigns', 'CampaignsService')
    const c = list.result.find((x) => x.id === ids.campaign)
    assert.equal(c.canEdit, false)
    await visible(page, 'campaign-locked', 10_000)
    assert.equal(await page.locator(tid('campaign-delete')).count(), 0, 'no delete button on a campaign they may not change')
    for (const lang of ['es', 'pl']) {
      await setLanguage(lang)
      await app.replyTo('CampaignsService.Get', () => click(page, 'campaign-edit'))
      await visible(page, 'campaign-readonly', 10_000)
      assert.equal(await page.locator(tid('campaign-save')).count(), 0, 'no save button')
      await until('four member rows', () => page.locator(tid('member-row')).count(), (n) => n === 4)
      assert.equal(await page.locator(`${tid('campaign-drawer')} ${tid('user-transfer')}`).count(), 0, 'no dual list when read-only')
      await shot(`org-campaign-readonly-${lang}`)
      await closeDrawer('campaign-drawer')
    }
    // A campaign they create is theirs to change: Go makes them its supervisor.
    await click(page, 'campaign-new')
    await visible(page, 'campaign-creator-hint', 10_000)
    await fill(page, 'campaign-name', 'Spring leads')
    const own = await app.replyTo('CampaignsService.Create', () => click(page, 'campaign-save'))
    assert.equal(own.error, null, `Create answered ${JSON.stringify(own.error)}`)
    assert.equal(own.result.canEdit, true)
    assert.deepEqual(own.result.members.map((m) => [m.username, m.campaignRole]), [['enowak', 'supervisor']])
    // Go refuses a change all the same.
    const refused = await page.evaluate((id) => window.go.app.CampaignsService.Delete(id).then(() => 'ok', (e) => e.message), ids.campaign)
    assert.match(refused, /campaign_not_member/)
    // The same administrator manages the teams of their workspace.
    const teams = await openModule('teams', 'TeamsService')
    assert.equal(teams.result[0].canEdit, true)
    // ...and deletes one after confirming; the campaign keeps the members it took from it.
    await click(page, 'team-delete')
    await visible(page, 'confirm-delete', 5000)
    const del = await app.replyTo('TeamsService.Delete', () => click(page, 'confirm-delete'))
    assert.equal(del.error, null, `Delete answered ${JSON.stringify(del.error)}`)
    await until('no team rows', () => page.locator(tid('team-name-cell')).count(), (n) => n === 0)
    const campaign = await page.evaluate((id) => window.go.app.CampaignsService.Get(id), ids.campaign)
    assert.equal(campaign.members.length, 4)
  })

  step('the page raised no uncaught errors', async () => {
    assert.deepEqual(app.pageErrors.map((e) => e.message), [])
  })
})
