import { dateEnUS, dateEsAR, datePlPL, datePtBR, enUS, esAR, plPL, ptBR } from 'naive-ui'
import type { NDateLocale, NLocale } from 'naive-ui'
import type { Language } from './index'

/** Naive UI's own strings and date formats for each interface language. */
export const naiveLocales: Record<Language, { locale: NLocale; dateLocale: NDateLocale }> = {
  es: { locale: esAR, dateLocale: dateEsAR },
  en: { locale: enUS, dateLocale: dateEnUS },
  pt: { locale: ptBR, dateLocale: datePtBR },
  pl: { locale: plPL, dateLocale: datePlPL },
}
