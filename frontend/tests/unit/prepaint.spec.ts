// The saved sign-in page (issue 10, app_start): public/prepaint.js, the plain script the window
// runs before the app's code, and the sign-in page taking over what was typed on it.
import fs from 'node:fs'
import path from 'node:path'
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { byTestId, makeSession, mountApp, resetBrowserState, stubGo, waitFor } from './helpers'

const SCRIPT = fs.readFileSync(path.resolve(__dirname, '../../public/prepaint.js'), 'utf8')
const KEY = 'plantel.prepaint'

interface Api {
  shown: boolean
  save(): boolean
  handOver(): { values: Record<string, string>; focused: string | null; selectionStart: number | null; selectionEnd: number | null; submitted: boolean } | null
  drop(): void
}
const api = () => (window as unknown as { plantelPrepaint: Api }).plantelPrepaint

/** One start of the window: index.html's head and body, then the script as the parser runs it. */
function start(build = './assets/index-AAAA.js'): void {
  document.head.innerHTML = `<script type="module" src="${build}"></script><link rel="stylesheet" href="./assets/static.css">`
  document.body.innerHTML = '<div id="app"></div>'
  document.body.removeAttribute('style')
  document.documentElement.removeAttribute('data-theme')
  new Function(SCRIPT)()
}

/** What the app has painted at the first start: Naive UI's style elements, a page's sheet, the page. */
function paintSignIn(): void {
  const naive = document.createElement('style')
  naive.setAttribute('cssr-id', 'n-input')
  naive.textContent = '.n-input { color: rgb(1, 2, 3) } .n-data-table { color: rgb(9, 9, 9) }'
  document.head.insertBefore(naive, document.head.firstChild)
  const page = document.createElement('style')
  page.textContent = '.signin-form { gap: 4px }'
  document.head.appendChild(page)
  document.body.setAttribute('style', 'background-color: rgb(255, 255, 255)')
  document.documentElement.lang = 'pt'
  document.documentElement.dataset.theme = 'light'
  document.getElementById('app')!.innerHTML = `
    <div class="app-root"><form class="signin-form">
      <div class="n-input"><input name="login" autofocus value="from-an-attribute"></div>
      <div class="n-input"><input name="password" type="password"></div>
      <button type="submit" data-testid="saved-submit">Sign in</button>
    </form></div>`
}

const saved = () => document.getElementById('prepaint')
const savedInput = (name: string) => saved()!.querySelector<HTMLInputElement>(`input[name="${name}"]`)!

// The pages' <script>/<link> elements stand for index.html's: happy-dom loads no files here.
beforeAll(() => {
  const settings = (window as unknown as { happyDOM?: { settings?: { handleDisabledFileLoadingAsSuccess?: boolean } } }).happyDOM?.settings
  if (settings) settings.handleDisabledFileLoadingAsSuccess = true
})
beforeEach(() => {
  resetBrowserState()
  localStorage.setItem('plantel.language', 'pt')
})
afterEach(() => {
  api()?.drop()
  document.head.innerHTML = ''
})

