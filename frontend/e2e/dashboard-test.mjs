// The dashboard (F11.2) on the demo organization, as a new customer tries Plantel: the first
// run with "Try with demo data", the KPIs and charts of 150 people and 5,000 clients, a click on
// a bar of "users by status" into the filtered users list, the "online" KPI into the users
// of that presence, a portfolio bar into that owner's clients, the overdue KPI into the agenda's
// overdue list; screenshots in Spanish and Polish, light and dark, and of the setup screen.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { after, before, describe } from 'node:test'
import { choose, click, fill, menu, startApp, steps, textUntil, tid, until, visible, waitLang } from './harness.mjs'

const OWNER = {
  org: 'Contact Ibérica',
  workspace: 'Madrid',
  firstName: 'Rosa',
  lastName: 'Vidal',
  username: 'rvidal',
  email: 'rosa.vidal@example.com',
  password: 'Naranja-Tranvía-2048-cometa',
}

function crc32(buf) {
  let c = ~0
  for (const b of buf) {
    c ^= b
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1))
  }
  return ~c >>> 0
}
function chunk(type, data) {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}
/** A w×h RGB PNG with a gradient. */
function makePNG(w, h) {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(w, 0)
  ihdr.writeUInt32BE(h, 4)
  ihdr[8] = 8
  ihdr[9] = 2
  const raw = Buffer.alloc((w * 3 + 1) * h)
  for (let y = 0; y < h; y++) {
    const row = y * (w * 3 + 1)
    for (let x = 0; x < w; x++) {
      raw[row + 1 + x * 3] = 200
      raw[row + 2 + x * 3] = Math.floor((x * 255) / w)
      raw[row + 3 + x * 3] = Math.floor((y * 255) / h)
    }
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))])
}

/** The number as the page writes it in lang. */
const fmt = (lang, v) => new Intl.NumberFormat(lang).format(v)

