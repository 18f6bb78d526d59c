import { createI18n } from 'vue-i18n'
import en from './locales/en.json'
import es from './locales/es.json'
import pl from './locales/pl.json'
import pt from './locales/pt.json'

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
 * namespaces, e.g. {"teams": {...}, "errors": {"team_x": "..."}}), merged over the main file.
 * That keeps features from editing one shared file at once.
 */
const featureFiles = import.meta.glob<Tree>('./locales/*/*.json', { eager: true, import: 'default' })

function withFeatures(lang: string, base: Tree): Tree {
  const out = merge({}, base)
  for (const [path, tree] of Object.entries(featureFiles).sort(([a], [b]) => a.localeCompare(b))) {
    if (path.endsWith(`/${lang}.json`)) merge(out, tree)
  }
  return out
}

export const messages = {
  en: withFeatures('en', en) as typeof en,
  es: withFeatures('es', es) as typeof en,
  pl: withFeatures('pl', pl) as typeof en,
  pt: withFeatures('pt', pt) as typeof en,
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
  messages,
  missingWarn: false,
  fallbackWarn: false,
})
