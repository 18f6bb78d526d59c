import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import type { Router } from 'vue-router'
import type { Followup } from '@/api/agenda'
import { dayKey, viewRange, weekStartFor } from '@/components/agenda/calendar'
import { makeSession, mountApp, resetBrowserState, settle, stubGo, waitFor } from './helpers'

let wrapper: VueWrapper | undefined
let router: Router
let onDue: ((...data: unknown[]) => void) | undefined

beforeEach(() => {
  resetBrowserState()
  onDue = undefined
  window.runtime = {
    EventsOn: (name: string, cb: (...data: unknown[]) => void) => {
      if (name === 'agenda:due') onDue = cb
      return () => { onDue = undefined }
    },
  }
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  delete window.runtime
})

function followup(over: Partial<Followup> = {}): Followup {
  const due = new Date()
  due.setHours(10, 30, 0, 0)
  return {
    id: 'f1', clientId: 'c1', clientName: 'Ferretería Núñez', clientPhone: '+34 600 123 456', workspaceId: 'w1',
    ownerId: 'me', ownerName: 'María José García', ownerAvatarId: '', dueAt: due.toISOString(), note: 'Ofrecer el plan',
    done: false, doneAt: '', overdue: false, ...over,
  }
}

type Fn = ReturnType<typeof vi.fn>

/** Stubs the session (an Owner) and AgendaService; returns the agenda's methods. */
function stubAgenda(items: Followup[]): Record<string, Fn> {
  const session = makeSession({}, { role: 'owner', id: 'me', language: 'es' })
  stubGo({ Boot: () => ({ needsSetup: false, session, version: '1', workstationId: 'w' }) })
  const impls: Record<string, (...args: any[]) => unknown> = {
    Range: () => ({ items, fromUtc: '', toUtc: '', truncated: false }),
    List: () => ({ items, total: items.length }),
    Counts: () => ({ overdue: 1, dueToday: 2 }),
    SetDone: (id: string, done: boolean) => ({ ...items.find((f) => f.id === id)!, done }),
    SearchClients: () => [],
  }
  const service: Record<string, Fn> = {}
  for (const [name, impl] of Object.entries(impls)) service[name] = vi.fn(async (...args: unknown[]) => impl(...args))
  window.go!.app!.AgendaService = service as never
  window.go!.app!.UsersService = { List: vi.fn(async () => ({ rows: [], total: 0 })) } as never
  return service
}

describe('agenda page', () => {
  it('asks Go for the local days of the week in the workstation zone, then the month grid', async () => {
    const agenda = stubAgenda([followup(), followup({ id: 'f2', overdue: true, clientName: 'Łódź Serwis' })])
    ;({ wrapper, router } = await mountApp())
    await router.push('/agenda')
    await settle()
    const today = dayKey(new Date())
    const week = viewRange('week', today, weekStartFor('es'))
    await waitFor(() => expect(agenda.Range).toHaveBeenCalled())
    const q = agenda.Range.mock.calls.at(-1)![0]
    expect(q).toEqual({ from: week.from, to: week.to, zone: Intl.DateTimeFormat().resolvedOptions().timeZone, ownerIds: [] })
    await waitFor(() => expect(document.querySelectorAll('[data-testid="followup-chip"]').length).toBe(2))
    expect(document.querySelector('[data-testid="followup-chip"].overdue')?.textContent).toContain('Łódź Serwis')
    expect(document.querySelector('[data-testid="agenda-overdue-count"]')?.textContent).toContain('Vencidos: 1')
    expect(document.querySelector(`[data-testid="agenda-cell-${today}-10"]`)?.textContent).toContain('Ferretería Núñez')

    ;(document.querySelector('[data-testid="agenda-view-month"] input') as HTMLInputElement).click()
    await settle()
    const month = viewRange('month', today, weekStartFor('es'))
    await waitFor(() => expect(agenda.Range.mock.calls.at(-1)![0]).toMatchObject({ from: month.from, to: month.to }))
  })
})

describe('reminders', () => {
  it('shows each agenda:due item with its client, and Done completes it', async () => {
    const item = followup()
    const agenda = stubAgenda([item])
    ;({ wrapper, router } = await mountApp())
    await waitFor(() => expect(onDue).toBeTypeOf('function'))
    onDue!([item])
    await settle()
    const notice = () => document.querySelector('[data-testid="agenda-reminder"]')
    await waitFor(() => expect(notice()?.textContent).toContain('Ferretería Núñez'))
    expect(notice()?.textContent).toContain('+34 600 123 456')
    expect(document.body.textContent).toContain('Seguimiento pendiente')
    ;(document.querySelector('[data-testid="agenda-reminder-done"]') as HTMLElement).click()
    await settle()
    expect(agenda.SetDone).toHaveBeenCalledWith('f1', true)
    await waitFor(() => expect(notice()).toBeNull())
  })
})

