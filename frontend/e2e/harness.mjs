// End-to-end harness: the real app (dev build, real Go bindings, a fresh SQLite data dir) under
// its own Xvfb, and Debian's Chromium driven by playwright-core against the app's dev server.
//
//   const app = await startApp('foundation')   // Xvfb + app + Chromium, page at the app's URL
//   app.page                                    // the playwright Page
//   await app.screenshot('shell-en')            // -> artifacts/e2e/shell-en.png
//   await app.stop()                            // always: closes Chromium, kills app and Xvfb
//
// Environment: PLANTEL_DEV_BIN (default build/bin/plantel-dev, built here when missing),
// E2E_ARTIFACTS (default artifacts/e2e), CHROMIUM_PATH (default /usr/bin/chromium),
// E2E_ASSET_DIR (default frontend/dist), E2E_KEEP=1 keeps the temporary data and profile dirs.
//
// Spec files are frontend/e2e/*-test.mjs (node --test frontend/e2e/ finds them; Vitest, which
// looks for *.test.* and *.spec.*, does not).
import { spawn, execFileSync } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { it } from 'node:test'
import { setTimeout as sleep } from 'node:timers/promises'
import { fileURLToPath } from 'node:url'
import { chromium } from 'playwright-core'

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
export const ARTIFACTS = path.resolve(process.env.E2E_ARTIFACTS || path.join(ROOT, 'artifacts', 'e2e'))
const DEV_BIN = path.resolve(process.env.PLANTEL_DEV_BIN || path.join(ROOT, 'build', 'bin', 'plantel-dev'))
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium'
const ASSET_DIR = path.resolve(process.env.E2E_ASSET_DIR || path.join(ROOT, 'frontend', 'dist'))
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
]
const PORT_TIMEOUT_MS = 30_000

/** A timer for Promise.race time limits that does not keep the process alive. */
const deadline = (ms, value) => sleep(ms, value, { ref: false })

// ---------------------------------------------------------------------------------------------
// Child processes: each runs in its own process group, which is killed at stop() and, whatever
// happens, when this process exits.
const live = new Set()

function killGroupNow(child, signal) {
  try {
    process.kill(-child.pid, signal)
  } catch {
    /* already gone */
  }
}

process.on('exit', () => {
  for (const child of live) killGroupNow(child, 'SIGKILL')
})
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.once(sig, () => {
    for (const child of live) killGroupNow(child, 'SIGKILL')
    process.exit(128 + (os.constants.signals[sig] || 0))
  })
}

function track(child) {
  live.add(child)
  child.once('exit', () => live.delete(child))
  return child
}

function exited(child) {
  return child.exitCode !== null || child.signalCode !== null
}

async function stopGroup(child, graceMs = 5000) {
  if (!child || !child.pid) return
  if (exited(child)) {
    killGroupNow(child, 'SIGKILL') // helpers left in its group
    live.delete(child)
    return
  }
  const gone = new Promise((resolve) => child.once('exit', resolve))
  killGroupNow(child, 'SIGTERM')
  const t = await Promise.race([gone.then(() => 'exited'), deadline(graceMs, 'timeout')])
  killGroupNow(child, 'SIGKILL')
  if (t === 'timeout') await Promise.race([gone, deadline(2000)])
  live.delete(child)
}

// ---------------------------------------------------------------------------------------------
function goEnv() {
  const extra = ['/usr/local/go/bin']
  return { ...process.env, PATH: [...extra, process.env.PATH || ''].join(path.delimiter) }
}

/** Builds the dev binary when it does not exist yet (scripts/test.sh builds it beforehand). */
export function ensureDevBinary() {
  if (!fs.existsSync(path.join(ASSET_DIR, 'index.html'))) {
    throw new Error(`${ASSET_DIR}/index.html is missing: run "npm run build" in frontend/ first`)
  }
  if (fs.existsSync(DEV_BIN)) return DEV_BIN
  console.log(`# building ${DEV_BIN} (go build -tags dev,webkit2_41)`)
  execFileSync('go', ['build', '-tags', 'dev,webkit2_41', '-o', DEV_BIN, '.'], {
    cwd: ROOT,
    env: goEnv(),
    stdio: 'inherit',
  })
  return DEV_BIN
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer()
    srv.unref()
    srv.on('error', reject)
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address()
      srv.close(() => resolve(port))
    })
  })
}

function canConnect(port) {
  return new Promise((resolve) => {
    const sock = net.connect({ host: '127.0.0.1', port })
    const done = (ok) => {
      sock.destroy()
      resolve(ok)
    }
    sock.once('connect', () => done(true))
    sock.once('error', () => done(false))
    sock.setTimeout(1000, () => done(false))
  })
}

