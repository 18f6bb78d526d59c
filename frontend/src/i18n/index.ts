import { createI18n } from 'vue-i18n'
import { naiveLocales, type NaiveLocale } from './naive'

/** Interface languages, each named in its own language (PRODUCT.md F4.5). */
export const LANGUAGES = [
  { code: 'es', name: 'Español' },
  { code: 'en', name: 'English' },
  { code: 'pt', name: 'Português' },
  { code: 'pl', name: 'Polski' },
] as const

export type Language = (typeof LANGUAGES)[number]['code']

export const FALLBACK_LANGUAGE: Language = 'en'

/** Languages written right to left; none of the shipped ones yet, the layout is ready for them. */
const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ur'])

export function isLanguage(code: unknown): code is Language {
  return typeof code === 'string' && LANGUAGES.some((l) => l.code === code)
}

/** The first of the browser's preferred languages that Plantel speaks, else English. */
export function detectLanguage(preferred: readonly string[] = navigatorLanguages()): Language {
  for (const tag of preferred) {
    const base = tag.toLowerCase().split(/[-_]/)[0]
    if (isLanguage(base)) return base
  }
  return FALLBACK_LANGUAGE
}

function navigatorLanguages(): readonly string[] {
  if (typeof navigator === 'undefined') return []
  return navigator.languages?.length ? navigator.languages : [navigator.language]
}

export function textDirection(code: string): 'ltr' | 'rtl' {
  return RTL_LANGUAGES.has(code) ? 'rtl' : 'ltr'
}

type Tree = { [key: string]: string | Tree }

/** Deep-merges b into a (b wins on a leaf); returns a. */
function merge(a: Tree, b: Tree): Tree {
  for (const [k, v] of Object.entries(b)) {
    const cur = a[k]
    if (typeof v === 'object' && typeof cur === 'object') merge(cur, v)
    else a[k] = typeof v === 'object' ? merge({}, v) : v
  }
  return a
}

/**
 * Each feature may keep its strings in locales/<feature>/<lang>.json (a tree of whole
 * namespaces, e.g. {"teams": {...}, "errors": {"team_x": "..."}}), merged over the main file
 * in the order of their paths. That keeps features from editing one shared file at once.
 */
function withFeatures(base: object, features: Record<string, unknown>): Tree {
  const out = merge({}, base as Tree)
  for (const [, tree] of Object.entries(features).sort(([a], [b]) => a.localeCompare(b))) merge(out, tree as Tree)
  return out
}

/**
 * Each language's messages (and its Naive UI locale) are a chunk of their own, loaded when the
 * language is first shown: a start parses only the chosen language's ~70 KB, not all four
 * (issue 10, app_start). lang/<code>.ts holds the main file and the features' files.
 */
interface LanguageChunk { default: object; features: Record<string, unknown>; naive: NaiveLocale }
const chunks: Record<Language, () => Promise<LanguageChunk>> = {
  es: () => import('./lang/es'),
  en: () => import('./lang/en'),
  pt: () => import('./lang/pt'),
  pl: () => import('./lang/pl'),
}

const loading = new Map<Language, Promise<void>>()

/**
 * Loads a language's messages into vue-i18n and its Naive UI locale, once; resolves when both
 * are there (at once when they already are). A failed load is tried again on the next call.
 */
export function loadLanguage(code: Language): Promise<void> {
  let p = loading.get(code)
  if (!p) {
    p = chunks[code]().then((m) => {
      i18n.global.setLocaleMessage(code, withFeatures(m.default, m.features))
      naiveLocales[code] = m.naive
    })
    p.catch(() => loading.delete(code))
    loading.set(code, p)
  }
  return p
}

/**
 * Plural forms (t(key, params, count) picks a "one | many" form, or "one | few | many" in
 * Polish): 1 klient, 2–4 klientów/klienci (few), 5+ and 12–14 (many).
 */
export function polishPlural(choice: number, choicesLength: number): number {
  const n = Math.abs(choice)
  if (choicesLength < 3) return n === 1 ? 0 : 1
  if (n === 1) return 0
  const last = n % 10
  const lastTwo = n % 100
  return last >= 2 && last <= 4 && (lastTwo < 12 || lastTwo > 14) ? 1 : 2
}

export const i18n = createI18n({
  legacy: false,
  pluralRules: { pl: polishPlural },
  locale: FALLBACK_LANGUAGE,
  fallbackLocale: FALLBACK_LANGUAGE,
  messages: {},
  missingWarn: false,
  fallbackWarn: false,
})
