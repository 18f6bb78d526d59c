// Clients and portfolios (F8), as an Owner clicks it: users to work with, clients by hand and
// by import (a CSV written here, answered through the e2e dialog dir), a user's portfolio tab
// where the whole portfolio is transferred to another user and then spread over three, the
// unassigned clients assigned in bulk, and an agent who sees only their own clients.
// Screenshots of each screen in Spanish and Polish.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe } from 'node:test'
import { click, fill, menu, setupOwner, signOut, startApp, steps, submitSignIn, textUntil, tid, until, visible, waitLang } from './harness.mjs'

const PASSWORD = 'Saffron-Harbor-7713!'
const AGENTS = [
  { firstName: 'Ana', lastName: 'Ruiz', username: 'aruiz' },
  { firstName: 'Bea', lastName: 'Soto', username: 'bsoto' },
  { firstName: 'Carl', lastName: 'Nowak', username: 'cnowak' },
  { firstName: 'Dana', lastName: 'Lis', username: 'dlis' },
  { firstName: 'Eryk', lastName: 'Wróbel', username: 'ewrobel' },
]

/** The import file: 20 clients for aruiz, 9 unassigned, one row with a bad e-mail. */
function importCSV() {
  const lines = ['name;document_id;phone;email;tags;owner']
  for (let i = 1; i <= 20; i++) lines.push(`Cliente Importado ${String(i).padStart(2, '0')};IMP-${i};+34 600 000 ${String(100 + i)};imp${i}@example.com;importado;aruiz`)
  for (let i = 1; i <= 9; i++) lines.push(`Sin Dueño ${i};FREE-${i};;;;`)
  lines.push('Fila Mala;BAD-1;;no-es-correo;;')
  return lines.join('\n') + '\n'
}

