// A workstation's first download through the server's ready copy, in the real window
// (docs/sync.md, "A workstation's first download"): a real plantel-server on 127.0.0.1 (built
// as in sync-test.mjs, or PLANTEL_SERVER_BIN); A sets up an organization, adds two users,
// enrolls and syncs; the server is restarted so that its start-up build publishes the copy
// ("snapshot: copy published" in its log); A then adds one more user, after the copy. B (a dev
// build with PLANTEL_SYNC_COPY_FROM=1, so this small organization goes through the copy) joins
// from its setup screen: the join screen says it downloads the copy or restarts into it, the
// app relaunches itself (the same process execs anew: the dev server goes away and comes back
// on the same port, and the page is opened again), B shows the sign-in page, A's Owner signs
// in on B and finds every user of A, the one made after the copy included once "Sync now"
// pulled the tail. The spec fails when the copy is not used (B's log must say it staged the
// copy, relaunched and restored it).
import assert from 'node:assert/strict'
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { after, before, describe } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import {
  ARTIFACTS, OWNER, ROOT, choose, click, fill, setupOwner, startApp, steps, submitSignIn, tid, until, visible,
} from './harness.mjs'

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'plantel-e2e-synccopy-server-'))
const SERVER_BIN = process.env.PLANTEL_SERVER_BIN || path.join(tmp, 'plantel-server')
const DSN = `sqlite:${path.join(tmp, 'server.db')}`
const SERVER_LOG = path.join(ARTIFACTS, 'synccopy-server.log')
let server = null
let port = 0

const locale = JSON.parse(fs.readFileSync(path.join(ROOT, 'frontend', 'src', 'i18n', 'locales', 'synccopy', 'en.json'), 'utf8'))
// "Downloading the organization's copy… {done} of {total} · {pct}%" up to its first parameter.
const COPY_TEXT = locale.sync.progress.copy.split('{')[0].trim()
const RESTART_TEXT = locale.sync.join.restarting

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const p = srv.address().port
      srv.close(() => resolve(p))
    })
  })
}

function killServer(signal) {
  if (!server?.pid) return
  try {
    process.kill(-server.pid, signal)
  } catch {
    /* gone */
  }
}
process.on('exit', () => killServer('SIGKILL'))

/** Starts `plantel-server serve` on port (the same one after a restart); resolves with its URL. */
async function startServer() {
  fs.mkdirSync(ARTIFACTS, { recursive: true })
  const log = fs.openSync(SERVER_LOG, 'a')
  server = spawn(SERVER_BIN, ['serve', '--addr', `127.0.0.1:${port}`, '--db', DSN], { stdio: ['ignore', log, log], detached: true })
  fs.closeSync(log)
  const url = `http://127.0.0.1:${port}`
  await until('plantel-server /healthz', async () => (await fetch(`${url}/healthz`)).status, (s) => s === 200, 20_000)
  return url
}

async function stopServer() {
  if (!server || server.exitCode !== null || server.signalCode !== null) return
  const gone = new Promise((resolve) => server.once('exit', resolve))
  killServer('SIGTERM')
  await Promise.race([gone, sleep(10_000)])
  killServer('SIGKILL')
}

/** A one-time code from `plantel-server enroll-code` (alone on the last line of stdout). */
function cliCode() {
  const out = execFileSync(SERVER_BIN, ['enroll-code', '--db', DSN]).toString().trim().split('\n')
  return out[out.length - 1].trim()
}

const readLog = (file) => {
  try {
    return fs.readFileSync(file, 'utf8')
  } catch {
    return ''
  }
}

/** Opens the Sync page and clicks "Sync now"; returns its status. */
async function syncNow(app) {
  const { page } = app
  await click(page, 'sync-status-area')
  await visible(page, 'sync-tabs', 10_000)
  await page.locator('.n-tabs-tab', { hasText: /Server/ }).first().click()
  await visible(page, 'sync-now', 10_000)
  const reply = await app.replyTo('SyncNow', () => click(page, 'sync-now'), 30_000)
  assert.equal(reply.error, null, `${app.name}: SyncNow answered ${JSON.stringify(reply.error)}`)
  return reply.result
}

/** Creates an agent through the new-user dialog. */
async function createUser(app, u) {
  const { page } = app
  await click(page, 'nav-users')
  await click(page, 'users-new')
  await visible(page, 'create-first-name', 10_000)
  await fill(page, 'create-first-name', u.firstName)
  await fill(page, 'create-last-name', u.lastName)
  await sleep(300) // the proposed username arrives; ours replaces it
  await fill(page, 'create-username', u.username)
  await fill(page, 'create-email', `${u.username}@example.com`)
  await choose(page, 'create-profile', /^Agent/i)
  await fill(page, 'create-password', 'Lemon-Harbor-2931!')
  const reply = await app.replyTo('Create', () => click(page, 'create-submit'))
  assert.equal(reply.error, null, `${app.name}: Create answered ${JSON.stringify(reply.error)}`)
  await page.locator(tid('create-first-name')).waitFor({ state: 'hidden', timeout: 5000 })
}

