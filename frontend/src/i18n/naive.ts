import { createLocale, dateEnUS, dateEsAR, datePlPL, datePtBR, enUS, esAR, plPL, ptBR } from 'naive-ui'
import type { NDateLocale, NLocale, NPartialLocale } from 'naive-ui'
import type { Language } from './index'

/**
 * Naive UI's own strings, in the register Plantel speaks in each language (README: Spanish
 * "tú", Portuguese "você", Polish the informal second person), and date fields in the
 * language's own format (a date picker shows 24/12/2026 18:30 in Spanish, 24.12.2026 in Polish).
 */
const overrides: Record<Language, NPartialLocale> = {
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

const base: Record<Language, NLocale> = { es: esAR, en: enUS, pt: ptBR, pl: plPL }

/** Naive UI's own strings and date formats for each interface language. */
export const naiveLocales: Record<Language, { locale: NLocale; dateLocale: NDateLocale }> = {
  es: { locale: createLocale(overrides.es, base.es), dateLocale: dateEsAR },
  en: { locale: createLocale(overrides.en, base.en), dateLocale: dateEnUS },
  pt: { locale: createLocale(overrides.pt, base.pt), dateLocale: datePtBR },
  pl: { locale: createLocale(overrides.pl, base.pl), dateLocale: datePlPL },
}

/** The date-and-time format of a date picker in lang (no seconds). */
export function dateTimeFormat(lang: string): string {
  const l = (lang in naiveLocales ? lang : 'en') as Language
  return naiveLocales[l].locale.DatePicker.dateTimeFormat
}
