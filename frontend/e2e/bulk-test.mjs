// Bulk accounts (F2.5), as an Owner clicks it: a pattern with its live preview (a malformed one
// refused as typed), a run of 500 stopped halfway with nothing created, then 5 accounts whose
// credentials .txt goes through the save dialog (answered from PLANTEL_E2E_DIALOG_DIR); the
// test reads the file, signs in with one account and is sent to change the password first.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe } from 'node:test'
import {
  choose, click, field, fill, menu, setupOwner, signOut, startApp, steps, submitSignIn, text, textUntil, tid, until, visible, waitLang,
} from './harness.mjs'

/** Types a number into a Naive UI number input and leaves it (it commits on blur). */
async function fillNumber(page, id, value) {
  await fill(page, id, value)
  await field(page, id).press('Tab')
}

describe('bulk: generated accounts and their credentials file', () => {
  let app
  const step = steps(() => app)
  const dialogDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plantel-e2e-bulk-dialog-'))
  let accounts = []

  before(async () => {
    process.env.PLANTEL_E2E_DIALOG_DIR = dialogDir
    app = await startApp('bulk')
  }, { timeout: 120_000 })
  after(async () => {
    delete process.env.PLANTEL_E2E_DIALOG_DIR
    await app?.stop()
    if (process.env.E2E_KEEP !== '1') fs.rmSync(dialogDir, { recursive: true, force: true })
  }, { timeout: 60_000 })

  step('first run, then the bulk dialog previews the pattern as it is typed', async () => {
    const { page } = app
    await setupOwner(app)
    await app.replyTo('List', () => click(page, 'nav-users'))
    await visible(page, 'users-row-omarsh', 15_000)
    await click(page, 'users-bulk')
    await visible(page, 'bulk-pattern', 10_000)
    // The form starts from a pattern on the Owner's own domain, already previewed.
    assert.equal(await field(page, 'bulk-pattern').inputValue(), 'agent{n:3}@example.com')
    await textUntil(page, 'bulk-preview-first', (s) => s === 'agent001', 'the default pattern previewed')
    let reply = await app.replyTo('PreviewPattern', () => fill(page, 'bulk-pattern', 'agent@office.test'))
    assert.equal(reply.error?.params?.rule, 'placeholder')
    await until('the pattern refused', () => page.locator(tid('bulk-preview')).getAttribute('data-state'), (v) => v === 'error')
    assert.equal(await page.locator(tid('bulk-submit')).isDisabled(), true, 'no run on a bad pattern')
    reply = await app.replyTo('PreviewPattern', () => fill(page, 'bulk-pattern', 'agent{n:3}@office.test'))
    assert.equal(reply.error, null)
    await textUntil(page, 'bulk-preview-first', (s) => s === 'agent001', 'the first username')
    await textUntil(page, 'bulk-preview-last', (s) => s === 'agent010', 'the last of the default 10')
  })

  step('a run of 500 shows progress and stops on Stop, creating nothing', async () => {
    const { page } = app
    await fillNumber(page, 'bulk-count', '500')
    await textUntil(page, 'bulk-preview-last', (s) => s === 'agent500', 'the last of 500')
    await app.screenshot('bulk-dialog-en')
    const reply = await app.replyTo('InvitesService.Bulk', async () => {
      await click(page, 'bulk-submit')
      await visible(page, 'bulk-progress', 10_000)
      await page.waitForTimeout(500)
      await app.screenshot('bulk-progress-en')
      await click(page, 'bulk-cancel')
    }, 60_000)
    assert.equal(reply.error?.code, 'canceled')
    await page.keyboard.press('Escape')
    await page.locator(tid('bulk-pattern')).waitFor({ state: 'hidden', timeout: 5000 })
    const list = await app.replyTo('List', () => fill(page, 'users-search', 'agent'))
    assert.equal(list.result.total, 0, 'nothing created by the stopped run')
    assert.equal(fs.readdirSync(dialogDir).length, 0, 'no credentials file from the stopped run')
    await app.replyTo('List', () => fill(page, 'users-search', ''))
  })

  step('5 accounts: the credentials file is saved through the dialog and lists them', async () => {
    const { page } = app
    await click(page, 'users-bulk')
    await textUntil(page, 'bulk-preview-first', (s) => s === 'agent001', 'the default pattern previewed')
    await fillNumber(page, 'bulk-count', '5')
    await textUntil(page, 'bulk-preview-last', (s) => s === 'agent005', 'the last of 5')
    const reply = await app.replyTo('InvitesService.Bulk', () => click(page, 'bulk-submit'), 60_000)
    assert.equal(reply.error, null, `Bulk answered ${JSON.stringify(reply.error)}`)
    const file = reply.result.path
    assert.equal(path.dirname(file), dialogDir)
    await textUntil(page, 'bulk-result', (s) => s.includes(file), 'the saved path shown')
    const body = fs.readFileSync(file, 'utf8')
    accounts = body.split('\r\n').filter((l) => /^agent\d{3}\t/.test(l)).map((l) => {
      const [username, email, password] = l.split('\t')
      return { username, email, password }
    })
    assert.deepEqual(accounts.map((a) => a.username), ['agent001', 'agent002', 'agent003', 'agent004', 'agent005'])
    assert.ok(accounts.every((a) => a.password.length >= 15), 'policy-length passwords')
    assert.ok(body.includes('must change'), 'the file says the password must be changed')
    await app.screenshot('bulk-result-en')
    await click(page, 'bulk-close')
    await app.replyTo('List', () => fill(page, 'users-search', 'agent'))
    await until('5 rows', () => page.locator('[data-testid^="users-row-agent"]').count(), (n) => n === 5)
    assert.equal(await page.locator(tid('user-status-agent003')).getAttribute('data-status'), 'pending')
  })

  step('the dialog in Spanish', async () => {
    const { page } = app
    await app.replyTo('SetPreferences', () => menu(page, 'lang-switch', 'lang-es'))
    await waitLang(page, 'es')
    await click(page, 'users-bulk')
    await visible(page, 'bulk-pattern', 10_000)
    await textUntil(page, 'bulk-preview-first', (s) => s.startsWith('agent'), 'a preview')
    await page.waitForTimeout(300)
    await app.screenshot('bulk-dialog-es')
    await page.keyboard.press('Escape')
    await app.replyTo('SetPreferences', () => menu(page, 'lang-switch', 'lang-en'))
    await waitLang(page, 'en')
  })

  step('a generated account signs in and must change its password first', async () => {
    const { page } = app
    await signOut(page)
    const a = accounts[2]
    const reply = await submitSignIn(app, a.username, a.password)
    assert.equal(reply.error, null, `SignIn answered ${JSON.stringify(reply.error)}`)
    assert.equal(reply.result.user.mustChangePassword, true)
    await visible(page, 'chpw-forced', 15_000)
    assert.match(page.url(), /change-password/)
  })

  step('the page raised no uncaught errors', async () => {
    assert.deepEqual(app.pageErrors.map((e) => e.message), [])
  })
})
