import { naiveLocales, type NaiveLocale } from '../naive'

/** The en messages (locales/en.json) and each feature's (locales/<feature>/en.json): one chunk. */
export { default } from '../locales/en.json'
export const features = import.meta.glob<Record<string, unknown>>('../locales/*/en.json', { eager: true, import: 'default' })

/** Naive UI's strings and dates in en (Naive UI's default, kept in naive.ts). */
export const naive: NaiveLocale = naiveLocales.en!
