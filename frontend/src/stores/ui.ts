import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Theme } from '@/api'
import { THEMES } from '@/api'
import { detectLanguage, i18n, isLanguage, textDirection, type Language } from '@/i18n'

const LANGUAGE_KEY = 'plantel.language'
const THEME_KEY = 'plantel.theme'

function readStorage(key: string): string | null {
  try {
    return localStorage.getItem(key)
  } catch {
    return null
  }
}

function writeStorage(key: string, value: string): void {
  try {
    localStorage.setItem(key, value)
  } catch {
    // storage may be unavailable; the choice then lasts for this run only
  }
}

function isTheme(v: unknown): v is Theme {
  return typeof v === 'string' && (THEMES as readonly string[]).includes(v)
}

/**
 * The interface language and theme on this workstation. Before sign-in they come from
 * localStorage (or the browser's language); after sign-in the session store applies the
 * user's saved preferences here.
 */
export const useUiStore = defineStore('ui', () => {
  const stored = readStorage(LANGUAGE_KEY)
  const language = ref<Language>(isLanguage(stored) ? stored : detectLanguage())
  const storedTheme = readStorage(THEME_KEY)
  const theme = ref<Theme>(isTheme(storedTheme) ? storedTheme : 'system')

  function applyLanguage(): void {
    i18n.global.locale.value = language.value
    if (typeof document !== 'undefined') {
      document.documentElement.lang = language.value
      document.documentElement.dir = textDirection(language.value)
    }
  }

  /** Switches the interface language now and remembers it on this workstation. */
  function setLanguage(code: string): void {
    if (!isLanguage(code)) return
    language.value = code
    writeStorage(LANGUAGE_KEY, code)
    applyLanguage()
  }

  /** Switches the theme preference now and remembers it on this workstation. */
  function setTheme(value: string): void {
    if (!isTheme(value)) return
    theme.value = value
    writeStorage(THEME_KEY, value)
  }

  applyLanguage()
  return { language, theme, setLanguage, setTheme }
})