/** The usernames the Users page lists. */
async function listedUsers(app) {
  const { page } = app
  await click(page, 'sync-status-area') // leave the page so that the list loads anew
  const reply = await app.replyTo('List', () => click(page, 'nav-users'))
  assert.equal(reply.error, null)
  await visible(page, 'users-page', 10_000)
  await sleep(200)
  const ids = await page.locator('[data-testid^="users-row-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))
  return ids.map((s) => s.replace('users-row-', '')).sort()
}

const BEFORE_COPY = [
  { firstName: 'Ada', lastName: 'Quinn', username: 'aquinn' },
  { firstName: 'Bruno', lastName: 'Sala', username: 'bsala' },
]
const AFTER_COPY = { firstName: 'Carla', lastName: 'Vidal', username: 'cvidal' }

describe('sync: a workstation joins from the server ready copy and restarts into it', () => {
  let a, b, url
  let current = null
  const step = steps(() => current)

  before(async () => {
    if (!process.env.PLANTEL_SERVER_BIN) {
      const env = { ...process.env, PATH: ['/usr/local/go/bin', process.env.PATH || ''].join(path.delimiter) }
      execFileSync('go', ['build', '-o', SERVER_BIN, './backend/cmd/plantel-server'], { cwd: ROOT, env, stdio: 'inherit' })
    }
    fs.mkdirSync(ARTIFACTS, { recursive: true })
    fs.writeFileSync(SERVER_LOG, '')
    port = await freePort()
    url = await startServer()
    ;[a, b] = await Promise.all([startApp('synccopy-a'), startApp('synccopy-b', { env: { PLANTEL_SYNC_COPY_FROM: '1' } })])
  }, { timeout: 180_000 })
  after(async () => {
    await Promise.all([a?.stop(), b?.stop()])
    await stopServer()
    fs.rmSync(tmp, { recursive: true, force: true })
  }, { timeout: 60_000 })

  step('A sets up an organization with two users, enrolls and syncs', async () => {
    current = a
    const { page } = a
    await setupOwner(a)
    for (const u of BEFORE_COPY) await createUser(a, u)
    await click(page, 'sync-status-area')
    await visible(page, 'sync-url', 10_000)
    await fill(page, 'sync-url', url)
    await fill(page, 'sync-code', cliCode())
    const reply = await a.replyTo('SyncNow', () => click(page, 'sync-enroll'), 30_000)
    assert.equal(reply.error, null, `SyncNow after enrolling answered ${JSON.stringify(reply.error)}`)
    assert.equal(reply.result.pending, 0, 'everything on A was uploaded')
  })

  step('the restarted server publishes its copy; A adds a user after it', async () => {
    await stopServer()
    await startServer() // its start-up build publishes the copy of what A uploaded (if the build 10 s after the push did not)
    await until('the server log to say "snapshot: copy published"', () => readLog(SERVER_LOG).includes('snapshot: copy published'), (v) => v, 20_000)
    assert.ok(fs.readdirSync(`${DSN.slice('sqlite:'.length)}.snapshots`).some((f) => /^snapshot-\d+\.db$/.test(f)), 'a copy beside the server database')
    current = a
    await createUser(a, AFTER_COPY)
    const st = await syncNow(a)
    assert.equal(st.pending, 0, 'the user made after the copy was uploaded')
  })

  step('B joins with a code: it downloads the copy, relaunches and shows the sign-in page', async () => {
    current = a
    const made = await a.replyTo('NewEnrollCode', () => click(a.page, 'sync-new-code'))
    assert.equal(made.error, null, `NewEnrollCode answered ${JSON.stringify(made.error)}`)
    const code = made.result.code

    current = b
    const { page } = b
    await visible(page, 'setup-join-open', 20_000)
    await click(page, 'setup-join-open')
    await fill(page, 'join-url', url)
    await fill(page, 'join-code', code)
    // Every text the join screen shows while it works (the window goes away with the restart).
    await page.evaluate(() => {
      window.__joinTexts = []
      const grab = () => {
        for (const el of document.querySelectorAll('[data-testid="sync-progress-text"], [data-testid="join-restarting"]')) {
          const s = el.textContent.trim()
          if (s && !window.__joinTexts.includes(s)) window.__joinTexts.push(s)
        }
      }
      new MutationObserver(grab).observe(document.body, { subtree: true, childList: true, characterData: true })
    })
    const appLog = path.join(ARTIFACTS, 'synccopy-b-app.log')
    await click(page, 'join-submit')
    const logSays = (what) => until(`B's log (${appLog}) to say "${what}"`, () => readLog(appLog).includes(what), (v) => v, 30_000)
    await logSays('relaunching')
    const log = readLog(appLog)
    assert.ok(log.includes("the organization's copy is staged"), 'B staged the copy')
    const texts = await page.evaluate(() => window.__joinTexts)
    console.log(`# the join screen said: ${JSON.stringify(texts)}`)
    // The download's bar (emitted while it runs); the restart's sentence may not reach the page
    // before the window goes.
    assert.ok(texts.some((s) => s.startsWith(COPY_TEXT)), `the join screen said ${JSON.stringify(texts)}, not "${COPY_TEXT}"`)
    if (!texts.includes(RESTART_TEXT)) console.log(`# the window went before it showed "${RESTART_TEXT}"`)

    // The same process execs anew: its dev server closes, then listens again on the same port.
    await logSays('backup restored') // the relaunched app put the staged copy in place
    await until("B's dev server to answer again", async () => (await fetch(b.url)).status, (s) => s === 200, 30_000)
    await page.goto(b.url)
    await visible(page, 'signin-login', 20_000)
    await b.screenshot('synccopy-b-signin')
  })

  step("A's Owner signs in on B and finds A's users; the one made after the copy comes with the tail", async () => {
    current = b
    const signIn = await submitSignIn(b, OWNER.username, OWNER.password)
    assert.equal(signIn.error, null, `SignIn on B answered ${JSON.stringify(signIn.error)}`)
    await visible(b.page, 'app-shell', 20_000)
    await syncNow(b)
    const onB = await listedUsers(b)
    for (const u of [OWNER, ...BEFORE_COPY, AFTER_COPY]) assert.ok(onB.includes(u.username), `B lists ${u.username}: ${JSON.stringify(onB)}`)
    await b.screenshot('synccopy-b-users')
  })
})