function tail(file, lines = 40) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n')
  } catch {
    return '(no log)'
  }
}

async function startXvfb(logFd) {
  const xvfb = track(
    spawn('Xvfb', ['-displayfd', '3', '-screen', '0', '1280x900x24', '-nolisten', 'tcp'], {
      stdio: ['ignore', logFd, logFd, 'pipe'],
      detached: true,
    }),
  )
  const display = await new Promise((resolve, reject) => {
    let buf = ''
    const timer = setTimeout(() => reject(new Error('Xvfb did not report its display within 15 s')), 15_000)
    xvfb.stdio[3].on('data', (d) => {
      buf += d
      if (buf.includes('\n')) {
        clearTimeout(timer)
        resolve(`:${buf.trim()}`)
      }
    })
    xvfb.once('error', (err) => {
      clearTimeout(timer)
      reject(new Error(`cannot start Xvfb: ${err.message}`))
    })
    xvfb.once('exit', (code, sig) => {
      clearTimeout(timer)
      reject(new Error(`Xvfb exited (${code ?? sig}) before reporting its display`))
    })
  })
  return { xvfb, display }
}

/** A binding's error as an object: the app's ErrorFormatter sends the coded error as JSON text. */
function parseError(err) {
  if (err === undefined || err === null || err === '') return null
  if (typeof err === 'string' && err.trim().startsWith('{')) {
    try {
      return JSON.parse(err)
    } catch {
      /* not JSON */
    }
  }
  return typeof err === 'object' ? err : { code: '(not coded)', message: String(err) }
}

/**
 * Starts Xvfb, the app on a free port with a fresh data dir, and Chromium; opens the app's page.
 * @param {string} name used for artifact names (<name>-app.log, <name>-browser.log)
 * @param {{timezoneId?: string, env?: Record<string, string>}} [opts] the browser's time zone (UTC
 *   unless a spec needs another); env: more environment for the app
 */
