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

export const messages = { en, es, pl, pt }

export const i18n = createI18n({
  legacy: false,
  locale: FALLBACK_LANGUAGE,
  fallbackLocale: FALLBACK_LANGUAGE,
  messages,
  missingWarn: false,
  fallbackWarn: false,
})
