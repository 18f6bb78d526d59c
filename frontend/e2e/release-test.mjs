// Release area (issue 11, 12.7): the recovery window on a damaged database, and the audit
// page of the Owner: entries newest first, a filter in the address, and the CSV export.
import assert from 'node:assert/strict'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe } from 'node:test'
import { click, setupOwner, startApp, steps, tid, until, visible } from './harness.mjs'

describe('recovery window: a damaged database at start', () => {
  let app
  const step = steps(() => app)
  before(async () => {
    app = await startApp('release-recovery', {
      // A file that claims to be SQLite but whose pages are junk: it must not open and run.
      prepareDataDir: (dir) => {
        const junk = Buffer.alloc(4096 * 8, 0x5a)
        Buffer.from('SQLite format 3\u0000').copy(junk, 0)
        fs.writeFileSync(path.join(dir, 'plantel.db'), junk)
      },
    })
  }, { timeout: 120_000 })
  after(async () => { await app?.stop() }, { timeout: 60_000 })

  step('shows the recovery page with the reason in plain words, not sign-in', async () => {
    const { page } = app
    await visible(page, 'recovery-page', 20_000)
    assert.equal(await page.locator(tid('recovery-reason')).getAttribute('data-code'), 'db_corrupt')
    const reason = await page.locator(tid('recovery-reason')).innerText()
    assert.match(reason, /damaged/i)
    assert.match(await page.locator(tid('recovery-path')).innerText(), /plantel\.db$/)
    await visible(page, 'recovery-no-backup')
    assert.equal(await page.locator(tid('signin-login')).count(), 0, 'no sign-in on a broken database')
    await app.screenshot('recovery-corrupt-en')
  })
})

describe('audit page: the Owner reads, filters and exports the log', () => {
  let app
  const step = steps(() => app)
  const dialogDir = fs.mkdtempSync(path.join(os.tmpdir(), 'plantel-e2e-audit-dialog-'))
  before(async () => {
    process.env.PLANTEL_E2E_DIALOG_DIR = dialogDir
    app = await startApp('release-audit')
  }, { timeout: 120_000 })
  after(async () => {
    delete process.env.PLANTEL_E2E_DIALOG_DIR
    await app?.stop()
    fs.rmSync(dialogDir, { recursive: true, force: true })
  }, { timeout: 60_000 })

  step('the sidebar has Audit and Sync (each a real screen) and no Workspace entry; the page lists the setup', async () => {
    const { page } = app
    await setupOwner(app)
    assert.equal(await page.locator(tid('nav-sync')).count(), 1)
    assert.equal(await page.locator(tid('nav-workspace')).count(), 0)
    const reply = await app.replyTo('AuditService.List', () => click(page, 'nav-audit'))
    assert.equal(reply.error, null, JSON.stringify(reply.error))
    assert.ok(reply.result.rows.length > 3, 'setup wrote entries')
    await visible(page, 'audit-page')
    await until('rows in the table', () => page.locator(tid('audit-action')).count(), (n) => n > 3)
    // The password hash of the Owner's creation shows only as changed.
    const secret = await page.locator('[data-testid="audit-changes"] li[data-secret="1"]').count()
    assert.ok(secret >= 1, 'a secret field is shown as changed')
    await app.screenshot('audit-en')
  })

  step('a filter lives in the address and survives a reload', async () => {
    const { page } = app
    const url = page.url().replace(/#.*$/, '') + '#/audit?action=sign_in'
    const reply = await app.replyTo('AuditService.List', () => page.goto(url))
    assert.equal(reply.error, null)
    assert.ok(reply.result.rows.length >= 1)
    assert.ok(reply.result.rows.every((r) => r.action === 'sign_in'), 'only sign-ins')
    await until('only sign-ins shown', () => page.locator(tid('audit-action')).allInnerTexts(),
      (xs) => xs.length >= 1 && xs.every((x) => x === 'Signed in'))
  })

  step('export writes the filtered entries to CSV through the save dialog', async () => {
    const { page } = app
    await click(page, 'audit-export')
    const reply = await app.replyTo('AuditService.Export', () => page.getByText('CSV file').click())
    assert.equal(reply.error, null, JSON.stringify(reply.error))
    const file = reply.result.path
    assert.ok(file.startsWith(dialogDir) && file.endsWith('.csv'), file)
    const csv = fs.readFileSync(file, 'utf8')
    const lines = csv.trim().split(/\r?\n/)
    // Headers, entities and actions in the exporter's language (English here), as the page says them.
    assert.ok(lines[0].replace(/^\ufeff/, '').startsWith('When,Actor ID,Who,'), lines[0])
    assert.ok(lines.length >= 2 && lines.slice(1).every((l) => l.includes(',Signed in,') && !l.includes(',sign_in,')), csv)
  })

  step('Ctrl+K opens the command palette; Esc closes it; Enter jumps to what was typed', async () => {
    const { page } = app
    await click(page, 'nav-home')
    await page.keyboard.press('Control+k')
    await visible(page, 'palette-input')
    await page.keyboard.press('Escape')
    await page.locator(tid('palette-input')).waitFor({ state: 'hidden', timeout: 5000 })
    await page.keyboard.press('Control+k')
    await page.locator(`${tid('palette-input')} input`).fill('Audit')
    await until('Audit offered', () => page.locator(tid('palette-item')).allInnerTexts(), (xs) => xs.some((x) => x.includes('Audit')))
    await app.screenshot('palette-en')
    await page.keyboard.press('Enter')
    await visible(page, 'audit-page', 10_000)
  })

  step('readable at 125% and 150% scaling and in dark mode (screenshots)', async () => {
    const { page } = app
    for (const zoom of ['1.25', '1.5']) {
      await page.evaluate((z) => { document.documentElement.style.zoom = z }, zoom)
      await page.waitForTimeout(300)
      // Nothing spills sideways out of the window: wide tables scroll inside themselves.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)
      assert.ok(overflow <= 1, `the page overflows by ${overflow}px at ${zoom}`)
      await app.screenshot(`audit-zoom-${Math.round(Number(zoom) * 100)}`)
    }
    await page.evaluate(() => { document.documentElement.style.zoom = '' })
    await page.emulateMedia({ colorScheme: 'dark' })
    await until('the dark theme applied', () => page.evaluate(() => getComputedStyle(document.body).backgroundColor),
      (c) => { const [r, g, b] = (c.match(/\d+/g) || []).map(Number); return r + g + b < 200 })
    await app.screenshot('audit-dark')
    await page.emulateMedia({ colorScheme: 'light' })
  })
})