describe('dashboard: first run with demo data, charts, click-through', () => {
  let app
  let figures
  const step = steps(() => app)

  // The photo an administrator picks for another user (the native dialog answers from here).
  const dialogDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plantel-e2e-dashboard-dialog-'))

  before(async () => {
    process.env.PLANTEL_E2E_DIALOG_DIR = dialogDir
    app = await startApp('dashboard')
  }, { timeout: 120_000 })
  after(async () => {
    await app?.stop()
    delete process.env.PLANTEL_E2E_DIALOG_DIR
    if (process.env.E2E_KEEP !== '1') fs.rmSync(dialogDir, { recursive: true, force: true })
  }, { timeout: 60_000 })

  step('the setup screen offers "Try with demo data" (Polish, then Spanish)', async () => {
    const { page } = app
    await visible(page, 'setup-org', 20_000)
    await choose(page, 'setup-language', /^Polski/)
    await waitLang(page, 'pl')
    await page.waitForTimeout(500)
    await click(page, 'setup-demo')
    await until('the first workspace proposed as Madrid', () => page.locator(`${tid('setup-workspace')} input`).inputValue(), (v) => v === 'Madrid')
    await app.screenshot('dashboard-setup-pl')
    await choose(page, 'setup-language', /^Español/)
    await waitLang(page, 'es')
    await page.waitForTimeout(500) // the language menu fades out
    await app.screenshot('dashboard-setup-es')
  })

  step('the Owner sets their own name and password; the demo is created in the same step', async () => {
    const { page } = app
    await fill(page, 'setup-org', OWNER.org)
    await fill(page, 'setup-first-name', OWNER.firstName)
    await fill(page, 'setup-last-name', OWNER.lastName)
    await fill(page, 'setup-username', OWNER.username)
    await fill(page, 'setup-email', OWNER.email)
    await fill(page, 'setup-password', OWNER.password)
    await fill(page, 'setup-password-repeat', OWNER.password)
    await until('policy-rule-too_short ok', () => page.locator(tid('policy-rule-too_short')).first().getAttribute('data-ok'), (v) => v === 'true')
    const started = Date.now()
    const reply = await app.replyTo('DemoService.Setup', () => click(page, 'setup-submit'), 60_000)
    assert.equal(reply.error, null, `DemoService.Setup answered ${JSON.stringify(reply.error)}`)
    const demo = reply.result.demo
    console.log(`# demo organization created in ${demo.elapsedMs} ms (round trip ${Date.now() - started} ms)`)
    assert.deepEqual([demo.workspaces, demo.users, demo.teams, demo.campaigns, demo.clients], [3, 150, 12, 10, 5000])
    assert.equal(reply.result.session.user.username, OWNER.username)
    await visible(page, 'demo-ready', 20_000)
    const note = await page.locator(tid('demo-password-note')).innerText()
    assert.ok(note.includes('plantel-demo-2026') && note.includes(demo.adminLogin), `note: ${note}`)
    await app.screenshot('dashboard-setup-ready-es')
  })

  step('the dashboard shows the KPIs of the demo and every chart on a canvas', async () => {
    const { page } = app
    const reply = await app.replyTo('Figures', () => click(page, 'demo-start'), 30_000)
    assert.equal(reply.error, null, `Figures answered ${JSON.stringify(reply.error)}`)
    figures = reply.result
    assert.equal(figures.scope, 'all')
    assert.equal(figures.users.total, 151) // 150 demo people and the Owner
    assert.equal(figures.portfolio.clients, 5000)
    assert.equal(figures.campaigns.total, 10)
    assert.equal(figures.workspaces.length, 3)
    await visible(page, 'dashboard-page', 15_000)
    for (const chart of ['status', 'profile', 'presence', 'campaigns', 'portfolio', 'followups']) {
      await page.locator(`${tid('chart-' + chart)} canvas`).first().waitFor({ state: 'visible', timeout: 15_000 })
    }
    const kpi = (id) => page.locator(`${tid(id)} ${tid('kpi-value')}`).innerText()
    assert.equal(await kpi('kpi-users'), fmt('es', 151))
    assert.equal(await kpi('kpi-clients'), fmt('es', 5000))
    assert.equal(await kpi('kpi-campaigns'), fmt('es', figures.campaigns.active))
    assert.equal(await kpi('kpi-overdue'), fmt('es', figures.followups.overdue))
    assert.equal(await kpi('kpi-today'), fmt('es', figures.followups.today))
    const online = figures.users.presence.filter((p) => p.key !== 'offline').reduce((s, p) => s + p.count, 0)
    assert.equal(await kpi('kpi-online'), fmt('es', online))
    assert.ok(figures.followups.overdue > 0 && figures.followups.today > 0)
    await page.waitForTimeout(800) // the charts' entry animation
    await app.screenshot('dashboard-es-light')
    await page.locator(tid('chart-followups')).scrollIntoViewIfNeeded()
    await page.waitForTimeout(300)
    await app.screenshot('dashboard-es-light-bottom')
    await page.locator(tid('dashboard-kpis')).scrollIntoViewIfNeeded()
  })

  step('dark theme and Polish', async () => {
    const { page } = app
    let reply = await app.replyTo('SetPreferences', () => menu(page, 'theme-switch', 'theme-dark'))
    assert.equal(reply.error, null)
    await until('dark theme', () => page.evaluate(() => document.documentElement.dataset.theme), (v) => v === 'dark')
    await page.waitForTimeout(800)
    await app.screenshot('dashboard-es-dark')
    reply = await app.replyTo('SetPreferences', () => menu(page, 'lang-switch', 'lang-pl'))
    assert.equal(reply.error, null)
    await waitLang(page, 'pl')
    await textUntil(page, 'page-title', (s) => s === 'Raporty', 'the title in Polish')
    assert.equal(await page.locator(`${tid('kpi-clients')} ${tid('kpi-value')}`).innerText(), fmt('pl', 5000))
    await page.waitForTimeout(800)
    await app.screenshot('dashboard-pl-dark')
    await page.locator(tid('chart-followups')).scrollIntoViewIfNeeded()
    await page.waitForTimeout(300)
    await app.screenshot('dashboard-pl-dark-bottom')
    await page.locator(tid('dashboard-kpis')).scrollIntoViewIfNeeded()
    reply = await app.replyTo('SetPreferences', () => menu(page, 'theme-switch', 'theme-light'))
    assert.equal(reply.error, null)
    await until('light theme', () => page.evaluate(() => document.documentElement.dataset.theme), (v) => v === 'light')
    await page.waitForTimeout(800)
    await app.screenshot('dashboard-pl-light')
    reply = await app.replyTo('SetPreferences', () => menu(page, 'lang-switch', 'lang-es'))
    await waitLang(page, 'es')
  })

  step('the workspace filter narrows every figure', async () => {
    const { page } = app
    const krakow = figures.workspaces.find((w) => w.name === 'Kraków')
    const reply = await app.replyTo('Figures', () => choose(page, 'dashboard-workspace', /^Kraków/))
    assert.equal(reply.error, null)
    assert.equal(reply.result.workspaceId, krakow.id)
    assert.ok(reply.result.users.total < figures.users.total && reply.result.users.total >= 60, `Kraków users ${reply.result.users.total}`)
    await until('KPI users for Kraków', () => page.locator(`${tid('kpi-users')} ${tid('kpi-value')}`).innerText(), (v) => v === fmt('es', reply.result.users.total))
    const back = await app.replyTo('Figures', () => choose(page, 'dashboard-workspace', /^Todos/))
    assert.equal(back.result.users.total, 151)
  })

  step('a click on the "active" bar of users by status opens the users list filtered by it', async () => {
    const { page } = app
    const active = figures.users.byStatus.find((s) => s.key === 'active').count
    const canvas = page.locator(`${tid('chart-status')} canvas`).first()
    const box = await canvas.boundingBox()
    // Three bars in a grid that starts after the y-axis labels: the first (active, the tallest).
    const x = box.x + 50 + (box.width - 66) / 6
    const y = box.y + box.height * 0.6
    const reply = await app.replyTo('List', () => page.mouse.click(x, y), 20_000)
    await until('the users page', () => page.evaluate(() => location.hash), (h) => h.startsWith('#/users'))
    const hash = await page.evaluate(() => location.hash)
    assert.match(hash, /^#\/users\?status=active$/)
    await visible(page, 'users-page', 15_000)
    assert.equal(reply.error, null)
    // The users page applies ?status=active: its total is the dashboard's active count.
    await textUntil(page, 'users-total', (s) => s.includes(fmt('es', active)), `users-total to show ${active}`)
    await app.screenshot('dashboard-click-users-es')
  })

  /** Back to the dashboard (Reports), resolved with its figures. */
  async function dashboard(page) {
    const reply = await app.replyTo('Figures', () => click(page, 'nav-reports'), 20_000)
    assert.equal(reply.error, null)
    await visible(page, 'dashboard-page', 15_000)
    await page.locator(`${tid('chart-portfolio')} canvas`).first().waitFor({ state: 'visible', timeout: 15_000 })
    await page.waitForTimeout(800) // the charts' entry animation
    return reply.result
  }

  step('the "online" KPI opens the active users who are online, busy or away', async () => {
    const { page } = app
    const f = await dashboard(page)
    const online = f.users.presence.filter((p) => p.key !== 'offline').reduce((s, p) => s + p.count, 0)
    const reply = await app.replyTo('UsersService.List', () => click(page, 'kpi-online'), 20_000)
    assert.equal(reply.error, null, `List answered ${JSON.stringify(reply.error)}`)
    const hash = decodeURIComponent(await page.evaluate(() => location.hash))
    assert.match(hash, /^#\/users\?/)
    assert.match(hash, /presence=online,busy,away/)
    assert.equal(reply.result.total, online)
    assert.ok(reply.result.rows.every((r) => r.status === 'active' && r.presence !== 'offline'))
    await textUntil(page, 'users-total', (s) => s.includes(fmt('es', online)), `users-total to show ${online}`)
    assert.match(await page.locator(tid('users-filter-presence')).innerText(), /En línea, Ocupado, Ausente/)
    await app.screenshot('dashboard-click-online-es')
  })

  let owner
  step('a click on the largest portfolio bar opens the Clients page with that owner\'s clients only', async () => {
    const { page } = app
    const f = await dashboard(page)
    owner = f.portfolio.top[0]
    assert.ok(owner && owner.count > 0, 'the demo has portfolios')
    const canvas = page.locator(`${tid('chart-portfolio')} canvas`).first()
    await canvas.scrollIntoViewIfNeeded()
    const box = await canvas.boundingBox()
    // Horizontal bars, the largest on top; the grid has 8 px above and below the bars.
    const bars = f.portfolio.top.length + (f.portfolio.restOwners > 0 ? 1 : 0)
    const x = box.x + box.width * 0.5
    const y = box.y + 8 + (box.height - 16) / bars / 2
    const reply = await app.replyTo('ClientsService.List', () => page.mouse.click(x, y), 20_000)
    assert.equal(reply.error, null, `List answered ${JSON.stringify(reply.error)}`)
    await visible(page, 'clients-page', 15_000)
    const hash = await page.evaluate(() => location.hash)
    assert.equal(hash, `#/clients?ownerId=${owner.userId}`)
    // The table's total is the bar's value, and every row is that owner's.
    assert.equal(reply.result.total, owner.count)
    assert.ok(reply.result.rows.every((r) => r.ownerId === owner.userId))
    await until('clients-total', () => page.locator(tid('clients-total')).getAttribute('data-total'), (v) => v === String(owner.count))
    await textUntil(page, 'clients-filter-owner', (s) => s.includes(owner.name), `the owner filter to name ${owner.name}`)
    await page.waitForTimeout(300)
    await app.screenshot('dashboard-click-portfolio-es')
  })

  step('the overdue KPI opens the agenda\'s list of overdue follow-ups', async () => {
    const { page } = app
    await dashboard(page)
    let counts
    const list = await app.replyTo('AgendaService.List', async () => {
      counts = await app.replyTo('AgendaService.Counts', () => click(page, 'kpi-overdue'), 20_000)
      assert.equal(counts.error, null)
    }, 20_000)
    assert.equal(list.error, null, `List answered ${JSON.stringify(list.error)}`)
    await visible(page, 'agenda-list', 15_000)
    assert.equal(await page.evaluate(() => location.hash), '#/agenda?view=list&filter=overdue')
    assert.ok(list.result.total > 0)
    assert.equal(list.result.total, counts.result.overdue, 'the list holds the overdue the badge counts')
    assert.ok(list.result.items.every((i) => i.overdue && !i.done))
    assert.ok(await page.locator(`${tid('agenda-status-overdue')}.n-radio-button--checked`).count() === 1, 'the overdue filter is chosen')
    assert.ok(await page.locator(`${tid('agenda-view-list')}.n-radio-button--checked`).count() === 1, 'the list view is chosen')
    // While on the page, a new address picks the filter again: today.
    const today = await app.replyTo('AgendaService.List', () => page.evaluate(() => { location.hash = '#/agenda?view=list&filter=today' }))
    assert.equal(today.error, null)
    assert.ok(today.result.items.every((i) => !i.overdue && !i.done))
    await until('the today filter', () => page.locator(`${tid('agenda-status-today')}.n-radio-button--checked`).count(), (n) => n === 1)
    await page.waitForTimeout(300)
    await app.screenshot('dashboard-click-today-es')
    await app.replyTo('AgendaService.List', () => page.evaluate(() => { location.hash = '#/agenda?view=list&filter=overdue' }))
    await page.waitForTimeout(300)
    await app.screenshot('dashboard-click-overdue-es')
  })

  step('the linked lists and a client opened by link, in Polish', async () => {
    const { page } = app
    let reply = await app.replyTo('SetPreferences', () => menu(page, 'lang-switch', 'lang-pl'))
    assert.equal(reply.error, null)
    await waitLang(page, 'pl')
    await page.waitForTimeout(500)
    await app.screenshot('dashboard-click-overdue-pl')
    reply = await app.replyTo('ClientsService.List', () => page.evaluate((id) => { location.hash = `#/clients?ownerId=${id}` }, owner.userId))
    assert.equal(reply.result.total, owner.count)
    const client = reply.result.rows[0]
    await textUntil(page, 'clients-filter-owner', (s) => s.includes(owner.name), 'the owner filter')
    await page.waitForTimeout(300)
    await app.screenshot('dashboard-click-portfolio-pl')
    // The agenda's "Open client" address: that client's form (Polish, then Spanish).
    const openByLink = async () => {
      await app.replyTo('ClientsService.Get', () => page.evaluate(([o, id]) => { location.hash = `#/clients?ownerId=${o}&clientId=${id}` }, [client.ownerId, client.id]))
      await visible(page, 'client-form', 10_000)
      await until('the client in the form', () => page.locator(`${tid('client-name')} input`).inputValue(), (v) => v === client.name)
      await page.waitForTimeout(400)
    }
    const close = async () => {
      await page.keyboard.press('Escape')
      await page.locator(tid('client-form')).waitFor({ state: 'hidden', timeout: 5000 })
      await until('clientId off the address', () => page.evaluate(() => location.hash), (h) => !h.includes('clientId='))
    }
    await openByLink()
    await app.screenshot('dashboard-client-link-pl')
    await close()
    reply = await app.replyTo('SetPreferences', () => menu(page, 'lang-switch', 'lang-es'))
    await waitLang(page, 'es')
    await openByLink()
    await app.screenshot('dashboard-client-link-es')
    await close()
    reply = await app.replyTo('UsersService.List', () => page.evaluate(() => { location.hash = '#/users?status=active&presence=busy' }))
    assert.ok(reply.result.rows.every((r) => r.presence === 'busy'))
    await app.replyTo('SetPreferences', () => menu(page, 'lang-switch', 'lang-pl'))
    await waitLang(page, 'pl')
    await page.waitForTimeout(400)
    await app.screenshot('dashboard-click-presence-pl')
    await app.replyTo('SetPreferences', () => menu(page, 'lang-switch', 'lang-es'))
    await waitLang(page, 'es')
  })

  step('cropping another user\'s photo names them (Spanish and Polish)', async () => {
    const { page } = app
    fs.writeFileSync(path.join(dialogDir, 'foto.png'), makePNG(300, 220))
    await page.evaluate((id) => { location.hash = `#/users/${id}` }, owner.userId)
    await visible(page, 'avatar-change', 15_000)
    for (const [lang, title] of [['es', `Recortar la foto de ${owner.name}`], ['pl', `Przytnij zdjęcie użytkownika ${owner.name}`]]) {
      if (lang === 'pl') {
        await app.replyTo('SetPreferences', () => menu(page, 'lang-switch', 'lang-pl'))
        await waitLang(page, 'pl')
      }
      const chosen = await app.replyTo('ChooseFile', () => click(page, 'avatar-change'))
      assert.equal(chosen.error, null)
      await visible(page, 'avatar-crop-dialog', 10_000)
      await until('the crop picture loads', () => page.locator(tid('avatar-crop-image')).evaluate((i) => i.complete && i.naturalWidth), (w) => w === 300)
      await textUntil(page, 'avatar-crop-dialog', (s) => s.includes(title), `the crop dialog titled "${title}"`)
      await page.waitForTimeout(300)
      await app.screenshot(`dashboard-crop-other-${lang}`)
      await click(page, 'avatar-crop-cancel')
      await page.locator(tid('avatar-crop-dialog')).waitFor({ state: 'hidden', timeout: 5000 })
    }
    await app.replyTo('SetPreferences', () => menu(page, 'lang-switch', 'lang-es'))
    await waitLang(page, 'es')
  })
})