describe('reminders paced by the notification frequency', () => {
  function withFrequency(notifyFrequency: string): void {
    window.go!.app!.UsersService = {
      List: vi.fn(async () => ({ rows: [], total: 0 })),
      MyPreferences: vi.fn(async () => ({ notifyFrequency, idleMinutes: 0 })),
    } as never
  }

  it('hourly: the first comes at once, the next ones wait and then come as one notice', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true })
    try {
      const a = followup()
      const b = followup({ id: 'f2', clientName: 'Panadería Łódź' })
      const c = followup({ id: 'f3', clientName: 'Óptica Kraków' })
      stubAgenda([a, b, c])
      withFrequency('hourly')
      ;({ wrapper, router } = await mountApp())
      await waitFor(() => expect(onDue).toBeTypeOf('function'))
      await waitFor(() => expect(window.go!.app!.UsersService!.MyPreferences).toHaveBeenCalled())
      await settle()
      onDue!([a])
      await vi.advanceTimersByTimeAsync(10)
      await waitFor(() => expect(document.querySelectorAll('[data-testid="agenda-reminder"]').length).toBe(1))
      onDue!([b])
      onDue!([c])
      await vi.advanceTimersByTimeAsync(30 * 60_000)
      expect(document.querySelector('[data-testid="agenda-reminder-digest"]')).toBeNull()
      await vi.advanceTimersByTimeAsync(31 * 60_000)
      await waitFor(() => expect(document.querySelector('[data-testid="agenda-reminder-digest"]')?.textContent).toContain('Panadería Łódź'))
      expect(document.body.textContent).toContain('Han vencido 2 seguimientos')
    } finally {
      vi.useRealTimers()
    }
  })

  it('never: no pop-up at all', async () => {
    const a = followup()
    stubAgenda([a])
    withFrequency('never')
    ;({ wrapper, router } = await mountApp())
    await waitFor(() => expect(onDue).toBeTypeOf('function'))
    await waitFor(() => expect(window.go!.app!.UsersService!.MyPreferences).toHaveBeenCalled())
    await settle()
    onDue!([a])
    await settle()
    await new Promise((r) => setTimeout(r, 50))
    expect(document.querySelector('[data-testid="agenda-reminder"]')).toBeNull()
  })
})

describe('agenda page links', () => {
  it('picks the view and the list filter from the address, also while open, and keeps the address in step', async () => {
    const agenda = stubAgenda([followup({ overdue: true })])
    ;({ wrapper, router } = await mountApp())
    await router.push('/agenda?view=list&filter=overdue')
    await settle()
    await waitFor(() => expect(agenda.List).toHaveBeenCalled())
    expect(agenda.List.mock.calls.at(-1)![0]).toMatchObject({ status: 'overdue', offset: 0 })
    expect(agenda.Range).not.toHaveBeenCalled()
    expect(document.querySelector('[data-testid="agenda-view-list"]')?.className).toContain('checked')
    expect(document.querySelector('[data-testid="agenda-status-overdue"]')?.className).toContain('checked')

    // The dashboard's "due today" while the agenda is open: the list follows.
    await router.push('/agenda?view=list&filter=today')
    await settle()
    await waitFor(() => expect(agenda.List.mock.calls.at(-1)![0]).toMatchObject({ status: 'today', zone: Intl.DateTimeFormat().resolvedOptions().timeZone }))
    expect(document.querySelector('[data-testid="agenda-status-today"]')?.className).toContain('checked')

    // A click on another filter goes into the address.
    ;(document.querySelector('[data-testid="agenda-status-done"] input') as HTMLInputElement).click()
    await settle()
    await waitFor(() => expect(router.currentRoute.value.query).toEqual({ view: 'list', filter: 'done' }))
    expect(agenda.List.mock.calls.at(-1)![0]).toMatchObject({ status: 'done' })

    // A filter alone opens the list; an unknown one is ignored.
    await router.push('/agenda?view=week&filter=bogus')
    await settle()
    await waitFor(() => expect(agenda.Range).toHaveBeenCalled())
    expect(router.currentRoute.value.query).toEqual({ view: 'week' })
  })
})
