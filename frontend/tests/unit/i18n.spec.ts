import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ERROR_CODES, MODULES, PERSONAL_PARTS, POLICY_CODES, PRESENCES, ROLES, THEMES, VALIDATION_RULES } from '@/api'
import { LANGUAGES, detectLanguage, i18n, polishPlural } from '@/i18n'
import { naiveLocales } from '@/i18n/naive'
import { loadAllLanguages } from './languages'

// Vitest runs from the frontend folder (where vite.config.ts is).
const frontend = resolve(process.cwd())
const bindings = readFileSync(resolve(frontend, '../docs/bindings.md'), 'utf8')
const LOCALES = ['es', 'en', 'pt', 'pl'] as const

type Tree = { [key: string]: string | Tree }

function flatten(tree: Tree, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(tree)) {
    const key = prefix ? `${prefix}.${k}` : k
    if (typeof v === 'string') out[key] = v
    else Object.assign(out, flatten(v, key))
  }
  return out
}

await loadAllLanguages()
const flat = Object.fromEntries(LOCALES.map((l) => [l, flatten(i18n.global.getLocaleMessage(l) as Tree)])) as Record<
  (typeof LOCALES)[number],
  Record<string, string>
>
const allKeys = [...new Set(LOCALES.flatMap((l) => Object.keys(flat[l])))].sort()

/** Error codes from the table of the "Errors" section of docs/bindings.md. */
function bindingErrorCodes(): string[] {
  const section = bindings.slice(bindings.indexOf('## Errors'), bindings.indexOf('## SessionService'))
  return [...section.matchAll(/^\| `([a-z_]+)` \|/gm)].map((m) => m[1])
}

/** Policy failure codes from the `// codes:` comment of PolicyFailure in docs/bindings.md. */
function bindingPolicyCodes(): string[] {
  const lines = bindings.split('\n')
  const start = lines.findIndex((l) => l.includes('// codes:'))
  const comment: string[] = []
  for (let i = start; i < lines.length && lines[i].trim().startsWith('//'); i++) comment.push(lines[i])
  const text = comment.join(' ').replace(/\{[^}]*\}/g, '')
  return [...text.matchAll(/'([a-z_]+)'/g)].map((m) => m[1])
}

function bindingValidationRules(): string[] {
  const m = bindings.match(/which rule \(([^)]*)\)/)
  return m ? [...m[1].matchAll(/`([a-z_]+)`/g)].map((x) => x[1]) : []
}

function bindingPersonalParts(): string[] {
  const m = bindings.match(/\{what: ([^}]*)\}/)
  return m ? [...m[1].matchAll(/'([a-z_]+)'/g)].map((x) => x[1]) : []
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return sourceFiles(path)
    return /\.(ts|vue)$/.test(name) ? [path] : []
  })
}