export async function startApp(name, opts = {}) {
  ensureDevBinary()
  fs.mkdirSync(ARTIFACTS, { recursive: true })
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `plantel-e2e-${name}-`))
  const dataDir = path.join(tmp, 'data')
  const profileDir = path.join(tmp, 'chromium-profile')
  fs.mkdirSync(dataDir)
  fs.mkdirSync(profileDir)
  // opts.prepareDataDir(dir) puts files in the data directory before the app starts (e.g. a
  // damaged database for the recovery window).
  if (opts.prepareDataDir) opts.prepareDataDir(dataDir)
  const appLog = path.join(ARTIFACTS, `${name}-app.log`)
  const browserLog = path.join(ARTIFACTS, `${name}-browser.log`)
  const logFd = fs.openSync(appLog, 'w')
  fs.writeFileSync(browserLog, '')

  const h = {
    name,
    dataDir,
    port: 0,
    url: '',
    page: null,
    context: null,
    pageErrors: [],
    /** @type {{method: string, error: any, result: any}[]} replies of the Go bindings seen by the page */
    calls: [],
    _waiters: [],
    _sawCalls: false,
    _procs: {},
    _stopped: false,
  }

  h.stop = async () => {
    if (h._stopped) return
    h._stopped = true
    if (h.context) await Promise.race([h.context.close().catch(() => {}), deadline(10_000)])
    await stopGroup(h._procs.app)
    await stopGroup(h._procs.xvfb)
    try {
      fs.closeSync(logFd)
    } catch {
      /* closed */
    }
    if (process.env.E2E_KEEP !== '1') fs.rmSync(tmp, { recursive: true, force: true })
  }

  try {
    const { xvfb, display } = await startXvfb(logFd)
    h._procs.xvfb = xvfb
    h.port = await freePort()
    h.url = `http://127.0.0.1:${h.port}/`
    fs.writeSync(logFd, `# e2e: DISPLAY=${display} devserver=127.0.0.1:${h.port} data dir ${dataDir}\n`)

    const app = track(
      spawn(DEV_BIN, ['--data-dir', dataDir], {
        cwd: ROOT,
        env: {
          ...process.env,
          DISPLAY: display,
          devserver: `127.0.0.1:${h.port}`,
          assetdir: ASSET_DIR,
          NO_AT_BRIDGE: '1',
          ...opts.env,
        },
        stdio: ['ignore', logFd, logFd],
        detached: true,
      }),
    )
    h._procs.app = app
    app.once('error', (err) => fs.appendFileSync(browserLog, `app spawn error: ${err.message}\n`))

    const t0 = Date.now()
    for (;;) {
      if (exited(app)) {
        throw new Error(`the app exited (${app.exitCode ?? app.signalCode}) before listening; ${appLog}:\n${tail(appLog)}`)
      }
      if (await canConnect(h.port)) break
      if (Date.now() - t0 > PORT_TIMEOUT_MS) {
        throw new Error(`the app did not listen on 127.0.0.1:${h.port} within ${PORT_TIMEOUT_MS / 1000} s; ${appLog}:\n${tail(appLog)}`)
      }
      await sleep(100)
    }
    fs.writeSync(logFd, `# e2e: port open after ${Date.now() - t0} ms\n`)

    h.context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 860 },
      locale: 'en-US',
      timezoneId: opts.timezoneId ?? 'UTC',
    })
    h.context.setDefaultTimeout(15_000)
    const page = h.context.pages()[0] ?? (await h.context.newPage())
    h.page = page

    const logLine = (line) => fs.appendFileSync(browserLog, `${new Date().toISOString()} ${line}\n`)
    page.on('console', (msg) => logLine(`console.${msg.type()}: ${msg.text()}`))
    page.on('pageerror', (err) => {
      logLine(`pageerror: ${err.stack || err.message}`)
      // Wails' dev-only IPC script (/wails/ipc.js, not in production builds) fails to mount its
      // "disconnected" overlay because it runs in <head>; that is not the app's error.
      if (!String(err.stack || '').includes('/wails/ipc.js')) h.pageErrors.push(err)
    })
    page.on('requestfailed', (req) => logLine(`requestfailed: ${req.url()} ${req.failure()?.errorText}`))
    // Replies of the Go bindings: Wails' dev IPC answers each call over the websocket with
    // 'c' + {"callbackid": "<package>.<Service>.<Method>-<random>", "result", "error"}.
    page.on('websocket', (ws) => {
      // The calls the page makes ('C' + {"name", "args", "callbackID"}): a waiter takes the
      // first call of its method made after it began waiting, and only that call's reply, so
      // a reply to an earlier call of the same name (a page set up ahead, a kept page's
      // refresh) is not taken for the one the action caused.
      ws.on('framesent', ({ payload }) => {
        if (typeof payload !== 'string' || payload[0] !== 'C') return
        let msg
        try {
          msg = JSON.parse(payload.slice(1))
        } catch {
          return
        }
        const id = String(msg.callbackID || '')
        const method = id.replace(/-[^-]*$/, '')
        h._sawCalls = true
        for (const w of h._waiters) {
          if (!w.id && (method === w.method || method.endsWith(`.${w.method}`))) w.id = id
        }
      })
      ws.on('framereceived', ({ payload }) => {
        if (typeof payload !== 'string' || payload[0] !== 'c') return
        let msg
        try {
          msg = JSON.parse(payload.slice(1))
        } catch {
          return
        }
        const method = String(msg.callbackid || '').replace(/-[^-]*$/, '')
        const call = { method, error: parseError(msg.error), result: msg.result }
        h.calls.push(call)
        logLine(`ipc reply: ${method}${call.error ? ` error ${JSON.stringify(call.error)}` : ''}`)
        for (const w of [...h._waiters]) {
          const its = h._sawCalls ? w.id === msg.callbackid : method === w.method || method.endsWith(`.${w.method}`)
          if (its) {
            h._waiters.splice(h._waiters.indexOf(w), 1)
            w.resolve(call)
          }
        }
      })
    })

    await page.goto(h.url)
  } catch (err) {
    await h.stop()
    throw err
  }

  /** Saves artifacts/e2e/<file>.png of the page. */
  h.screenshot = async (file) => {
    const p = path.join(ARTIFACTS, `${file}.png`)
    await h.page.screenshot({ path: p })
    return p
  }

  /** Saves artifacts/e2e/<file>.html (the DOM) and .png, for a failure. */
  h.capture = async (file) => {
    await h.screenshot(file).catch(() => {})
    const html = await h.page.content().catch(() => '')
    if (html) fs.writeFileSync(path.join(ARTIFACTS, `${file}.html`), html)
  }

  /**
   * Runs action() and resolves with the binding's reply ({method, error, result}) to the next
   * call of method (e.g. 'SignIn' or 'SessionService.SignIn') made from now on.
   */
  h.replyTo = async (method, action, timeout = 15_000) => {
    let waiter
    const reply = new Promise((resolve, reject) => {
      waiter = { method, resolve }
      h._waiters.push(waiter)
      setTimeout(() => {
        const i = h._waiters.indexOf(waiter)
        if (i >= 0) {
          h._waiters.splice(i, 1)
          reject(new Error(`no reply to ${method} within ${timeout} ms`))
        }
      }, timeout).unref()
    })
    try {
      await action()
    } catch (err) {
      const i = h._waiters.indexOf(waiter)
      if (i >= 0) h._waiters.splice(i, 1)
      reply.catch(() => {})
      throw err
    }
    const call = await reply
    // Let the page handle the same message (the promise, Vue's next render).
    await h.page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))))
    return call
  }

  return h
}

