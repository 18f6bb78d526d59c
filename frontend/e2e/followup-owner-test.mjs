// Who is responsible for a follow-up (PRODUCT.md F9.1; issue #14: "a new follow-up silently
// goes to the client's owner — let the supervisor choose"), as a supervisor clicks it in
// Spanish: the New follow-up dialog proposes the client's owner, the supervisor picks another
// person, saves; Go stores that person as the owner, and the agenda's list, filtered by that
// person in the owner filter, shows the follow-up with their name (and the supervisor's own
// agenda does not). Screenshots: followup-owner-*.png.
import assert from 'node:assert/strict'
import { after, before, describe } from 'node:test'
import { OWNER, choose, click, displayName, menu, setupOwner, startApp, steps, tid, until, visible, waitLang } from './harness.mjs'

const CLIENT = { name: 'Ferretería Núñez', phone: '+34 600 123 456' }
const CARLA = { firstName: 'Carla', lastName: 'Méndez', email: 'carla.mendez@example.com' }

describe('follow-up: the supervisor chooses who is responsible', () => {
  let app
  let carlaId
  let ownerId
  let followupId
  const step = steps(() => app)

  before(async () => {
    app = await startApp('followup-owner')
  }, { timeout: 120_000 })
  after(async () => {
    await app?.stop()
  }, { timeout: 60_000 })

  step('first run: a client of the Owner and a second person, Carla Méndez, exist', async () => {
    const { page } = app
    await setupOwner(app)
    const made = await page.evaluate(async (carla) => {
      const g = window.go.app
      const profiles = await g.ProfilesService.List()
      const agent = profiles.find((p) => p.role === 'agent')
      const ws = await g.WorkspacesService.List(false)
      const id = await g.UsersService.Create({
        ...carla, username: '', phone: '', extension: '', language: 'es', profileId: agent.id, workspaceIds: [ws[0].id],
        active: true, password: 'Marmalade-Orbit-4471-sparrow', mustSetPassword: false,
      })
      const clientId = await g.AgendaService.DevSeedClient('Ferretería Núñez', '+34 600 123 456')
      const me = await g.SessionService.Me()
      return { carlaId: id, clientId, ownerId: me.user.id }
    }, CARLA)
    carlaId = made.carlaId
    ownerId = made.ownerId
    assert.match(carlaId, /^[0-9a-f-]{36}$/)
    assert.match(made.clientId, /^[0-9a-f-]{36}$/)
    await app.replyTo('SetPreferences', () => menu(page, 'lang-switch', 'lang-es'))
    await waitLang(page, 'es')
  })

  step('the New follow-up dialog proposes the client’s owner; the supervisor picks Carla Méndez and saves', async () => {
    const { page } = app
    await click(page, 'nav-agenda')
    await visible(page, 'agenda-page', 15_000)
    await click(page, 'agenda-new')
    await visible(page, 'followup-dialog', 10_000)
    await choose(page, 'followup-client', new RegExp(CLIENT.name))
    // The client's owner is proposed as the one responsible.
    await until('the owner proposed', () => page.locator(tid('followup-owner')).innerText(), (s) => s.includes(displayName(OWNER)))
    await choose(page, 'followup-owner', /Carla Méndez/)
    await until('Carla chosen', () => page.locator(tid('followup-owner')).innerText(), (s) => s.includes('Carla Méndez'))
    // Tomorrow at 10:00, typed in the Spanish date format the field shows.
    const due = new Date()
    due.setDate(due.getDate() + 1)
    due.setHours(10, 0, 0, 0)
    const pad = (n) => String(n).padStart(2, '0')
    const input = page.locator(`${tid('followup-due')} input`).first()
    await input.click()
    await input.fill(`${pad(due.getDate())}/${pad(due.getMonth() + 1)}/${due.getFullYear()} 10:00`)
    await input.press('Enter')
    await page.locator('.n-date-panel').first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {})
    await page.locator(`${tid('followup-note')} textarea`).first().fill('Llamar por el presupuesto')
    await page.waitForTimeout(200)
    await app.screenshot('followup-owner-dialog-es')
    const reply = await app.replyTo('Create', () => click(page, 'followup-save'))
    assert.equal(reply.error, null, `Create answered ${JSON.stringify(reply.error)}`)
    assert.equal(reply.result.ownerId, carlaId, 'the follow-up belongs to the person chosen, not to the client’s owner')
    assert.equal(reply.result.ownerName, 'Carla Méndez')
    assert.equal(new Date(reply.result.dueAt).getTime(), due.getTime())
    followupId = reply.result.id
    await page.locator(tid('followup-dialog')).waitFor({ state: 'hidden', timeout: 10_000 })
  })

  step('the agenda list filtered by Carla Méndez shows it with her name; the Owner’s own does not', async () => {
    const { page } = app
    await click(page, 'agenda-view-list')
    await visible(page, 'agenda-list', 10_000)
    const filtered = await app.replyTo('AgendaService.List', () => choose(page, 'agenda-owner-filter', /Carla Méndez/))
    assert.equal(filtered.error, null)
    assert.deepEqual((filtered.result.items ?? []).map((f) => f.id), [followupId])
    const row = page.locator(`${tid('followup-row')}[data-id="${followupId}"]`)
    await row.waitFor({ state: 'visible', timeout: 10_000 })
    const text = await row.innerText()
    assert.match(text, /Carla Méndez/)
    assert.match(text, /Ferretería Núñez/)
    assert.match(text, /Llamar por el presupuesto/)
    await page.mouse.click(5, 5)
    await page.waitForTimeout(200)
    await app.screenshot('followup-owner-list-es')
    // Only the Owner's agenda: the follow-up is not theirs.
    await page.locator(tid('agenda-owner-filter')).hover()
    await page.locator(`${tid('agenda-owner-filter')} .n-base-clear`).click()
    const mine = await app.replyTo('AgendaService.List', () => choose(page, 'agenda-owner-filter', new RegExp(displayName(OWNER))))
    assert.equal(mine.error, null)
    assert.ok((mine.result.items ?? []).every((f) => f.ownerId === ownerId), 'only the Owner’s follow-ups')
    assert.ok(!(mine.result.items ?? []).some((f) => f.id === followupId), 'Carla’s follow-up is not in the Owner’s agenda')
  })

  step('the page raised no uncaught errors', async () => {
    assert.deepEqual(app.pageErrors.map((e) => e.message), [])
  })
})
