// Stored script injection (issue #12, item 1). An Owner whose organization is full of hostile
// names: markup that would run script if any screen put user text into HTML is planted, through
// the real Go bindings, in every user-editable name (organization, workspaces, the Owner's and an
// agent's first and last names, a profile, a team, a campaign, a client, its tags and notes, a
// follow-up's note). The Owner then opens every page and tab, hovers every dashboard chart
// (the tooltips are HTML), pops a reminder notification naming the client, opens the delete
// confirmations naming the profile, team and campaign and deletes the team (a toast names it).
// Nothing may run: window.__pwned stays undefined, and the page's Content-Security-Policy
// (index.html) reports no violation at all (a violation from our own code would be a bug too).
import assert from 'node:assert/strict'
import { after, before, describe } from 'node:test'
import { click, setupOwner, startApp, steps, tid, until, visible } from './harness.mjs'

process.env.PLANTEL_DEV_REMINDER_INTERVAL = '2s'

// Three contexts: an element with an inline handler, a script element, an attribute break-out.
const IMG = '<img src=x onerror=__pwned=1>'
const SCRIPT = '<script>__pwned=2</script>'
const ATTR = '"><svg onload=__pwned=3>'
const evil = (label) => `${label} ${IMG}${SCRIPT}`

const OWNER = {
  org: `O${IMG}${SCRIPT}${ATTR}`, // 80 characters, the limit
  workspace: evil('WS'),
  firstName: evil('Olga'),
  lastName: `${ATTR}`,
  username: 'owner',
  email: 'owner@example.com',
  password: 'Tangerine!Voyage-2048-quartz',
}

