// Agenda (F9), as an Owner clicks it: a follow-up scheduled from the Agenda page on a client,
// seen in the day, week, month and list views, completed; the Agenda tab of the user's page;
// and an in-app reminder when a follow-up comes due (the app checks every 2 s here:
// PLANTEL_DEV_REMINDER_INTERVAL, read only by dev builds). Screenshots in Spanish and Polish.
import assert from 'node:assert/strict'
import { after, before, describe } from 'node:test'
import { choose, click, fill, htmlLang, menu, setupOwner, startApp, steps, tid, until, visible, waitLang } from './harness.mjs'

process.env.PLANTEL_DEV_REMINDER_INTERVAL = '2s'

// The story schedules a follow-up at 23:30 "today" and one two days ago: run it in a fixed-offset
// zone where it is about midday now, so a run near midnight UTC means the same day everywhere.
// The browser and this process (which computes the expected local times) share the zone.
const offset = 12 - new Date().getUTCHours()
const ZONE = offset === 0 ? 'Etc/UTC' : `Etc/GMT${offset > 0 ? '-' : '+'}${Math.abs(offset)}`
process.env.TZ = ZONE

const CLIENT = { name: 'Ferretería Núñez', phone: '+34 600 123 456' }
const OTHER = { name: 'Łódź Serwis', phone: '+48 42 000 11 22' }
const pad = (n) => String(n).padStart(2, '0')
const localDay = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`
const localMinute = (d) => `${localDay(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}`

describe('agenda: schedule, views, complete, profile tab, reminder', () => {
  let app
  let clientId
  const step = steps(() => app)

  before(async () => {
    app = await startApp('agenda', { timezoneId: ZONE })
  }, { timeout: 120_000 })
  after(async () => {
    await app?.stop()
  }, { timeout: 60_000 })

  /**
   * Schedules a follow-up through the dialog: client, due "yyyy-MM-dd HH:mm" (typed in the
   * window language's own date format, as the field shows it), note.
   */
  async function schedule(page, client, due, note) {
    const [, y, mo, d, hm] = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}:\d{2})$/.exec(due)
    const lang = await htmlLang(page)
    const typed = lang === 'en' ? `${mo}/${d}/${y} ${hm}` : lang === 'pl' ? `${d}.${mo}.${y} ${hm}` : `${d}/${mo}/${y} ${hm}`
    await click(page, 'agenda-new')
    await visible(page, 'followup-dialog', 10_000)
    await choose(page, 'followup-client', new RegExp(client.name))
    const input = page.locator(`${tid('followup-due')} input`).first()
    await input.click()
    await input.fill(typed)
    await input.press('Enter')
    await page.locator('.n-date-panel').first().waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {})
    await page.locator(`${tid('followup-note')} textarea`).first().fill(note)
    return app.replyTo('Create', () => click(page, 'followup-save'))
  }

  step('first run, clients exist, the Agenda page opens empty', async () => {
    const { page } = app
    await setupOwner(app)
    clientId = await page.evaluate(({ name, phone }) => window.go.app.AgendaService.DevSeedClient(name, phone), CLIENT)
    await page.evaluate(({ name, phone }) => window.go.app.AgendaService.DevSeedClient(name, phone), OTHER)
    assert.match(clientId, /^[0-9a-f-]{36}$/)
    const reply = await app.replyTo('Range', () => click(page, 'nav-agenda'))
    assert.equal(reply.error, null, `Range answered ${JSON.stringify(reply.error)}`)
    await visible(page, 'agenda-page', 15_000)
    await visible(page, 'agenda-timegrid', 10_000)
  })

  step('a follow-up scheduled from the Agenda page shows in the week, day, month and list views', async () => {
    const { page } = app
    const due = new Date()
    due.setHours(23, 30, 0, 0)
    const reply = await schedule(page, CLIENT, localMinute(due), 'Ofrecer el plan anual')
    assert.equal(reply.error, null, `Create answered ${JSON.stringify(reply.error)}`)
    assert.equal(reply.result.clientName, CLIENT.name)
    assert.equal(new Date(reply.result.dueAt).getTime(), due.getTime(), 'stored in UTC, the same instant')
    const chip = page.locator(`${tid('followup-chip')}[data-id="${reply.result.id}"]`)
    await chip.first().waitFor({ state: 'visible', timeout: 10_000 })
    assert.match(await chip.first().innerText(), /Ferretería Núñez/)
    // The day cell of today at 23:00 holds it.
    await visible(page, `agenda-cell-${localDay(due)}-23`, 5000)
    assert.equal(await page.locator(`${tid(`agenda-cell-${localDay(due)}-23`)} ${tid('followup-chip')}`).count(), 1)

    await app.replyTo('Range', () => click(page, 'agenda-view-day'))
    await chip.first().waitFor({ state: 'visible', timeout: 10_000 })
    await app.replyTo('Range', () => click(page, 'agenda-view-month'))
    await visible(page, 'agenda-month', 10_000)
    await chip.first().waitFor({ state: 'visible', timeout: 10_000 })
    await click(page, 'agenda-view-list')
    const row = page.locator(`${tid('followup-row')}[data-id="${reply.result.id}"]`)
    await row.waitFor({ state: 'visible', timeout: 10_000 })
    assert.match(await row.innerText(), /\+34 600 123 456/)
    assert.match(await row.innerText(), /Ofrecer el plan anual/)
    await until('today count 1', () => page.locator(tid('agenda-today-count')).innerText(), (s) => /1/.test(s))
  })

  step('the views, the dialog and a detail in Spanish and Polish', async () => {
    const { page } = app
    // An overdue one (two days ago) shows in red.
    const y = new Date()
    y.setDate(y.getDate() - 2)
    y.setHours(9, 0, 0, 0)
    const reply = await schedule(page, OTHER, localMinute(y), 'Zadzwonić w sprawie faktury')
    assert.equal(reply.error, null, `Create answered ${JSON.stringify(reply.error)}`)
    assert.equal(reply.result.overdue, true)
    for (const lang of ['es', 'pl']) {
      await app.replyTo('SetPreferences', () => menu(page, 'lang-switch', `lang-${lang}`))
      await waitLang(page, lang)
      await click(page, 'agenda-view-list')
      await page.locator(tid('followup-row')).first().waitFor({ state: 'visible', timeout: 10_000 })
      await app.screenshot(`agenda-list-${lang}`)
      for (const v of ['day', 'week', 'month']) {
        await app.replyTo('Range', () => click(page, `agenda-view-${v}`))
        await page.waitForTimeout(300)
        await app.screenshot(`agenda-${v}-${lang}`)
      }
      await click(page, 'agenda-view-week')
      await page.locator(tid('followup-chip')).first().click()
      await visible(page, 'followup-details', 5000)
      await app.screenshot(`agenda-details-${lang}`)
      await page.keyboard.press('Escape')
      await page.mouse.click(5, 5)
      await click(page, 'agenda-new')
      await visible(page, 'followup-dialog', 10_000)
      await page.waitForTimeout(300)
      await app.screenshot(`agenda-dialog-${lang}`)
      await page.keyboard.press('Escape')
      await page.locator(tid('followup-dialog')).waitFor({ state: 'hidden', timeout: 5000 })
    }
    await app.replyTo('SetPreferences', () => menu(page, 'lang-switch', 'lang-en'))
    await waitLang(page, 'en')
  })

  step('completing a follow-up from the list moves it to Done', async () => {
    const { page } = app
    await click(page, 'agenda-view-list')
    const row = page.locator(tid('followup-row'), { hasText: CLIENT.name }).first()
    await row.waitFor({ state: 'visible', timeout: 10_000 })
    const reply = await app.replyTo('SetDone', () => row.locator(tid('followup-done')).click())
    assert.equal(reply.error, null, `SetDone answered ${JSON.stringify(reply.error)}`)
    assert.equal(reply.result.done, true)
    await page.locator(tid('followup-row'), { hasText: CLIENT.name }).waitFor({ state: 'detached', timeout: 10_000 })
    await app.replyTo('AgendaService.List', () => click(page, 'agenda-status-done'))
    await page.locator(tid('followup-row'), { hasText: CLIENT.name }).first().waitFor({ state: 'visible', timeout: 10_000 })
    // ... and undo brings it back.
    const undo = await app.replyTo('SetDone', () => page.locator(tid('followup-row'), { hasText: CLIENT.name }).locator(tid('followup-reopen')).click())
    assert.equal(undo.result.done, false)
  })

  step('editing a follow-up\'s note and deleting another', async () => {
    const { page } = app
    await app.replyTo('AgendaService.List', () => click(page, 'agenda-status-open'))
    const row = () => page.locator(tid('followup-row'), { hasText: OTHER.name }).first()
    await row().waitFor({ state: 'visible', timeout: 10_000 })
    await row().locator(tid('followup-edit')).click()
    await visible(page, 'followup-dialog', 10_000)
    await page.locator(`${tid('followup-note')} textarea`).first().fill('Zadzwonić po 15:00')
    const reply = await app.replyTo('Update', () => click(page, 'followup-save'))
    assert.equal(reply.error, null, `Update answered ${JSON.stringify(reply.error)}`)
    assert.equal(reply.result.note, 'Zadzwonić po 15:00')
    await until('the new note in the list', () => row().innerText(), (s) => s.includes('Zadzwonić po 15:00'))
    // A third one, deleted after confirming.
    const extra = await schedule(page, OTHER, localMinute(new Date(Date.now() + 3 * 86_400_000)), 'borrar')
    assert.equal(extra.error, null)
    const extraRow = page.locator(`${tid('followup-row')}[data-id="${extra.result.id}"]`)
    await extraRow.waitFor({ state: 'visible', timeout: 10_000 })
    await extraRow.locator(tid('followup-delete')).click()
    await visible(page, 'followup-delete-confirm', 5000)
    const del = await app.replyTo('Delete', () => click(page, 'followup-delete-confirm'))
    assert.equal(del.error, null, `Delete answered ${JSON.stringify(del.error)}`)
    await extraRow.waitFor({ state: 'detached', timeout: 10_000 })
  })

  step('the owner filter asks Go for one owner\'s agenda', async () => {
    const { page } = app
    const me = await page.evaluate(() => window.go.app.SessionService.Me())
    await click(page, 'agenda-view-week')
    const reply = await app.replyTo('Range', () => choose(page, 'agenda-owner-filter', /Olivia Marsh/))
    assert.equal(reply.error, null, `Range answered ${JSON.stringify(reply.error)}`)
    assert.ok(reply.result.items.every((f) => f.ownerId === me.user.id))
    const cleared = await app.replyTo('Range', async () => {
      await page.locator(tid('agenda-owner-filter')).hover()
      await page.locator(`${tid('agenda-owner-filter')} .n-base-clear`).click()
    })
    assert.equal(cleared.error, null)
  })

  step('opening an item opens its client', async () => {
    const { page } = app
    await click(page, 'agenda-view-list')
    await click(page, 'agenda-status-open')
    const row = page.locator(tid('followup-row'), { hasText: CLIENT.name }).first()
    await row.waitFor({ state: 'visible', timeout: 10_000 })
    const got = await app.replyTo('ClientsService.Get', () => row.locator(tid('followup-open')).click())
    assert.equal(got.error, null, `Get answered ${JSON.stringify(got.error)}`)
    await until('the clients page for the client', () => page.url(), (u) => u.includes('/clients') && u.includes(`clientId=${clientId}`))
    // The Clients page opens that client's form with its name.
    await visible(page, 'client-form', 10_000)
    await until('the client in the form', () => page.locator(`${tid('client-name')} input`).inputValue(), (v) => v === CLIENT.name)
    assert.equal(await page.locator(`${tid('client-phone')} input`).inputValue(), CLIENT.phone)
    await page.keyboard.press('Escape')
    await page.locator(tid('client-form')).waitFor({ state: 'hidden', timeout: 5000 })
  })

  step('the Agenda tab of the user page lists the user\'s follow-ups', async () => {
    const { page } = app
    const me = await page.evaluate(() => window.go.app.SessionService.Me())
    await page.evaluate((id) => { window.location.hash = `#/users/${id}` }, me.user.id)
    await visible(page, 'user-tabs', 15_000)
    await page.locator('.n-tabs-tab', { hasText: /Agenda/ }).first().click()
    await visible(page, 'agenda-tab', 10_000)
    await page.locator(`${tid('agenda-tab')} ${tid('followup-row')}`, { hasText: OTHER.name }).first().waitFor({ state: 'visible', timeout: 10_000 })
    assert.equal(await page.locator(`${tid('agenda-tab')} ${tid('followup-row')}`).count(), 2)
    for (const lang of ['es', 'pl']) {
      await app.replyTo('SetPreferences', () => menu(page, 'lang-switch', `lang-${lang}`))
      await waitLang(page, lang)
      await app.screenshot(`agenda-tab-${lang}`)
    }
    await app.replyTo('SetPreferences', () => menu(page, 'lang-switch', 'lang-en'))
    await waitLang(page, 'en')
  })

  step('a follow-up that comes due pops a reminder once; Open opens the client, Done completes it', async () => {
    const { page } = app
    await app.replyTo('Range', () => click(page, 'nav-agenda'))
    await visible(page, 'agenda-page', 10_000)
    for (const [lang, button] of [['es', 'open'], ['pl', 'done']]) {
      await app.replyTo('SetPreferences', () => menu(page, 'lang-switch', `lang-${lang}`))
      await waitLang(page, lang)
      // Due this very minute: the next check (every 2 s) finds it.
      const reply = await schedule(page, CLIENT, localMinute(new Date()), lang === 'es' ? 'Llamar ahora' : 'Zadzwonić teraz')
      assert.equal(reply.error, null, `Create answered ${JSON.stringify(reply.error)}`)
      const notice = page.locator(`${tid('agenda-reminder')}[data-id="${reply.result.id}"]`)
      await notice.waitFor({ state: 'visible', timeout: 15_000 })
      const card = page.locator('.n-notification', { has: notice })
      assert.match(await card.innerText(), /Ferretería Núñez[\s\S]*\+34 600 123 456/)
      await page.locator(tid('followup-dialog')).waitFor({ state: 'hidden', timeout: 5000 }).catch(() => {})
      await page.waitForTimeout(400)
      await app.screenshot(`agenda-reminder-${lang}`)
      if (button === 'open') {
        await card.locator(tid('agenda-reminder-open')).click()
        await until('the clients page for the client', () => page.url(), (u) => u.includes(`clientId=${clientId}`))
        await until('the client in the form', () => page.locator(`${tid('client-name')} input`).inputValue().catch(() => ''), (v) => v === CLIENT.name)
        await page.keyboard.press('Escape')
        await page.locator(tid('client-form')).waitFor({ state: 'hidden', timeout: 5000 })
        await app.replyTo('Range', () => click(page, 'nav-agenda'))
        await visible(page, 'agenda-page', 10_000)
      } else {
        const done = await app.replyTo('SetDone', () => card.locator(tid('agenda-reminder-done')).click())
        assert.equal(done.error, null)
        assert.equal(done.result.done, true)
      }
      await notice.waitFor({ state: 'detached', timeout: 10_000 })
    }
    // Neither comes back.
    await page.waitForTimeout(5000)
    assert.equal(await page.locator(tid('agenda-reminder')).count(), 0)
    await app.replyTo('SetPreferences', () => menu(page, 'lang-switch', 'lang-en'))
    await waitLang(page, 'en')
  }, { timeout: 120_000 })
})
