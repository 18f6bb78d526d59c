import { createLocale, datePlPL, plPL } from 'naive-ui'
import { overrides, type NaiveLocale } from '../naive'

/** The pl messages (locales/pl.json) and each feature's (locales/<feature>/pl.json): one chunk. */
export { default } from '../locales/pl.json'
export const features = import.meta.glob<Record<string, unknown>>('../locales/*/pl.json', { eager: true, import: 'default' })

/** Naive UI's strings and dates in pl. */
export const naive: NaiveLocale = { locale: createLocale(overrides.pl, plPL), dateLocale: datePlPL }
