/*
 * The saved sign-in page (issue 10, app_start). The window's first page is almost always the
 * sign-in page, and before it can show it the app's code must load and run and Vue and Naive UI
 * must render it: about 400 ms of the window's CPU on an office PC. Each time the sign-in page
 * has been painted empty (SignInPage.vue), the app saves what it painted: the page's markup,
 * its style sheets, the body's and the root element's attributes. On the next start this
 * script, which runs while the HTML is parsed and before any of the app's code, puts that
 * page on screen at once, and the person can type into it. The app's code then loads in the
 * background; when Vue has rendered the real sign-in page, that page takes over what was typed
 * (values, focus, caret, and an Enter already pressed) and the saved copy is removed in the
 * same task, so the screen never shows both, nor an empty frame.
 *
 * The copy is shown only when it is exactly what the app would render now: the same build (the
 * entry script's file name carries its hash) and the same inputs to language and theme (the
 * stored choices, the browser's language, the system's dark mode). Anything else (a first
 * start, an update, another language or theme) shows nothing and the app renders as before.
 * If the app's first page turns out not to be the sign-in page (first run, recovery), the app
 * removes the copy. The copy never holds what was typed: it is saved only while the form is
 * empty, and input values are not part of the markup.
 *
 * A plain script in public/ (copied as is): index.html loads it before the app's module, and
 * the window's Content-Security-Policy allows only scripts from the app's own files. The app
 * reaches it through window.plantelPrepaint (src/utils/prepaint.ts).
 */