describe('the saved sign-in page (public/prepaint.js)', () => {
  it('is put on screen at the next start before any app code, with its style sheets, in their order', () => {
    start()
    expect(api().shown).toBe(false) // nothing saved yet: the app renders as before
    paintSignIn()
    expect(api().save()).toBe(true)

    start()
    expect(api().shown).toBe(true)
    const page = saved()!
    expect(page.nextElementSibling?.id).toBe('app') // above the app's own (empty) mount point
    expect(page.querySelector('form.signin-form')).not.toBeNull()
    expect(document.activeElement).toBe(savedInput('login'))
    expect(document.documentElement.lang).toBe('pt')
    expect(document.documentElement.dataset.theme).toBe('light')
    expect(document.body.getAttribute('style')).toContain('background-color')
    // Naive's sheet before index.html's own sheet, the page's after it, as the app had them.
    const sheets = [...document.head.querySelectorAll('style, link[rel="stylesheet"]')]
      .map((el) => (el.textContent || el.getAttribute('href'))!.replace(/\s+/g, ''))
    expect(sheets).toEqual(['.n-input{color:rgb(1,2,3);}', './assets/static.css', '.signin-form{gap:4px;}'])
  })

  it('saves only the rules the page uses, with those of its hover and focus states', () => {
    start()
    paintSignIn()
    const sheet = document.createElement('style')
    sheet.textContent = `
      .n-button:hover .n-button__border { color: rgb(0, 0, 1) }
      .n-input--focus .n-input__state-border { color: rgb(0, 0, 2) }
      input[name="login"]::placeholder { color: rgb(0, 0, 3) }
      .n-data-table-th { color: rgb(0, 0, 4) }
      @media (max-width: 600px) { .signin-form { gap: 2px } .n-menu { gap: 3px } }
      @keyframes spin { from { opacity: 0 } to { opacity: 1 } }`
    document.head.appendChild(sheet)
    document.querySelector('#app button')!.innerHTML = '<span class="n-button__border"></span>'
    document.querySelector('#app button')!.classList.add('n-button')
    api().save()
    const saved = JSON.parse(localStorage.getItem(KEY)!).sheets.map((x: { text?: string }) => x.text ?? '').join('\n')
    for (const kept of ['rgb(0, 0, 1)', 'rgb(0, 0, 2)', 'rgb(0, 0, 3)', 'gap: 2px', '@keyframes spin', 'rgb(1, 2, 3)']) expect(saved).toContain(kept)
    for (const dropped of ['rgb(0, 0, 4)', 'gap: 3px', 'rgb(9, 9, 9)']) expect(saved).not.toContain(dropped)
  })

  it('never holds what was typed: only markup is saved, and value attributes are dropped', () => {
    start()
    paintSignIn()
    const login = document.querySelector<HTMLInputElement>('#app input[name="login"]')!
    login.value = 'ana.typed'
    document.querySelector<HTMLInputElement>('#app input[name="password"]')!.value = 'horse battery'
    api().save()
    const raw = localStorage.getItem(KEY)!
    expect(raw).not.toContain('ana.typed')
    expect(raw).not.toContain('horse battery')
    expect(raw).not.toContain('from-an-attribute')
  })

  it('shows nothing when the app would render something else: another build, language or theme', () => {
    start()
    paintSignIn()
    api().save()
    start('./assets/index-BBBB.js')
    expect(api().shown).toBe(false)
    expect(saved()).toBeNull()

    start()
    expect(api().shown).toBe(true) // the same build and inputs: shown
    api().drop()
    localStorage.setItem('plantel.language', 'es')
    start()
    expect(saved()).toBeNull()

    localStorage.setItem('plantel.language', 'pt')
    localStorage.setItem('plantel.theme', 'dark')
    start()
    expect(saved()).toBeNull()
  })

  it('forgets a damaged copy and starts as without one', () => {
    localStorage.setItem(KEY, '{"v":1,"html":')
    start()
    expect(saved()).toBeNull()
    expect(localStorage.getItem(KEY)).toBeNull()
  })

  it('hands over the values, the focused box with its caret, and an Enter pressed before the app ran', () => {
    start()
    paintSignIn()
    api().save()
    start()
    savedInput('login').value = 'ana'
    const password = savedInput('password')
    password.value = 'horse battery'
    password.focus()
    password.setSelectionRange(5, 5)
    expect(password.closest('.n-input')!.classList.contains('n-input--focus')).toBe(true)
    expect(savedInput('login').closest('.n-input')!.classList.contains('n-input--focus')).toBe(false)
    expect(api().handOver()!.submitted).toBe(false)
    const enter = new Event('submit', { bubbles: true, cancelable: true })
    saved()!.querySelector('form')!.dispatchEvent(enter)
    expect(enter.defaultPrevented).toBe(true) // the saved page never submits anything itself
    expect(api().handOver()).toEqual({
      values: { login: 'ana', password: 'horse battery' }, focused: 'password', selectionStart: 5, selectionEnd: 5, submitted: true,
    })
  })

  it('goes without a trace: the page and the sheets it added, not the document’s own', () => {
    start()
    paintSignIn()
    api().save()
    start()
    api().drop()
    expect(saved()).toBeNull()
    expect(api().shown).toBe(false)
    expect(api().handOver()).toBeNull()
    expect([...document.head.querySelectorAll('style, link[rel="stylesheet"]')].map((el) => el.getAttribute('href'))).toEqual(['./assets/static.css'])
  })
})

describe('the sign-in page taking over the saved one', () => {
  let wrapper: VueWrapper | undefined
  afterEach(() => {
    wrapper?.unmount()
    wrapper = undefined
  })

  const signedOut = () => ({ needsSetup: false, session: null, version: '0.1.0', workstationId: 'w' })

  /** A saved page on screen, as at a start of the window; the app mounts after it. */
  function savedPageShown(): void {
    start()
    paintSignIn()
    api().save()
    start()
    document.getElementById('app')!.remove() // mountApp mounts into the body
    expect(saved()).not.toBeNull()
  }

  it('keeps what was typed, the focus and the caret, and replaces the saved page', async () => {
    stubGo({ Boot: signedOut })
    savedPageShown()
    savedInput('login').value = 'ana'
    savedInput('password').value = 'horse'
    savedInput('password').focus()
    savedInput('password').setSelectionRange(2, 2)
    ;({ wrapper } = await mountApp())
    await waitFor(() => expect(byTestId('signin-login')).not.toBeNull())
    expect(saved()).toBeNull()
    const login = document.querySelector<HTMLInputElement>('[data-testid="signin-login"] input')!
    const password = document.querySelector<HTMLInputElement>('[data-testid="signin-password"] input')!
    expect(login.value).toBe('ana')
    expect(password.value).toBe('horse')
    expect(document.activeElement).toBe(password)
    expect([password.selectionStart, password.selectionEnd]).toEqual([2, 2])
  })

  it('signs in on arrival when Enter was pressed on the saved page', async () => {
    const go = stubGo({ Boot: signedOut, SignIn: () => makeSession() })
    savedPageShown()
    savedInput('login').value = 'mgarcia'
    savedInput('password').value = 'verde caballo batería grapa'
    saved()!.querySelector('form')!.dispatchEvent(new Event('submit', { bubbles: true, cancelable: true }))
    ;({ wrapper } = await mountApp())
    await waitFor(() => expect(byTestId('app-shell')).not.toBeNull())
    expect(go.SignIn).toHaveBeenCalledWith({ login: 'mgarcia', password: 'verde caballo batería grapa' })
    expect(saved()).toBeNull()
  })

  it('goes when the first page is not the sign-in page (first run)', async () => {
    stubGo({ Boot: () => ({ needsSetup: true, session: null, version: '0.1.0', workstationId: 'w' }) })
    savedPageShown()
    ;({ wrapper } = await mountApp())
    await waitFor(() => expect(byTestId('setup-org')).not.toBeNull())
    expect(saved()).toBeNull()
  })
})
