import { createLocale, dateEsAR, esAR } from 'naive-ui'
import { overrides, type NaiveLocale } from '../naive'

/** The es messages (locales/es.json) and each feature's (locales/<feature>/es.json): one chunk. */
export { default } from '../locales/es.json'
export const features = import.meta.glob<Record<string, unknown>>('../locales/*/es.json', { eager: true, import: 'default' })

/** Naive UI's strings and dates in es. */
export const naive: NaiveLocale = { locale: createLocale(overrides.es, esAR), dateLocale: dateEsAR }