;(function () {
  'use strict'
  var KEY = 'plantel.prepaint'
  var VERSION = 1
  var MARK = 'data-prepaint'
  var state = { shown: false, submitted: false }

  /** What decides the app's language and theme before sign-in (stores/ui.ts). */
  function inputs() {
    var dark = false
    try {
      dark = !!(window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches)
    } catch (e) {
      dark = false
    }
    return {
      language: read('plantel.language'),
      theme: read('plantel.theme'),
      browserLanguage: String(navigator.language || ''),
      dark: dark,
    }
  }

  function read(key) {
    try {
      return localStorage.getItem(key)
    } catch (e) {
      return null
    }
  }

  /** The build: the entry module's file name, which changes with every change of the code. */
  function build() {
    var entry = document.querySelector('script[type="module"][src]')
    return entry ? entry.getAttribute('src') : null
  }

  function sameInputs(a, b) {
    if (!a || !b) return false
    var keys = ['language', 'theme', 'browserLanguage', 'dark']
    for (var i = 0; i < keys.length; i++) if (a[keys[i]] !== b[keys[i]]) return false
    return true
  }

  function valid(snap) {
    return !!snap && snap.v === VERSION && typeof snap.html === 'string' && Array.isArray(snap.sheets) &&
      typeof snap.build === 'string' && snap.build === build() && sameInputs(snap.inputs, inputs())
  }

  /** Puts the saved page on screen: its style sheets in the head, in their order, then the page. */
  function show(snap) {
    var head = document.head
    var anchor = head.firstChild
    for (var i = 0; i < snap.sheets.length; i++) {
      var s = snap.sheets[i]
      var el
      var present = s.href ? findSheet(s.href) : null
      if (present) {
        // A sheet of index.html itself: the saved ones after it go after it.
        anchor = present.nextSibling
        continue
      }
      if (typeof s.text !== 'string') {
        el = document.createElement('link')
        el.rel = 'stylesheet'
        el.href = s.href
      } else {
        el = document.createElement('style')
        el.textContent = s.text
      }
      el.setAttribute(MARK, '')
      head.insertBefore(el, anchor)
    }
    var root = document.documentElement
    if (snap.lang) root.lang = snap.lang
    if (snap.dir) root.dir = snap.dir
    if (snap.theme) root.setAttribute('data-theme', snap.theme)
    if (snap.bodyStyle) document.body.setAttribute('style', snap.bodyStyle)

    var page = document.createElement('div')
    page.id = 'prepaint'
    page.setAttribute(MARK, '')
    page.style.cssText = 'position:fixed;inset:0;z-index:1;overflow:auto;background-color:inherit'
    page.innerHTML = snap.html
    var app = document.getElementById('app')
    document.body.insertBefore(page, app)
    state.shown = true

    // Naive UI's look of a focused box, done by its code once the app runs.
    page.addEventListener('focusin', function (e) { focusClass(e.target, true) })
    page.addEventListener('focusout', function (e) { focusClass(e.target, false) })
    // Enter (or a click on the button) before the app runs: the real page signs in on arrival.
    page.addEventListener('submit', function (e) {
      e.preventDefault()
      state.submitted = true
    }, true)
    var first = page.querySelector('input[autofocus]') || page.querySelector('input')
    if (first) first.focus()
  }

  function findSheet(href) {
    var links = document.querySelectorAll('link[rel="stylesheet"]')
    for (var i = 0; i < links.length; i++) if (links[i].getAttribute('href') === href) return links[i]
    return null
  }

  function focusClass(target, on) {
    var box = target && target.closest ? target.closest('.n-input') : null
    if (box) box.classList.toggle('n-input--focus', on)
  }

  /** Removes the saved page and its style sheets (the app's own are in place by then). */
  function drop() {
    var els = document.querySelectorAll('[' + MARK + ']')
    for (var i = 0; i < els.length; i++) els[i].parentNode.removeChild(els[i])
    state.shown = false
  }

  /**
   * What the person did on the saved page: the value of each named input, the one with focus
   * and its caret, and whether the form was submitted. null when no saved page is shown.
   */
  function handOver() {
    var page = document.getElementById('prepaint')
    if (!state.shown || !page) return null
    var values = {}
    var inputs = page.querySelectorAll('input[name]')
    for (var i = 0; i < inputs.length; i++) values[inputs[i].name] = inputs[i].value
    var active = document.activeElement
    var focused = active && page.contains(active) && active.name ? active : null
    return {
      values: values,
      focused: focused ? focused.name : null,
      selectionStart: focused ? focused.selectionStart : null,
      selectionEnd: focused ? focused.selectionEnd : null,
      submitted: state.submitted,
    }
  }

  /**
   * Saves the page now in #app for the next start. The caller (SignInPage) saves only an empty
   * form; values typed are properties, never attributes, and any value attribute is dropped.
   */
  function save() {
    var app = document.getElementById('app')
    var b = build()
    if (!app || !b) return false
    var copy = app.cloneNode(true)
    var withValue = copy.querySelectorAll('input[value], textarea')
    for (var i = 0; i < withValue.length; i++) {
      withValue[i].removeAttribute('value')
      if (withValue[i].tagName === 'TEXTAREA') withValue[i].textContent = ''
    }
    var sheets = []
    var els = document.head.querySelectorAll('style, link[rel="stylesheet"]')
    for (var j = 0; j < els.length; j++) {
      var el = els[j]
      if (el.hasAttribute(MARK)) continue
      if (el.tagName === 'LINK') {
        // A page's own sheet, loaded by the app's code: saved as text, so the saved page does
        // not wait for it (a link added by a script does not hold the first paint back).
        var text = sheetText(el)
        sheets.push(text === null ? { href: el.getAttribute('href') } : { href: el.getAttribute('href'), text: text })
      } else {
        var used = sheetText(el)
        sheets.push({ text: used === null ? el.textContent || '' : used })
      }
    }
    var bodyStyle = document.body.getAttribute('style') || ''
    var root = document.documentElement
    var snap = {
      v: VERSION,
      build: b,
      inputs: inputs(),
      lang: root.lang,
      dir: root.dir,
      theme: root.getAttribute('data-theme') || '',
      bodyStyle: bodyStyle,
      sheets: sheets,
      html: copy.innerHTML,
    }
    try {
      localStorage.setItem(KEY, JSON.stringify(snap))
      return true
    } catch (e) {
      return false
    }
  }

  /**
   * The rules of a loaded style sheet that the page on screen uses, or null (not loaded, not
   * readable, or with url()s). The window resolves the saved page's styles before its first
   * frame, and every rule costs there: the app's sheets hold the rules of every widget and page
   * loaded so far, the sign-in page uses a fraction of them (measured in the window: the saved
   * page's style resolution took 111 ms with all its sheets, 44-56 ms with none).
   */
  function sheetText(el) {
    try {
      var rules = el.sheet ? el.sheet.cssRules : null
      if (!rules) return null
      var text = usedRules(rules).join('\n')
      return text.indexOf('url(') >= 0 ? null : text
    } catch (e) {
      return null
    }
  }

  // CSSRule types: a style rule is kept when the page uses it; a grouping rule (@media,
  // @supports) keeps the rules inside it that the page uses; every other one (@keyframes,
  // @font-face, @import...) is kept as it is.
  var STYLE_RULE = 1
  var MEDIA_RULE = 4
  var SUPPORTS_RULE = 12

  function usedRules(rules) {
    var out = []
    for (var i = 0; i < rules.length; i++) {
      var r = rules[i]
      if (r.type === STYLE_RULE) {
        if (used(r.selectorText)) out.push(r.cssText)
      } else if ((r.type === MEDIA_RULE || r.type === SUPPORTS_RULE) && r.cssRules) {
        var inner = usedRules(r.cssRules)
        if (inner.length) out.push(r.cssText.slice(0, r.cssText.indexOf('{')) + '{\n' + inner.join('\n') + '\n}')
      } else {
        out.push(r.cssText)
      }
    }
    return out
  }

  // What can only match while the person acts on the page (hover, focus, press) or in a part
  // of an element (::before, ::placeholder): taken off a selector before it is matched against
  // the page as it is. Naive UI's focused box (n-input--focus, set by show) is kept as well.
  var DYNAMIC = /::?(?:-webkit-|-moz-)?[a-z-]+(?:\([^)]*\))?/g
  var STRUCTURAL = /^:(?:not|is|where|has|nth-child|nth-of-type|nth-last-child|first-child|last-child|only-child|first-of-type|last-of-type|root|empty|checked|disabled|enabled|read-only|required)\b/

  function used(selectorText) {
    if (!selectorText || selectorText.indexOf('--focus') >= 0) return true
    var parts = selectorText.split(',')
    for (var i = 0; i < parts.length; i++) {
      var sel = parts[i].replace(DYNAMIC, function (m) { return STRUCTURAL.test(m) ? m : '' }).trim()
      if (sel === '' || /[>+~]$/.test(sel)) return true
      try {
        if (document.querySelector(sel)) return true
      } catch (e) {
        return true // a selector this engine cannot test: kept
      }
    }
    return false
  }

  function forget() {
    try {
      localStorage.removeItem(KEY)
    } catch (e) {
      /* nothing saved */
    }
  }

  window.plantelPrepaint = {
    get shown() { return state.shown },
    save: save,
    handOver: handOver,
    drop: drop,
    forget: forget,
  }

  try {
    var raw = read(KEY)
    if (!raw) return
    var snap = JSON.parse(raw)
    if (valid(snap)) show(snap)
  } catch (e) {
    // A damaged copy: forget it and start as without one.
    drop()
    forget()
  }
})()