describe('locale files', () => {
  it('have every key in es, en, pt and pl, each non-empty', () => {
    const problems: string[] = []
    for (const key of allKeys) {
      for (const l of LOCALES) {
        const v = flat[l][key]
        if (typeof v !== 'string' || v.trim() === '') problems.push(`${l}: ${key}`)
      }
    }
    expect(problems).toEqual([])
    expect(allKeys.length).toBeGreaterThan(100)
  })

  it('use the same placeholders in every language', () => {
    const names = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort().join(',')
    const problems = allKeys.flatMap((key) =>
      LOCALES.filter((l) => names(flat[l][key]) !== names(flat.en[key])).map((l) => `${l}: ${key}`),
    )
    expect(problems).toEqual([])
  })

  it('contain no vue-i18n syntax by accident (@ links, stray braces)', () => {
    const problems = LOCALES.flatMap((l) =>
      Object.entries(flat[l])
        .filter(([, v]) => /[@]/.test(v.replace(/\{'[@|]'\}/g, '')) || /[{}]/.test(v.replace(/\{\w+\}/g, '')))
        .map(([k]) => `${l}: ${k}`),
    )
    expect(problems).toEqual([])
  })

  // Counts use vue-i18n plural forms ("one | many"; Polish "one | few | many"), never
  // "1 usuarios": a message is plural in every language or in none, with the right number of forms.
  it('say counts with plural forms in every language (Polish with three)', () => {
    const forms = (s: string) => s.replace(/\{'\|'\}/g, '').split('|').length
    const problems: string[] = []
    for (const key of allKeys) {
      const en = forms(flat.en[key])
      if (en === 1) {
        for (const l of LOCALES) if (forms(flat[l][key]) !== 1) problems.push(`${l}: ${key} is plural, en is not`)
        continue
      }
      for (const l of ['es', 'pt'] as const) if (forms(flat[l][key]) !== en) problems.push(`${l}: ${key} has ${forms(flat[l][key])} forms, en ${en}`)
      if (forms(flat.pl[key]) !== 3) problems.push(`pl: ${key} needs one | few | many`)
    }
    expect(problems).toEqual([])
  })

  // Any message that says a count ({count} or {n}) is plural-formed, unless the number only
  // stands as a label's value in every language ("Clients: {count}", "(…{n})", "+{count}",
  // "… {n}"), where nothing agrees with it; and two that are not counts (a "3 / 10" counter,
  // an ordinal "attempt no. 3").
  it('say every count in the grammar with plural forms', () => {
    const NOT_COUNTS = new Set(['profiles.form.count', 'profile.signins.failures'])
    const labelOnly = (s: string) =>
      [...s.matchAll(/\{(count|n)\}/g)].every((m) => /(: |\(|\+|… )$/.test(s.slice(0, m.index)))
    const problems = allKeys.filter((key) =>
      /\{(count|n)\}/.test(flat.en[key]) && !flat.en[key].includes('|') && !NOT_COUNTS.has(key) &&
      !LOCALES.every((l) => labelOnly(flat[l][key])))
    expect(problems).toEqual([])
  })

  it('agree with the count once it is filled in', () => {
    const say = (l: string, key: string, params: Record<string, unknown>) => {
      i18n.global.locale.value = l as never
      const s = i18n.global.t(key, params)
      i18n.global.locale.value = 'en'
      return s
    }
    expect(say('es', 'users.import.done', { count: 1 })).toBe('Se importó 1 usuario.')
    expect(say('es', 'users.import.done', { count: 4 })).toBe('Se importaron 4 usuarios.')
    expect(say('en', 'org.memberCount', { n: 1 })).toBe('1 member')
    expect(say('en', 'org.memberCount', { n: 0 })).toBe('0 members')
    expect(say('pl', 'org.memberCount', { n: 3 })).toBe('3 członków')
    expect(say('pl', 'users.import.submit', { count: 1 })).toBe('Importuj 1 wiersz')
    expect(say('pl', 'users.import.submit', { count: 3 })).toBe('Importuj 3 wiersze')
    expect(say('pl', 'users.import.submit', { count: 5 })).toBe('Importuj 5 wierszy')
    expect(say('pt', 'dashboard.kpi.usersActive', { count: 1 })).toBe('1 ativo')
  })

  it('pick the plural form by the count, Polish by its rules', () => {
    const say = (l: string, n: number) => {
      i18n.global.locale.value = l as never
      return i18n.global.t('history.sentence.clientsUnassigned', { count: n, from: 'Ana' }, n)
    }
    expect(say('es', 1)).toBe('1 cliente de Ana quedó sin responsable')
    expect(say('es', 3)).toBe('3 clientes de Ana quedaron sin responsable')
    expect(say('en', 1)).toBe('1 client of Ana left without an owner')
    expect(say('pl', 1)).toMatch(/^1 klient \(/)
    expect(say('pl', 3)).toMatch(/^3 klientów/)
    expect(polishPlural(22, 3)).toBe(1)
    expect(polishPlural(12, 3)).toBe(2)
    expect(polishPlural(25, 3)).toBe(2)
    i18n.global.locale.value = 'en'
  })

  it('compile: every message renders with its placeholders filled', () => {
    for (const l of LOCALES) {
      i18n.global.locale.value = l
      for (const key of Object.keys(flat[l])) {
        const params = Object.fromEntries([...flat[l][key].matchAll(/\{(\w+)\}/g)].map((m) => [m[1], 'X']))
        const text = i18n.global.t(key, params)
        expect(text, `${l}: ${key}`).not.toBe(key)
        expect(text, `${l}: ${key}`).not.toMatch(/[{}]/)
      }
    }
    i18n.global.locale.value = 'en'
  })

  it('are really translated: no language is a copy of English', () => {
    for (const l of ['es', 'pt', 'pl'] as const) {
      const same = allKeys.filter((k) => flat[l][k] === flat.en[k] && !/^(app\.name|modules\.agenda|.*\.(email|admin|agent|audit))$/.test(k))
      // Only a few words are the same in both languages (e.g. "E-mail", "Offline", "Status").
      expect(same.length, `${l} equal to en: ${same.join(', ')}`).toBeLessThan(8)
    }
  })
})

describe('the contract in docs/bindings.md', () => {
  it('lists the error codes the frontend knows', () => {
    const codes = bindingErrorCodes()
    expect(codes.length).toBeGreaterThan(5)
    expect([...codes].sort()).toEqual([...ERROR_CODES].sort())
  })

  it('has a translation for every error code', () => {
    for (const code of bindingErrorCodes()) {
      for (const l of LOCALES) expect(flat[l][`errors.${code}`], `${l}: errors.${code}`).toBeTruthy()
    }
  })

  it('has a failure text and a rule label for every policy code', () => {
    const codes = bindingPolicyCodes()
    expect([...codes].sort()).toEqual([...POLICY_CODES].sort())
    for (const code of codes) {
      for (const l of LOCALES) {
        expect(flat[l][`policy.${code}`], `${l}: policy.${code}`).toBeTruthy()
        expect(flat[l][`policyRule.${code}`], `${l}: policyRule.${code}`).toBeTruthy()
      }
    }
  })

  it('has a text for every validation rule and personal-data part', () => {
    expect([...bindingValidationRules()].sort()).toEqual([...VALIDATION_RULES].sort())
    expect([...bindingPersonalParts()].sort()).toEqual([...PERSONAL_PARTS].sort())
    for (const l of LOCALES) {
      for (const rule of VALIDATION_RULES) expect(flat[l][`validation.${rule}`], `${l}: ${rule}`).toBeTruthy()
      for (const part of PERSONAL_PARTS) expect(flat[l][`policyWhat.${part}`], `${l}: ${part}`).toBeTruthy()
    }
  })

  it('has names for every module, role, presence and theme', () => {
    const wanted = [
      ...MODULES.flatMap((m) => [`modules.${m}`, `moduleInfo.${m}`]),
      ...ROLES.map((r) => `roles.${r}`),
      ...PRESENCES.map((p) => `presence.${p}`),
      ...THEMES.map((t) => `theme.${t}`),
    ]
    for (const l of LOCALES) for (const key of wanted) expect(flat[l][key], `${l}: ${key}`).toBeTruthy()
    const moduleLine = bindings.match(/type Module = ([^\n]*\n[^\n]*)/)![1]
    expect([...moduleLine.matchAll(/'([a-z]+)'/g)].map((m) => m[1])).toEqual([...MODULES])
  })
})

describe('the source', () => {
  it('uses only keys the locales have', () => {
    const used = new Set<string>()
    for (const file of sourceFiles(resolve(frontend, 'src'))) {
      const text = readFileSync(file, 'utf8')
      for (const m of text.matchAll(/\bt\(\s*['"]([A-Za-z0-9_.]+)['"]/g)) {
        if (!m[1].endsWith('.')) used.add(m[1])
      }
    }
    expect(used.size).toBeGreaterThan(40)
    const missing = [...used].filter((k) => !(k in flat.en))
    expect(missing).toEqual([])
  })
})

describe('languages', () => {
  it('are named in their own language and have Naive UI locales', () => {
    expect(LANGUAGES.map((l) => `${l.code}:${l.name}`)).toEqual(['es:Español', 'en:English', 'pt:Português', 'pl:Polski'])
    for (const l of LOCALES) {
      expect(naiveLocales[l]!.locale.name).toBeTruthy()
      expect(naiveLocales[l]!.dateLocale.name).toBeTruthy()
    }
    expect(naiveLocales.pl!.locale.name).toBe('pl-PL')
    expect(naiveLocales.pt!.locale.name).toBe('pt-BR')
  })

  it('are detected from the browser, falling back to English', () => {
    expect(detectLanguage(['pt-BR', 'en'])).toBe('pt')
    expect(detectLanguage(['de-DE', 'es-AR'])).toBe('es')
    expect(detectLanguage(['pl'])).toBe('pl')
    expect(detectLanguage(['de-DE', 'fr'])).toBe('en')
    expect(detectLanguage([])).toBe('en')
  })
})