describe('stored script injection: hostile names everywhere, nothing runs', () => {
  let app
  const step = steps(() => app)
  const planted = {}

  /** Calls a bound method as the page does (window.go.app.<Service>.<Method>). */
  const call = (service, method, ...args) =>
    app.page.evaluate(async ([s, m, a]) => {
      try {
        return { result: await window.go.app[s][m](...a) }
      } catch (e) {
        return { error: String(e?.message ?? e) }
      }
    }, [service, method, args])
  const ok = async (service, method, ...args) => {
    const r = await call(service, method, ...args)
    assert.equal(r.error, undefined, `${service}.${method} answered ${r.error}`)
    return r.result
  }

  /** What ran: the payloads' flag, CSP violations, page errors. */
  const checkNothingRan = async (where) => {
    const { pwned, violations } = await app.page.evaluate(() => ({ pwned: window.__pwned, violations: window.__cspViolations ?? [] }))
    assert.equal(pwned, undefined, `a planted script ran (${where})`)
    assert.deepEqual(violations, [], `CSP violations (${where})`)
    assert.deepEqual(app.pageErrors.map((e) => e.message), [], `page errors (${where})`)
  }

  before(async () => {
    app = await startApp('xss')
    // Record every CSP violation the page reports, from the first script on.
    await app.page.addInitScript(() => {
      window.__cspViolations = []
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`)
      })
    })
    await app.page.reload()
  }, { timeout: 120_000 })
  after(async () => {
    await app?.stop()
  }, { timeout: 60_000 })

  step('the page runs under the strict policy', async () => {
    const csp = await app.page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.getAttribute('content'))
    assert.match(csp ?? '', /script-src 'self'(;|$)/)
    // The policy is in force: an inline script element and an inline event handler are refused
    // (and reported). (eval cannot be probed from here: code run through the DevTools protocol
    // is exempt; tests/unit/csp.spec.ts checks the policy has no 'unsafe-eval' and the build no eval.)
    await app.page.evaluate(() => {
      const s = document.createElement('script')
      s.textContent = 'window.__inline = 1'
      document.body.appendChild(s)
      s.remove()
      const box = document.createElement('div')
      box.innerHTML = '<img src="data:," onerror="window.__handler = 1" onload="window.__handler = 1">'
      document.body.appendChild(box)
      setTimeout(() => box.remove(), 500)
    })
    await app.page.waitForTimeout(300)
    assert.deepEqual(await app.page.evaluate(() => [window.__inline, window.__handler]), [undefined, undefined])
    await until('the two probes reported', () => app.page.evaluate(() => window.__cspViolations.length), (n) => n >= 2, 5000)
    await app.page.evaluate(() => (window.__cspViolations.length = 0))
  })

  step('setup and every name planted through the bindings', async () => {
    await setupOwner(app, OWNER)
    const me = await ok('SessionService', 'Me')
    planted.ownerId = me.user.id
    const ws = await ok('WorkspacesService', 'List', false)
    planted.wsId = ws[0].id
    await ok('WorkspacesService', 'Create', evil('Second WS'))
    const profile = await ok('ProfilesService', 'Create', {
      name: evil('P'), role: 'agent', icon: 'headset', description: `${ATTR}`, modules: ['clients', 'agenda'],
    })
    planted.profileId = profile.id
    planted.agentId = await ok('UsersService', 'Create', {
      firstName: evil('Ann'), lastName: `${ATTR}${IMG}`, username: 'ann', email: 'ann@example.com', phone: '', extension: '',
      language: 'en', profileId: profile.id, workspaceIds: [planted.wsId], active: true,
      password: 'Quartz-Meadow-Lantern-7741', mustSetPassword: false,
    })
    const team = await ok('TeamsService', 'Create', {
      name: evil('T'), workspaceId: planted.wsId, leaderId: planted.agentId, active: true, description: evil('d'), memberIds: [planted.agentId],
    })
    planted.teamId = team.id
    const campaign = await ok('CampaignsService', 'Create', {
      name: evil('C'), workspaceId: planted.wsId, active: true, channels: ['voice'], startsOn: '', endsOn: '', description: evil('d'),
      members: [{ userId: planted.agentId, role: 'agent', channels: ['voice'] }, { userId: planted.ownerId, role: 'supervisor', channels: ['voice'] }],
    })
    planted.campaignId = campaign.id
    const inactive = await ok('CampaignsService', 'Create', {
      name: evil('Old'), workspaceId: planted.wsId, active: false, channels: ['voice'], startsOn: '', endsOn: '', description: '',
      members: [{ userId: planted.agentId, role: 'agent', channels: ['voice'] }],
    })
    assert.ok(inactive.id)
    for (const [name, owner] of [[evil('Client'), planted.ownerId], [evil('Client B'), planted.agentId]]) {
      const c = await ok('ClientsService', 'Create', {
        name, documentId: '', phone: '+34 600 000 000', email: '', workspaceId: planted.wsId,
        tags: [IMG, ATTR], notes: evil('n'), ownerId: owner,
      })
      planted.clientId ??= c.id
    }
    // Overdue, for the dashboard and the agenda list; the reminder comes later.
    await ok('AgendaService', 'Create', {
      clientId: planted.clientId, ownerId: planted.agentId, dueAt: new Date(Date.now() - 86_400_000).toISOString(), note: evil('Call'),
    })
    await checkNothingRan('after planting')
  })

  /** Opens a route and waits for its page. */
  const open = async (hash, testid) => {
    await app.page.evaluate((h) => (location.hash = h), hash)
    await visible(app.page, testid, 15_000)
    await app.page.waitForTimeout(400)
  }

  step('every page and profile tab shows the names as text', async () => {
    const { page } = app
    for (const [hash, testid] of [
      ['#/users', 'page-title'], ['#/profiles', 'profiles-page'], ['#/teams', 'team-table'], ['#/campaigns', 'page-title'],
      ['#/clients', 'page-title'], ['#/agenda?view=list&filter=all', 'agenda-page'], ['#/agenda?view=month', 'agenda-page'],
      ['#/settings', 'settings-tabs'], ['#/profile', 'user-tabs'],
    ]) {
      await open(hash, testid)
      await checkNothingRan(hash)
    }
    // The names are on screen, as text.
    await open('#/users', 'page-title')
    await until('the agent listed with the markup as text', () => page.locator('body').innerText(), (s) => s.includes(evil('Ann')), 10_000)
    await open(`#/users/${planted.agentId}`, 'user-tabs')
    for (const tab of ['details', 'workspaces', 'roles', 'agenda', 'clients', 'campaigns', 'history']) {
      await click(page, `tab-${tab}`)
      await page.waitForTimeout(300)
    }
    await checkNothingRan('user profile tabs')
    assert.equal(await page.locator('img[src="x"], svg[onload]').count(), 0)
  })

  step('every dashboard chart tooltip, hovered, shows the names as text', async () => {
    const { page } = app
    await open('#/reports', 'dashboard-page')
    for (const chart of ['status', 'profile', 'presence', 'campaigns', 'portfolio', 'followups']) {
      await page.locator(`${tid('chart-' + chart)} canvas`).first().waitFor({ state: 'visible', timeout: 15_000 })
    }
    await page.waitForTimeout(800) // entry animation
    const seen = {}
    for (const chart of ['status', 'profile', 'presence', 'campaigns', 'portfolio', 'followups']) {
      const card = page.locator(tid('chart-' + chart))
      await card.scrollIntoViewIfNeeded()
      const box = await card.locator('canvas').first().boundingBox()
      // A grid of points over the canvas: every bar row and donut slice gets hovered.
      const texts = new Set()
      hover: for (let fy = 0.12; fy < 0.9; fy += 0.12) {
        for (const fx of [0.3, 0.45, 0.6]) {
          await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy)
          await page.waitForTimeout(40)
          const tip = await card.evaluate((el) => {
            const divs = [...el.querySelectorAll('div')].filter((d) => d.style.position === 'absolute' && d.style.display !== 'none' && d.textContent)
            return divs.map((d) => ({ text: d.textContent, markup: d.querySelectorAll('img,script,svg').length }))
          })
          for (const t of tip) {
            assert.equal(t.markup, 0, `markup inside the ${chart} tooltip: ${t.text}`)
            texts.add(t.text)
          }
          if ([...texts].some((t) => t.includes(IMG))) break hover // a hostile name shown: enough for this chart
        }
      }
      seen[chart] = [...texts]
      await page.mouse.move(0, 0)
    }
    // The charts that name people, profiles and campaigns showed the hostile names, as text.
    for (const chart of ['profile', 'campaigns', 'portfolio', 'followups']) {
      assert.ok(seen[chart].some((t) => t.includes(IMG) && t.includes(SCRIPT)), `${chart} tooltips: ${JSON.stringify(seen[chart])}`)
    }
    await checkNothingRan('dashboard tooltips')
  }, { timeout: 90_000 })

  step('a reminder notification names the client and the note', async () => {
    const { page } = app
    await open('#/agenda?view=list', 'agenda-page')
    const f = await ok('AgendaService', 'Create', { clientId: planted.clientId, ownerId: planted.ownerId, dueAt: new Date().toISOString(), note: evil('Now') })
    const notice = page.locator(`${tid('agenda-reminder')}[data-id="${f.id}"]`)
    await notice.waitFor({ state: 'visible', timeout: 15_000 })
    const text = await notice.innerText()
    assert.ok(text.includes(evil('Client')) && text.includes(evil('Now')), text)
    await checkNothingRan('reminder')
    // Done: the notice goes (it would cover the table's buttons) and a toast confirms.
    const done = await app.replyTo('SetDone', () => page.locator('.n-notification', { has: notice }).locator(tid('agenda-reminder-done')).click())
    assert.equal(done.error, null)
    await notice.waitFor({ state: 'detached', timeout: 10_000 })
  })

  step('delete confirmations name the profile, team and campaign; deleting the team toasts its name', async () => {
    const { page } = app
    const dialogText = () => page.locator('.n-dialog').last().innerText()
    await open('#/campaigns', 'page-title')
    await page.locator('[data-testid="campaign-delete"]').first().click()
    await until('the campaign named in the confirmation', dialogText, (s) => s.includes(evil('')))
    await checkNothingRan('campaign delete dialog')
    await page.keyboard.press('Escape')
    await page.locator('.n-dialog').waitFor({ state: 'detached', timeout: 5000 })

    await open('#/teams', 'team-table')
    await page.locator('[data-testid="team-delete"]').first().click()
    await until('the team named in the confirmation', dialogText, (s) => s.includes(evil('T')))
    const reply = await app.replyTo('TeamsService.Delete', () => click(page, 'confirm-delete'))
    assert.equal(reply.error, null)
    await until('the toast naming the team', () => page.locator('.n-message').last().innerText().catch(() => ''), (s) => s.includes(evil('T')))
    await checkNothingRan('team deleted')

    // A profile with a user cannot go: the explanation names it. One without users: the
    // confirmation names it, and so does the toast once deleted.
    const spare = await ok('ProfilesService', 'Create', { name: evil('Q'), role: 'agent', icon: 'star', description: '', modules: ['clients'] })
    await open('#/profiles', 'profiles-page')
    const row = (id) => page.locator(`${tid('profile-row')}[data-profile-id="${id}"]`)
    await row(planted.profileId).locator(tid('profile-delete')).click()
    await until('the profile named in the in-use note', () => page.locator(tid('profile-in-use-text')).innerText(), (s) => s.includes(evil('P')))
    await page.keyboard.press('Escape')
    await page.locator(tid('profile-in-use-text')).waitFor({ state: 'detached', timeout: 5000 })
    await row(spare.id).locator(tid('profile-delete')).click()
    await until('the profile named in the confirmation', dialogText, (s) => s.includes(evil('Q')))
    const gone = await app.replyTo('ProfilesService.Delete', () => click(page, 'profile-delete-confirm'))
    assert.equal(gone.error, null)
    await until('the toast naming the profile', () => page.locator('.n-message').last().innerText().catch(() => ''), (s) => s.includes(evil('Q')))
    await checkNothingRan('profile dialogs')
    assert.equal(await page.locator('img[src="x"], svg[onload]').count(), 0)
    await app.screenshot('xss-profiles')
  })
})
