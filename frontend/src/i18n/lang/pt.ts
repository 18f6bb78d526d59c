import { createLocale, datePtBR, ptBR } from 'naive-ui'
import { overrides, type NaiveLocale } from '../naive'

/** The pt messages (locales/pt.json) and each feature's (locales/<feature>/pt.json): one chunk. */
export { default } from '../locales/pt.json'
export const features = import.meta.glob<Record<string, unknown>>('../locales/*/pt.json', { eager: true, import: 'default' })

/** Naive UI's strings and dates in pt. */
export const naive: NaiveLocale = { locale: createLocale(overrides.pt, ptBR), dateLocale: datePtBR }