// ---------------------------------------------------------------------------------------------
// Sequential steps of one story: after a failing step the rest are skipped (not failed again),
// and the failing step leaves FAILED-<step>.png/.html in artifacts/e2e/.

function slug(s) {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60)
}

/**
 * @param {() => any} getApp returns the harness handle (or undefined before it started)
 * @returns {(name: string, fn: () => Promise<void>, opts?: {timeout?: number}) => void}
 */
export function steps(getApp) {
  let failed = null
  return (name, fn, opts = {}) =>
    it(name, { timeout: opts.timeout ?? 60_000 }, async (t) => {
      if (failed) {
        t.skip(`skipped: the step "${failed}" failed`)
        return
      }
      try {
        await fn()
      } catch (err) {
        failed = name
        const app = getApp()
        if (app?.page) await app.capture(`FAILED-${app.name}-${slug(name)}`).catch(() => {})
        throw err
      }
    })
}

// ---------------------------------------------------------------------------------------------
// Page helpers. data-testid on a Naive UI component lands on its wrapper, so inputs are found
// inside it (or the element itself when it is the input).

export const tid = (id) => `[data-testid="${id}"]`

export function field(page, id) {
  const t = tid(id)
  return page.locator(`input${t}, textarea${t}, ${t} input:not([type=hidden]), ${t} textarea`).first()
}

export async function fill(page, id, value) {
  const input = field(page, id)
  await input.fill('')
  await input.fill(value)
}

export async function click(page, id) {
  await page.locator(tid(id)).first().click()
}

export async function visible(page, id, timeout) {
  await page.locator(tid(id)).first().waitFor({ state: 'visible', timeout })
}

export async function text(page, id) {
  return ((await page.locator(tid(id)).first().innerText()) || '').trim()
}

/** Polls until pred(value) holds; returns the last value. */
export async function until(what, get, pred, timeout = 10_000) {
  const t0 = Date.now()
  let v
  for (;;) {
    try {
      v = await get()
      if (pred(v)) return v
    } catch (err) {
      v = `(error: ${err.message})`
    }
    if (Date.now() - t0 > timeout) {
      throw new Error(`timed out after ${timeout} ms waiting for ${what}; last value: ${JSON.stringify(v)}`)
    }
    await sleep(100)
  }
}

export async function textUntil(page, id, pred, what, timeout) {
  await visible(page, id, timeout)
  return until(what || `the text of ${id}`, () => text(page, id), pred, timeout)
}

export async function htmlLang(page) {
  return page.evaluate(() => document.documentElement.lang)
}

export async function waitLang(page, lang, timeout = 10_000) {
  return until(`document.documentElement.lang to be '${lang}'`, () => htmlLang(page), (v) => v === lang, timeout)
}

/** Picks the option whose label matches re in a Naive UI select (or a native <select>). */
export async function choose(page, id, re) {
  const native = page.locator(`select${tid(id)}, ${tid(id)} select`)
  if (await native.count()) {
    const options = await native.first().locator('option').all()
    for (const o of options) {
      if (re.test((await o.innerText()).trim())) {
        await native.first().selectOption({ label: (await o.innerText()).trim() })
        return
      }
    }
    throw new Error(`no option matching ${re} in ${id}`)
  }
  await click(page, id)
  const option = page.locator('.n-base-select-option', { hasText: re }).first()
  await option.waitFor({ state: 'visible', timeout: 5000 })
  await option.click()
}

/** A clicked-open menu (Naive UI dropdown): opens trigger, clicks item. */
export async function menu(page, trigger, item) {
  await click(page, trigger)
  const entry = page.locator(tid(item)).first()
  try {
    await entry.waitFor({ state: 'visible', timeout: 3000 })
  } catch {
    await page.locator(tid(trigger)).first().hover() // hover-triggered dropdowns
    await entry.waitFor({ state: 'visible', timeout: 5000 })
  }
  await entry.click()
  // Let the menu close (it fades out) so that screenshots show the page, not the menu.
  await entry.waitFor({ state: 'hidden', timeout: 3000 }).catch(() => {})
}

