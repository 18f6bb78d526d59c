import { createLocale, dateEnUS, enUS } from 'naive-ui'
import type { NDateLocale, NLocale, NPartialLocale } from 'naive-ui'
import type { Language } from './index'

/** Naive UI's strings and date locale for one interface language. */
export interface NaiveLocale {
  locale: NLocale
  dateLocale: NDateLocale
}

/**
 * Naive UI's own strings, in the register Plantel speaks in each language (README: Spanish
 * "tú", Portuguese "você", Polish the informal second person), and date fields in the
 * language's own format (a date picker shows 24/12/2026 18:30 in Spanish, 24.12.2026 in Polish).
 */
export const overrides: Record<Language, NPartialLocale> = {
  es: {
    Select: { placeholder: 'Selecciona' },
    Input: { placeholder: 'Escribe aquí' },
    InputNumber: { placeholder: 'Escribe un número' },
    Cascader: { placeholder: 'Selecciona' },
    DatePicker: {
      dateFormat: 'dd/MM/yyyy', dateTimeFormat: 'dd/MM/yyyy HH:mm', weekPlaceholder: 'Selecciona la semana',
      quarterPlaceholder: 'Selecciona el trimestre', startMonthPlaceholder: 'Mes de inicio', endMonthPlaceholder: 'Mes final',
    },
    Time: { dateFormat: 'dd/MM/yyyy', dateTimeFormat: 'dd/MM/yyyy HH:mm:ss' },
  },
  en: {
    Select: { placeholder: 'Select' },
    Input: { placeholder: 'Type here' },
    DatePicker: { dateFormat: 'MM/dd/yyyy', dateTimeFormat: 'MM/dd/yyyy HH:mm' },
  },
  pt: {
    Select: { placeholder: 'Selecione' },
    Input: { placeholder: 'Digite aqui' },
    InputNumber: { placeholder: 'Digite um número' },
    Cascader: { placeholder: 'Selecione' },
    DatePicker: { dateFormat: 'dd/MM/yyyy', dateTimeFormat: 'dd/MM/yyyy HH:mm', weekPlaceholder: 'Selecione a semana' },
    Time: { dateFormat: 'dd/MM/yyyy', dateTimeFormat: 'dd/MM/yyyy HH:mm:ss' },
  },
  pl: {
    Select: { placeholder: 'Wybierz' },
    Input: { placeholder: 'Wpisz' },
    DatePicker: {
      dateFormat: 'dd.MM.yyyy', dateTimeFormat: 'dd.MM.yyyy HH:mm', weekPlaceholder: 'Wybierz tydzień',
      startMonthPlaceholder: 'Miesiąc początkowy', endMonthPlaceholder: 'Miesiąc końcowy',
    },
    Time: { dateFormat: 'dd.MM.yyyy', dateTimeFormat: 'dd.MM.yyyy HH:mm:ss' },
  },
}

/**
 * English is Naive UI's own default (its code is in the main bundle anyway): always here. The
 * other languages' Naive UI locales come with their messages (lang/<code>.ts) and are added
 * here by loadLanguage before the language is shown.
 */
export const naiveLocales: Partial<Record<Language, NaiveLocale>> = {
  en: { locale: createLocale(overrides.en, enUS), dateLocale: dateEnUS },
}

/** The Naive UI locale of lang, or English while lang is not loaded. */
export function naiveLocale(lang: string): NaiveLocale {
  return naiveLocales[lang as Language] ?? naiveLocales.en!
}

/** The date-and-time format of a date picker in lang (no seconds). */
export function dateTimeFormat(lang: string): string {
  const l = (lang in overrides ? lang : 'en') as Language
  return overrides[l].DatePicker!.dateTimeFormat!
}