describe('clients: by hand, import, transfer, spread, bulk assign, agent scope', () => {
  let app
  let dialogDir
  const ids = {}
  const step = steps(() => app)

  /** Calls a bound method from the page (set-up and checks, not what is under test). */
  const call = (service, method, ...args) =>
    app.page.evaluate(([s, m, a]) => window.go.app[s][m](...a), [service, method, args])
  const portfolioSize = async (username) =>
    (await call('ClientsService', 'List', { ownerIds: [ids[username]], limit: 1 })).total
  const pause = () => app.page.waitForTimeout(450) // dialogs fade in; for the screenshots

  before(async () => {
    dialogDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plantel-e2e-clients-dialog-'))
    process.env.PLANTEL_E2E_DIALOG_DIR = dialogDir
    app = await startApp('clients')
  }, { timeout: 120_000 })
  after(async () => {
    await app?.stop()
    delete process.env.PLANTEL_E2E_DIALOG_DIR
    if (process.env.E2E_KEEP !== '1') fs.rmSync(dialogDir, { recursive: true, force: true })
  }, { timeout: 60_000 })

  step('first run, five agents, and the Clients page in Spanish', async () => {
    const { page } = app
    await setupOwner(app)
    const options = await call('UsersService', 'Options')
    const agentProfile = options.profiles.find((p) => p.role === 'agent').id
    const workspace = options.workspaces[0].id
    for (const a of AGENTS) {
      ids[a.username] = await call('UsersService', 'Create', {
        ...a, email: `${a.username}@example.com`, phone: '', extension: '', language: 'es', profileId: agentProfile,
        workspaceIds: [workspace], active: true, password: PASSWORD, mustSetPassword: false,
      })
    }
    const reply = await app.replyTo('SetPreferences', () => menu(page, 'lang-switch', 'lang-es'))
    assert.equal(reply.error, null)
    await waitLang(page, 'es')
    const list = await app.replyTo('ClientsService.List', () => click(page, 'nav-clients'))
    assert.equal(list.error, null, `List answered ${JSON.stringify(list.error)}`)
    await visible(page, 'clients-empty', 15_000)
  })

  step('a client by hand, given to Ana through the user picker', async () => {
    const { page } = app
    await click(page, 'clients-new')
    await visible(page, 'client-name', 10_000)
    await fill(page, 'client-name', 'Łucja Núñez')
    await fill(page, 'client-document', '12345678Z')
    await fill(page, 'client-phone', '+34 611 222 333')
    await fill(page, 'client-email', 'lucja@example.com')
    await click(page, 'client-tags')
    await page.locator(`${tid('client-tags')} input`).first().fill('vip')
    await page.keyboard.press('Enter')
    await page.keyboard.press('Escape')
    await click(page, 'client-owner')
    await page.locator(`${tid('client-owner')} input`).first().fill('ruiz')
    await page.locator(tid('user-option-aruiz')).first().click()
    await pause()
    await app.screenshot('clients-form-es')
    const reply = await app.replyTo('Create', () => click(page, 'client-save'))
    assert.equal(reply.error, null, `Create answered ${JSON.stringify(reply.error)}`)
    assert.equal(reply.result.ownerUsername, 'aruiz')
    // A bad e-mail is refused with the translated rule under the field.
    await click(page, 'clients-new')
    await fill(page, 'client-name', 'Sin Correo')
    await fill(page, 'client-email', 'sin@correo')
    const bad = await app.replyTo('Create', () => click(page, 'client-save'))
    assert.equal(bad.error?.code, 'validation')
    await until('the e-mail error under the field', () => page.locator(`${tid('client-form')} .n-form-item-feedback`).allInnerTexts(),
      (texts) => texts.some((s) => s.includes('correo electrónico válido')))
    await fill(page, 'client-email', '')
    const ok = await app.replyTo('Create', () => click(page, 'client-save'))
    assert.equal(ok.error, null)
    await until('two clients listed', () => page.locator(tid('clients-row')).count(), (n) => n === 2)
  })

  step('import from CSV: preview with the bad row, then only the valid rows', async () => {
    const { page } = app
    fs.writeFileSync(path.join(dialogDir, 'clientes.csv'), importCSV())
    fs.writeFileSync(path.join(dialogDir, '.open'), 'clientes.csv')
    await click(page, 'clients-import')
    await visible(page, 'import-choose', 10_000)
    const preview = await app.replyTo('PreviewImport', () => click(page, 'import-choose'))
    assert.equal(preview.error, null, `PreviewImport answered ${JSON.stringify(preview.error)}`)
    assert.equal(preview.result.preview.valid, 29)
    assert.equal(preview.result.preview.invalid, 1)
    await visible(page, 'import-errors-31', 10_000)
    const why = await page.locator(tid('import-errors-31')).innerText()
    assert.match(why, /^Correo: .*correo electrónico válido/, `row error: ${why}`)
    assert.equal(await page.locator(tid('import-run')).isDisabled(), true, 'nothing is imported while rows have errors')
    await pause()
    await app.screenshot('clients-import-es')
    await click(page, 'import-only-valid')
    const done = await app.replyTo('Import', () => click(page, 'import-run'))
    assert.equal(done.error, null, `Import answered ${JSON.stringify(done.error)}`)
    assert.deepEqual(done.result, { created: 29, skipped: 1 })
    await textUntil(page, 'import-result', (s) => s.includes('29') && s.includes('1'), 'the counts in the dialog')
    await click(page, 'import-close')
    await until('31 clients', async () => Number(await page.locator(tid('clients-total')).getAttribute('data-total')), (n) => n === 31)
    await app.screenshot('clients-es')
    // The list exports through the save dialog; CSV in Spanish: headers in Spanish, ";" separated
    // (Excel in Spanish opens it in columns), every client of the list.
    const exp = await app.replyTo('ClientsService.Export', () => menu(page, 'clients-export', 'clients-export-csv'))
    assert.equal(exp.error, null, `Export answered ${JSON.stringify(exp.error)}`)
    const csvLines = fs.readFileSync(exp.result.path, 'utf8').replace(/^\ufeff/, '').trim().split(/\r?\n/)
    assert.match(csvLines[0], /^Nombre;Documento;Teléfono;Correo;/)
    assert.equal(csvLines.length, 32, 'header and 31 clients')
    // The template goes where the save dialog says.
    await click(page, 'clients-import')
    const tpl = await app.replyTo('SaveImportTemplate', () => click(page, 'import-template'))
    assert.equal(tpl.error, null)
    assert.match(fs.readFileSync(tpl.result.path, 'utf8'), /^\ufeffname,document_id,phone,email,workspace,tags,notes,owner/)
    await click(page, 'import-cancel')
  })

  step("Ana's portfolio tab: transfer the whole portfolio to Bea", async () => {
    const { page } = app
    assert.equal(await portfolioSize('aruiz'), 21)
    await page.goto(`${app.url}#/users/${ids.aruiz}`)
    await click(page, 'tab-clients') // the profile page opens on Details
    await until("Ana's portfolio count", async () => Number(await page.locator(tid('portfolio-total')).getAttribute('data-total')), (n) => n === 21, 15_000)
    await app.screenshot('clients-portfolio-es')
    await click(page, 'portfolio-transfer')
    await visible(page, 'transfer-recipient', 10_000)
    await click(page, 'transfer-recipient')
    await page.locator(`${tid('transfer-recipient')} input`).first().fill('soto')
    await page.locator(tid('user-option-bsoto')).first().click()
    await pause()
    await app.screenshot('clients-transfer-es')
    const reply = await app.replyTo('Transfer', () => click(page, 'transfer-confirm'))
    assert.equal(reply.error, null, `Transfer answered ${JSON.stringify(reply.error)}`)
    assert.equal(reply.result.clients, 21)
    await until("Ana's portfolio is empty", async () => Number(await page.locator(tid('portfolio-total')).getAttribute('data-total')), (n) => n === 0)
    assert.equal(await portfolioSize('bsoto'), 21)
  })

  step("Bea's portfolio spread over Carl, Dana and Eryk: 7 each", async () => {
    const { page } = app
    await page.goto(`${app.url}#/users/${ids.bsoto}`)
    await click(page, 'tab-clients') // the profile page opens on Details
    await until("Bea's portfolio count", async () => Number(await page.locator(tid('portfolio-total')).getAttribute('data-total')), (n) => n === 21, 15_000)
    await click(page, 'portfolio-spread')
    await visible(page, 'transfer-recipients', 10_000)
    for (const [u, q] of [['cnowak', 'nowak'], ['dlis', 'lis'], ['ewrobel', 'wrobel']]) {
      await click(page, 'transfer-recipients')
      await page.locator(`${tid('transfer-recipients')} input`).first().fill(q)
      await page.locator(tid(`user-option-${u}`)).first().click()
      await page.keyboard.press('Escape')
    }
    await until('the even split hint', () => page.locator(tid('transfer-spread-hint')).innerText(), (s) => s.includes('7'))
    await pause()
    await app.screenshot('clients-spread-es')
    const reply = await app.replyTo('Transfer', () => click(page, 'transfer-confirm'))
    assert.equal(reply.error, null, `Transfer answered ${JSON.stringify(reply.error)}`)
    await until("Bea's portfolio is empty", async () => Number(await page.locator(tid('portfolio-total')).getAttribute('data-total')), (n) => n === 0)
    assert.deepEqual([await portfolioSize('cnowak'), await portfolioSize('dlis'), await portfolioSize('ewrobel')], [7, 7, 7])
  })

  step('the unassigned clients: three assigned in bulk to Ana', async () => {
    const { page } = app
    await click(page, 'nav-clients')
    await visible(page, 'clients-tabs', 15_000)
    const reply = await app.replyTo('ClientsService.List', () => click(page, 'clients-tab-unassigned'))
    assert.equal(reply.result.total, 10) // 9 imported + 1 by hand
    await until('10 unassigned rows', () => page.locator(tid('clients-row')).count(), (n) => n === 10)
    for (let i = 0; i < 3; i++) await page.locator(`${tid('clients-row')} .n-checkbox`).nth(i).click()
    await until('3 selected', () => page.locator(tid('clients-bulk')).getAttribute('data-selected'), (v) => v === '3')
    await app.screenshot('clients-unassigned-es')
    await click(page, 'clients-assign')
    await click(page, 'transfer-recipient')
    await page.locator(`${tid('transfer-recipient')} input`).first().fill('ruiz')
    await page.locator(tid('user-option-aruiz')).first().click()
    const moved = await app.replyTo('Transfer', () => click(page, 'transfer-confirm'))
    assert.equal(moved.error, null, `Transfer answered ${JSON.stringify(moved.error)}`)
    assert.equal(moved.result.clients, 3)
    await until('7 unassigned left', () => page.locator(tid('clients-row')).count(), (n) => n === 7)
    assert.equal(await portfolioSize('aruiz'), 3)
  })

  step('the same screens in Polish', async () => {
    const { page } = app
    const reply = await app.replyTo('SetPreferences', () => menu(page, 'lang-switch', 'lang-pl'))
    assert.equal(reply.error, null)
    await waitLang(page, 'pl')
    await app.screenshot('clients-unassigned-pl')
    await click(page, 'clients-tab-all')
    await until('all clients', async () => Number(await page.locator(tid('clients-total')).getAttribute('data-total')), (n) => n === 31)
    await app.screenshot('clients-pl')
    await page.locator(tid('clients-row')).first().locator(`[data-testid^="client-edit-"]`).click()
    await visible(page, 'client-name', 10_000)
    await pause()
    await app.screenshot('clients-form-pl')
    await page.keyboard.press('Escape')
    await click(page, 'clients-import')
    await app.replyTo('PreviewImport', () => click(page, 'import-choose'))
    // Imported already: now every row's document ID is taken.
    await page.locator('[data-testid^="import-errors-"]').first().waitFor({ state: 'visible', timeout: 10_000 })
    await pause()
    await app.screenshot('clients-import-pl')
    await click(page, 'import-cancel')
    await page.goto(`${app.url}#/users/${ids.cnowak}`)
    await click(page, 'tab-clients') // the profile page opens on Details
    await until("Carl's portfolio", async () => Number(await page.locator(tid('portfolio-total')).getAttribute('data-total')), (n) => n === 7, 15_000)
    await app.screenshot('clients-portfolio-pl')
    await click(page, 'portfolio-transfer')
    await visible(page, 'transfer-recipient', 10_000)
    await pause()
    await app.screenshot('clients-transfer-pl')
    await click(page, 'transfer-cancel')
    await click(page, 'portfolio-spread')
    await visible(page, 'transfer-recipients', 10_000)
    await pause()
    await app.screenshot('clients-spread-pl')
    await click(page, 'transfer-cancel')
  })

  step('links from other screens pre-set the filters and open a client', async () => {
    const { page } = app
    const go = (hash) => app.replyTo('ClientsService.List', () => page.evaluate((h) => { location.hash = h }, hash))
    let reply = await go('#/clients?unassigned=1')
    assert.equal(reply.result.total, 7)
    await until('the unassigned tab', () => page.locator(`${tid('clients-tab-unassigned')}.n-radio-button--checked`).count(), (n) => n === 1)
    await until('7 rows', () => page.locator(tid('clients-row')).count(), (n) => n === 7)
    reply = await go('#/clients?tag=importado')
    assert.equal(reply.result.total, 20)
    assert.ok(reply.result.rows.every((r) => (r.tags ?? []).includes('importado')))
    await until('the all tab', () => page.locator(`${tid('clients-tab-all')}.n-radio-button--checked`).count(), (n) => n === 1)
    await until('the tag filter', () => page.locator(tid('clients-filter-tags')).innerText(), (s) => s.includes('importado'))
    reply = await go(`#/clients?ownerId=${ids.cnowak}`)
    assert.equal(reply.result.total, 7)
    assert.ok(reply.result.rows.every((r) => r.ownerUsername === 'cnowak'))
    await until('the owner filter names Carl', () => page.locator(tid('clients-filter-owner')).innerText(), (s) => s.includes('Carl Nowak'))
    assert.equal(await page.locator(tid('clients-filter-tags')).innerText().then((s) => s.includes('importado')), false, 'the tag filter is cleared')
    await until('7 rows', () => page.locator(tid('clients-total')).getAttribute('data-total'), (v) => v === '7')
    await app.screenshot('clients-link-owner-pl')
    // The agenda's "Open client": that client's form, over the list.
    const client = reply.result.rows[0]
    await app.replyTo('ClientsService.Get', () => page.evaluate(([o, c]) => { location.hash = `#/clients?ownerId=${o}&clientId=${c}` }, [ids.cnowak, client.id]))
    await visible(page, 'client-form', 10_000)
    await until('the client in the form', () => page.locator(`${tid('client-name')} input`).inputValue(), (v) => v === client.name)
    await pause()
    await app.screenshot('clients-link-client-pl')
    await page.keyboard.press('Escape')
    await page.locator(tid('client-form')).waitFor({ state: 'hidden', timeout: 5000 })
  })

  step('an agent sees only their own clients', async () => {
    const { page } = app
    await signOut(page)
    const reply = await submitSignIn(app, 'dlis', PASSWORD)
    assert.equal(reply.error, null, `SignIn answered ${JSON.stringify(reply.error)}`)
    const list = await app.replyTo('ClientsService.List', () => click(page, 'nav-clients'))
    assert.equal(list.error, null)
    assert.equal(list.result.total, 7)
    assert.ok(list.result.rows.every((r) => r.ownerUsername === 'dlis'), 'only Dana\'s clients')
    await until('7 rows', () => page.locator(tid('clients-row')).count(), (n) => n === 7)
    assert.equal(await page.locator(tid('clients-import')).count(), 0, 'agents do not import')
    // Asking Go for someone else's portfolio still gives only their own.
    const other = await call('ClientsService', 'List', { ownerIds: [ids.cnowak], limit: 50 })
    assert.equal(other.total, 0)
    await app.screenshot('clients-agent-es')
  })

  step('the page raised no uncaught errors', async () => {
    assert.deepEqual(app.pageErrors.map((e) => e.message), [])
  })
})
