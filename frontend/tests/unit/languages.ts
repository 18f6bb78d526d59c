import { LANGUAGES, loadLanguage } from '@/i18n'

/**
 * Loads every language's messages, for specs that set vue-i18n's locale directly (the app loads
 * only the chosen language at start, the others on a switch).
 */
export async function loadAllLanguages(): Promise<void> {
  await Promise.all(LANGUAGES.map((l) => loadLanguage(l.code)))
}