/**
 * The UI's text for an error code in a language, as the frontend shows it
 * (t('errors.' + code, params), docs/bindings.md), read from frontend/src/i18n/locales/<lang>.json.
 */
export function errorText(code, params = {}, lang = 'en') {
  const file = path.join(ROOT, 'frontend', 'src', 'i18n', 'locales', `${lang}.json`)
  const messages = JSON.parse(fs.readFileSync(file, 'utf8'))
  const template = messages?.errors?.[code]
  if (typeof template !== 'string') throw new Error(`${file} has no errors.${code}`)
  return template.replace(/\{\s*(\w+)\s*\}/g, (m, name) => (name in params ? String(params[name]) : m))
}

/** A raw code or an i18n key instead of a sentence: "invalid_credentials", "errors.account_locked". */
export function looksRaw(s) {
  return /^[a-z0-9_.]+$/i.test(s) || /(^|\.)[a-z]+_[a-z_]+$/.test(s) || s.includes('errors.')
}

// ---------------------------------------------------------------------------------------------
// Flows shared by the specs.

export const OWNER = {
  org: 'Northwind Contact Center',
  workspace: 'Main floor',
  firstName: 'Olivia',
  lastName: 'Marsh',
  username: 'omarsh',
  email: 'olivia.marsh@example.com',
  password: 'Tangerine!Voyage-2048-quartz',
}
export const displayName = (u) => `${u.firstName} ${u.lastName}`

/** Fills the setup form (language English) without the passwords. */
export async function fillSetup(page, u) {
  await visible(page, 'setup-org', 20_000)
  await fill(page, 'setup-org', u.org)
  await fill(page, 'setup-workspace', u.workspace)
  await fill(page, 'setup-first-name', u.firstName)
  await fill(page, 'setup-last-name', u.lastName)
  await fill(page, 'setup-username', u.username)
  await fill(page, 'setup-email', u.email)
  if ((await htmlLang(page)) !== 'en') await choose(page, 'setup-language', /^English/i)
}

/** The whole first run: setup form, submit, shell. */
export async function setupOwner(app, u = OWNER) {
  const { page } = app
  await fillSetup(page, u)
  await fill(page, 'setup-password', u.password)
  await fill(page, 'setup-password-repeat', u.password)
  const reply = await app.replyTo('Setup', () => click(page, 'setup-submit'))
  if (reply.error) throw new Error(`Setup failed: ${JSON.stringify(reply.error)}`)
  await visible(page, 'app-shell', 20_000)
}

/**
 * The first run with demo data ("Try with demo data"): the setup form, DemoService.Setup
 * (which builds the whole demo organization, hence the long wait), "Start", the shell.
 * Resolves with the DemoService.Setup reply (reply.result.demo.elapsedMs is its time).
 */
export async function setupDemo(app, u = OWNER) {
  const { page } = app
  await visible(page, 'setup-org', 20_000)
  await click(page, 'setup-demo')
  await fill(page, 'setup-org', u.org)
  await fill(page, 'setup-first-name', u.firstName)
  await fill(page, 'setup-last-name', u.lastName)
  await fill(page, 'setup-username', u.username)
  await fill(page, 'setup-email', u.email)
  await fill(page, 'setup-password', u.password)
  await fill(page, 'setup-password-repeat', u.password)
  await until('policy ok', () => page.locator(tid('policy-rule-too_short')).first().getAttribute('data-ok'), (v) => v === 'true')
  const reply = await app.replyTo('DemoService.Setup', () => click(page, 'setup-submit'), 90_000)
  if (reply.error) throw new Error(`DemoService.Setup answered ${JSON.stringify(reply.error)}`)
  await visible(page, 'demo-ready', 20_000)
  await click(page, 'demo-start')
  await visible(page, 'app-shell', 20_000)
  return reply
}

export async function signOut(page) {
  await menu(page, 'user-menu', 'menu-signout')
  await visible(page, 'signin-login', 15_000)
}

/** Types login + password on the sign-in page and submits; resolves with the SignIn reply. */
export async function submitSignIn(app, login, password) {
  const { page } = app
  await visible(page, 'signin-login', 15_000)
  await fill(page, 'signin-login', login)
  await fill(page, 'signin-password', password)
  return app.replyTo('SignIn', () => click(page, 'signin-submit'))
}
