// Import users (F2.10), as an Owner clicks it: the template saved through the save dialog; a
// CSV with one bad row chosen through the open dialog (both answered from
// PLANTEL_E2E_DIALOG_DIR) shows the row's error in the preview; a strict import is refused with
// nothing imported; "only valid rows" imports the rest, pending; a large import stopped with
// Stop writes nothing. Screenshots in English and Spanish. The built-in profile is named as
// the Spanish ("Agente") and Polish ("Konsultant") windows name it: imports accept any language.
// The dialog is the one import dialog the clients use too (components/common/ImportDialog.vue):
// Import is not offered while bad rows are in and "valid rows only" is not ticked.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe } from 'node:test'
import { click, fill, menu, setupOwner, startApp, steps, text, textUntil, tid, until, visible, waitLang } from './harness.mjs'

const HEADER = 'first_name,last_name,username,email,phone,extension,language,profile,workspaces'
const ROWS = [
  'Lucía,Romero,lromero,lucia.romero@example.com,+34 600 000 001,201,es,Agente,Main floor',
  'Tomás,Vidal,,tomas.vidal@example.com,,202,es,Agent,Main floor',
  'Rita,Lobo,rlobo,rita.lobo(at)example.com,,203,pt,Agent,Main floor',
  'Piotr,Nowak,pnowak,piotr.nowak@example.com,,204,pl,Konsultant,Main floor',
]

