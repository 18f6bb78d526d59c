import { defineStore } from 'pinia'
import { ref } from 'vue'
import type { Theme } from '@/api'
import { THEMES } from '@/api'
import { detectLanguage, i18n, isLanguage, loadLanguage, textDirection, type Language } from '@/i18n'

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

/** This workstation's language: the last one chosen here, else the browser's (or English). */
export function workstationLanguage(): Language {
  const stored = readStorage(LANGUAGE_KEY)
  return isLanguage(stored) ? stored : detectLanguage()
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
  const language = ref<Language>(workstationLanguage())
  const storedTheme = readStorage(THEME_KEY)
  const theme = ref<Theme>(isTheme(storedTheme) ? storedTheme : 'system')

  // The latest switch: the chosen language is shown once it resolves.
  let applying: Promise<void> = Promise.resolve()

  /**
   * Shows the chosen language once its messages are loaded (the page keeps the one it shows
   * until then, never bare keys); a later choice made meanwhile wins. A language that cannot be
   * loaded leaves the shown one.
   */
  function applyLanguage(): Promise<void> {
    const code = language.value
    applying = loadLanguage(code).then(() => {
      if (language.value !== code) return
      i18n.global.locale.value = code
      if (typeof document !== 'undefined') {
        document.documentElement.lang = code
        document.documentElement.dir = textDirection(code)
      }
    }, () => undefined)
    return applying
  }

  /**
   * Switches the interface language and remembers it on this workstation; resolves when it
   * is shown (its messages load on the first switch to it).
   */
  function setLanguage(code: string): Promise<void> {
    if (!isLanguage(code)) return applying
    language.value = code
    writeStorage(LANGUAGE_KEY, code)
    return applyLanguage()
  }

  /** Resolves when the chosen language is shown (the first navigation waits for it). */
  function languageShown(): Promise<void> {
    return applying
  }

  /** Switches the theme preference now and remembers it on this workstation. */
  function setTheme(value: string): void {
    if (!isTheme(value)) return
    theme.value = value
    writeStorage(THEME_KEY, value)
  }

  void applyLanguage()
  return { language, theme, setLanguage, setTheme, languageShown }
})
