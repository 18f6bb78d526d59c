import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import type { SyncStatus } from '@/api'
import { i18n } from '@/i18n'
import SyncProgress from '@/components/sync/SyncProgress.vue'
import { loadAllLanguages } from './languages'

beforeAll(loadAllLanguages)

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  i18n.global.locale.value = 'en'
})

const RUNNING: SyncStatus = {
  configured: true, serverUrl: 'https://sync.office.test', deviceId: 'dev-1', fingerprint: '', connected: true, running: true,
  lastSync: '', pending: 0, parked: 0, conflicts: 0, pulled: 0, cursor: 0, pulling: true, headKnown: true, pullDone: 0,
  pullTotal: 0, progress: 0, snapshot: false, copy: false, restart: false, error: '', clockAhead: false, seq: 1,
}

function show(status: SyncStatus | null, locale = 'en', compact = false) {
  i18n.global.locale.value = locale as never
  wrapper?.unmount()
  wrapper = mount(SyncProgress, { props: { status, compact }, global: { plugins: [i18n] } })
  const bar = wrapper.find('[role="progressbar"]')
  const text = wrapper.find('[data-testid="sync-progress-text"]')
  const root = wrapper.find('[data-testid="sync-progress"]')
  return {
    shown: root.exists(),
    determinate: root.exists() ? root.attributes('data-determinate') : undefined,
    value: bar.exists() ? bar.attributes('aria-valuenow') : undefined,
    text: text.exists() ? text.text() : '',
    valuetext: bar.exists() ? bar.attributes('aria-valuetext') : undefined,
  }
}

describe('the progress of a sync', () => {
  it('is a determinate bar with "N of M changes" and the percentage while a pull knows the server head', () => {
    const s = show({ ...RUNNING, pulled: 12345, cursor: 24690, pullDone: 12345, pullTotal: 100000, progress: 0.12345 })
    expect(s.determinate).toBe('true')
    expect(s.value).toBe('12')
    expect(s.text).toBe('12,345 of 100,000 changes · 12%')
    expect(s.valuetext).toBe(s.text)
    // Rounded down: 100% only once the pull reached the end.
    expect(show({ ...RUNNING, pullDone: 999, pullTotal: 1000, progress: 0.999 }).value).toBe('99')
    expect(show({ ...RUNNING, pullDone: 1000, pullTotal: 1000, progress: 1 }).text).toBe('1,000 of 1,000 changes · 100%')
    expect(show({ ...RUNNING, pullDone: 1, pullTotal: 1, progress: 1 }).text).toBe('1 of 1 change · 100%')
  })

  it('says it in the four languages, with the numbers as each writes them', () => {
    const at = { ...RUNNING, pullDone: 2500, pullTotal: 10000, progress: 0.25 }
    expect(show(at, 'es').text).toMatch(/^2\.?500 de 10\.000 cambios · 25 %$/)
    expect(show(at, 'pt').text).toMatch(/^2\.?500 de 10\.000 alterações · 25%$/)
    expect(show(at, 'pl').text).toMatch(/^2\s?500 z 10\s000 zmian · 25%$/)
    expect(show({ ...at, pullDone: 1, pullTotal: 1, progress: 1 }, 'pl').text).toBe('1 z 1 zmiany · 100%')
    expect(show(at, 'en').text).toBe('2,500 of 10,000 changes · 25%')
  })

  it('is indeterminate, with the count received, when the server does not tell its head', () => {
    const s = show({ ...RUNNING, headKnown: false, pulled: 700 })
    expect(s.determinate).toBe('false')
    expect(s.value).toBeUndefined()
    expect(s.text).toBe('Receiving… 700')
    // The upload after enrollment, and the push before any pull: what is known, no percentage.
    expect(show({ ...RUNNING, pulling: false, headKnown: false, snapshot: true }).text).toBe("Sending this workstation's data…")
    expect(show({ ...RUNNING, pulling: false, headKnown: false }).determinate).toBe('false')
  })

  it("counts the bytes of the organization's ready copy, in the four languages, and then says the app restarts", () => {
    const at = { ...RUNNING, copy: true, pullDone: 52_500_000, pullTotal: 210_000_000, progress: 0.25 }
    const s = show(at)
    expect(s.determinate).toBe('true')
    expect(s.value).toBe('25')
    expect(s.text).toBe("Downloading the organization's copy… 52.5 MB of 210 MB · 25%")
    expect(show(at, 'es').text).toMatch(/^Descargando la copia de la organización… 52,5 MB de 210 MB · 25 %$/)
    expect(show(at, 'pt').text).toMatch(/^Baixando a cópia da organização… 52,5 MB de 210 MB · 25%$/)
    expect(show(at, 'pl').text).toMatch(/^Pobieranie kopii organizacji… 52,5 MB z 210 MB · 25%$/)
    expect(show({ ...at, restart: true, progress: 1, pullDone: at.pullTotal }).text).toBe("The organization's copy is ready. Plantel restarts to open it…")
  })

  it('is not there when no sync runs; the compact form is the bar alone', () => {
    expect(show({ ...RUNNING, running: false, pulling: false }).shown).toBe(false)
    expect(show(null).shown).toBe(false)
    const c = show({ ...RUNNING, pullDone: 50, pullTotal: 200, progress: 0.25 }, 'en', true)
    expect(c.shown && c.text === '' && c.value === '25').toBe(true)
  })
})