describe('import: preview, strict refusal, only valid rows, stop', () => {
  let app
  const step = steps(() => app)
  const dialogDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plantel-e2e-import-dialog-'))
  const openNext = (name) => fs.writeFileSync(path.join(dialogDir, '.open'), name)

  before(async () => {
    fs.writeFileSync(path.join(dialogDir, 'people.csv'), [HEADER, ...ROWS].join('\r\n') + '\r\n')
    const big = [HEADER]
    for (let i = 1; i <= 3000; i++) big.push(`Bulk${i},Person,bulk${i},bulk${i}@example.com,,,en,Agent,Main floor`)
    fs.writeFileSync(path.join(dialogDir, 'big.csv'), big.join('\r\n') + '\r\n')
    process.env.PLANTEL_E2E_DIALOG_DIR = dialogDir
    app = await startApp('import')
  }, { timeout: 120_000 })
  after(async () => {
    delete process.env.PLANTEL_E2E_DIALOG_DIR
    await app?.stop()
    if (process.env.E2E_KEEP !== '1') fs.rmSync(dialogDir, { recursive: true, force: true })
  }, { timeout: 60_000 })

  const searchTotal = async (q) => (await app.replyTo('List', () => fill(app.page, 'users-search', q))).result.total

  step('first run; the template is saved through the save dialog', async () => {
    const { page } = app
    await setupOwner(app)
    await app.replyTo('List', () => click(page, 'nav-users'))
    await visible(page, 'users-row-omarsh', 15_000)
    const reply = await app.replyTo('SaveImportTemplate', () => menu(page, 'users-import', 'users-import-template'))
    assert.equal(reply.error, null)
    assert.equal(path.dirname(reply.result.path), dialogDir)
    assert.equal(fs.readFileSync(reply.result.path, 'utf8').replace(/^\ufeff/, '').trim(), HEADER)
  })

  step('the chosen file is previewed with the bad row, its line and reason', async () => {
    const { page } = app
    openNext('people.csv')
    const reply = await app.replyTo('PreviewImport', () => menu(page, 'users-import', 'users-import-file'))
    assert.equal(reply.error, null, `PreviewImport answered ${JSON.stringify(reply.error)}`)
    assert.equal(reply.result.preview.valid, 3)
    assert.equal(reply.result.preview.invalid, 1)
    await visible(page, 'import-preview', 10_000)
    assert.equal(await text(page, 'import-file'), 'people.csv')
    await textUntil(page, 'import-invalid-count', (s) => s === '1 row with errors', 'the count of bad rows')
    assert.equal(await page.locator(tid('import-row-4')).getAttribute('data-valid'), 'false')
    await textUntil(page, 'import-errors-4', (s) => s.startsWith('E-mail:') && !/validation|email$/.test(s), 'the translated reason')
    assert.equal(await page.locator(tid('import-row-2')).getAttribute('data-valid'), 'true')
    await page.waitForTimeout(300)
    await app.screenshot('import-preview-en')
  })

  step('with a bad row, Import is not offered until "valid rows only" is ticked', async () => {
    const { page } = app
    assert.equal(await page.locator(tid('import-run')).isDisabled(), true, 'Import offered for a file Go refuses')
    await visible(page, 'import-strict-note', 5000)
    assert.equal(await page.locator(tid('import-row-4')).count(), 1, 'the bad row is listed')
    await app.screenshot('import-refused-en')
    await page.keyboard.press('Escape')
    await page.locator(tid('import-preview')).waitFor({ state: 'hidden', timeout: 5000 })
    assert.equal(await searchTotal('example.com'), 1, 'only the Owner: nothing was imported')
    await app.replyTo('List', () => fill(page, 'users-search', ''))
  })

  step('"only valid rows" imports the three others, pending', async () => {
    const { page } = app
    openNext('people.csv')
    await app.replyTo('PreviewImport', () => menu(page, 'users-import', 'users-import-file'))
    await visible(page, 'import-only-valid', 10_000)
    await click(page, 'import-only-valid')
    const reply = await app.replyTo('UsersService.Import', () => click(page, 'import-run'))
    assert.equal(reply.error, null, `Import answered ${JSON.stringify(reply.error)}`)
    assert.equal(reply.result.created, 3)
    assert.equal(reply.result.skipped, 1)
    await textUntil(page, 'import-result', (s) => s.includes('3 rows imported') && s.includes('1 row with errors was skipped'), 'the summary')
    await app.screenshot('import-done-en')
    await click(page, 'import-close')
    await visible(page, 'users-row-lromero', 10_000)
    await visible(page, 'users-row-tvidal', 10_000)
    assert.equal(await page.locator(tid('user-status-pnowak')).getAttribute('data-status'), 'pending')
    assert.equal(await page.locator(tid('users-row-rlobo')).count(), 0)
  })

  step('a large import stopped with Stop writes nothing', async () => {
    const { page } = app
    openNext('big.csv')
    const preview = await app.replyTo('PreviewImport', () => menu(page, 'users-import', 'users-import-file'), 60_000)
    assert.equal(preview.result.preview.valid, 3000)
    await visible(page, 'import-run', 10_000)
    const reply = await app.replyTo('UsersService.Import', async () => {
      await click(page, 'import-run')
      await visible(page, 'import-progress', 5000)
      await until('some rows done', () => page.locator(tid('import-progress')).innerText(), (s) => /[1-9]\d* of 3000/.test(s))
      // Stop at once (a screenshot first would let a fast machine finish the import).
      await click(page, 'import-cancel')
      await app.screenshot('import-progress-en')
    }, 60_000)
    assert.equal(reply.error?.code, 'canceled')
    await page.keyboard.press('Escape')
    await page.locator(tid('import-preview')).waitFor({ state: 'hidden', timeout: 5000 })
    assert.equal(await searchTotal('bulk'), 0, 'nothing of the stopped import')
    await app.replyTo('List', () => fill(page, 'users-search', ''))
  })

  step('the preview in Spanish', async () => {
    const { page } = app
    await app.replyTo('SetPreferences', () => menu(page, 'lang-switch', 'lang-es'))
    await waitLang(page, 'es')
    openNext('people.csv')
    await app.replyTo('PreviewImport', () => menu(page, 'users-import', 'users-import-file'))
    await textUntil(page, 'import-errors-4', (s) => s.startsWith('Correo'), 'the reason in Spanish')
    await page.waitForTimeout(300)
    await app.screenshot('import-preview-es')
  })

  step('the page raised no uncaught errors', async () => {
    assert.deepEqual(app.pageErrors.map((e) => e.message), [])
  })
})
