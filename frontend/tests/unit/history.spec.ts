import { beforeAll, describe, expect, it } from 'vitest'
import type { HistoryEntry } from '@/api/profile'
import { i18n } from '@/i18n'
import { changeText, entrySentences } from '@/components/userProfile/historyFormat'
import { loadAllLanguages } from './languages'

// The specs below switch vue-i18n's locale directly: every language's messages are loaded first.
beforeAll(loadAllLanguages)

const LOCALES = ['es', 'en', 'pt', 'pl'] as const

function entry(action: string, changes: HistoryEntry['changes'], extra: Partial<HistoryEntry> = {}): HistoryEntry {
  return { id: action, at: '2026-11-23T09:00:00.000Z', actorId: 'a', actorName: 'Carla Méndez', action, workstationId: 'w', changes, ...extra }
}

/** One of every kind of entry a user's History holds (Go has already put names for ids). */
const KINDS: HistoryEntry[] = [
  entry('create', [{ field: 'first_name', old: null, new: 'Jan' }, { field: 'profile_id', old: null, new: 'Agente' },
    { field: 'password_hash', old: null, new: null, secret: true }]),
  entry('update', [{ field: 'profile_id', old: 'Agent', new: 'Supervisor' }]),
  entry('update', [{ field: 'phone', old: '', new: '+34 910 555 123' }, { field: 'updated_at', old: 'x', new: 'y' }]),
  entry('update', [{ field: 'extension', old: '2042', new: '' }]),
  entry('update', [{ field: 'password_hash', old: null, new: null, secret: true }, { field: 'password_changed_at', old: null, new: 'z' }]),
  entry('update', [{ field: 'must_change_password', old: 0, new: 1 }]),
  entry('update', [{ field: 'status', old: 'pending', new: 'active' }, { field: 'language', old: 'en', new: 'pl' }]),
  entry('update', [{ field: 'skills', old: '[]', new: '[{"name":"Cobranzas","level":4}]' }]),
  entry('update', [{ field: 'avatar_id', old: null, new: 'photo' }]),
  entry('update', [{ field: 'sessions_revoked_at', old: null, new: '2026-11-23T09:00:00.000Z' }]),
  entry('update', [{ field: 'some_new_column', old: 'a', new: 'b' }]),
  entry('delete', [{ field: 'first_name', old: 'Jan', new: null }]),
  ...['password_reset', 'password_changed', 'password_reset_by_code', 'reset_code_sent', 'two_factor_reset',
    'two_factor_enabled', 'two_factor_disabled', 'recovery_codes_renewed'].map((a) => entry(a, [])),
  entry('password_reset', [{ field: 'generated', old: null, new: true }]),
  entry('deactivate', [], { sentence: { key: 'deactivatedShared', params: { count: 12, to: 'José Núñez, Ana Ruiz', followups: 3 }, count: 12 } }),
  entry('invitation_accepted', [], { actorName: '', sentence: { key: 'invitationAccepted', params: {}, count: 0 } }),
  // Memberships gained and lost (Go names the group).
  ...['addedToTeam', 'removedFromTeam', 'addedToCampaign', 'removedFromCampaign', 'addedToWorkspace', 'removedFromWorkspace']
    .map((key) => entry(key.startsWith('added') ? 'create' : 'delete', [], { sentence: { key, params: { group: 'Ventas Norte' }, count: 0 } })),
  // A change of role and channels in a campaign (Go keeps what changed, not the link).
  entry('update', [{ field: 'role', old: 'agent', new: 'supervisor' }, { field: 'channels', old: '["voice"]', new: '["voice","email"]' }],
    { sentence: { key: 'changedInCampaign', params: { group: 'Ventas Norte' }, count: 0 } }),
]

function say(l: string, e: HistoryEntry): string[] {
  i18n.global.locale.value = l as never
  const out = entrySentences(i18n.global.t as never, e, l)
  i18n.global.locale.value = 'en'
  return out
}

describe('a History entry', () => {
  it('reads as sentences in the reader’s language, naming who did it', () => {
    expect(say('en', KINDS[1])).toEqual(['Carla Méndez changed the profile from Agent to Supervisor'])
    expect(say('es', KINDS[1])).toEqual(['Carla Méndez cambió el perfil de Agent a Supervisor'])
    expect(say('pt', KINDS[1])).toEqual(['Carla Méndez alterou o perfil de Agent para Supervisor'])
    expect(say('pl', KINDS[1])).toEqual(['Carla Méndez zmienia profil z Agent na Supervisor'])
    expect(say('en', KINDS[0])).toEqual(['Carla Méndez created the account with the profile Agente'])
    expect(say('es', KINDS[2])).toEqual(['Carla Méndez puso el teléfono: +34 910 555 123'])
    expect(say('en', KINDS[3])).toEqual(['Carla Méndez cleared the extension (it was 2042)'])
    expect(say('es', KINDS[4])).toEqual(['Carla Méndez cambió la contraseña'])
    expect(say('es', KINDS[5])).toEqual(['Carla Méndez activó el cambio obligatorio de contraseña'])
    expect(say('en', KINDS[6])).toEqual(['Carla Méndez changed the status from Pending to Active', 'Carla Méndez changed the language from English to Polski'])
    expect(say('en', KINDS[7])).toEqual(['Carla Méndez set the skills to Cobranzas (4)'])
    expect(say('pl', KINDS.find((e) => e.action === 'two_factor_enabled')!)).toEqual(['Carla Méndez włącza logowanie dwuetapowe'])
    expect(say('es', KINDS.find((e) => e.sentence?.key === 'deactivatedShared')!)[0]).toMatch(/José Núñez.*\(por Carla Méndez\)$/)
    expect(say('en', KINDS.find((e) => e.actorName === '')!)[0]).toMatch(/\(by System\)$/)
    const member = (key: string) => KINDS.find((e) => e.sentence?.key === key)!
    expect(say('en', member('addedToTeam'))).toEqual(['Added to team Ventas Norte (by Carla Méndez)'])
    expect(say('es', member('removedFromCampaign'))).toEqual(['Baja de la campaña Ventas Norte (por Carla Méndez)'])
    expect(say('pt', member('addedToWorkspace'))).toEqual(['Inclusão no espaço de trabalho Ventas Norte (por Carla Méndez)'])
    expect(say('pl', member('removedFromTeam'))).toEqual(['Usunięcie z zespołu Ventas Norte — Carla Méndez'])
    expect(say('en', member('changedInCampaign'))).toEqual([
      'In campaign Ventas Norte: Carla Méndez changed the role from Agent to Supervisor',
      'In campaign Ventas Norte: Carla Méndez changed the channels from Voice to Voice, E-mail'])
    expect(say('es', member('changedInCampaign'))[0]).toBe('En la campaña Ventas Norte: Carla Méndez cambió el rol de Agente a Supervisor')
  })

  it('of every kind is a whole sentence in every language: who, no key, no placeholder, no raw column', () => {
    for (const l of LOCALES) {
      for (const e of KINDS) {
        const lines = say(l, e)
        expect(lines.length, `${l} ${e.action}`).toBeGreaterThan(0)
        for (const s of lines) {
          expect(s, `${l} ${e.action}`).toMatch(e.actorName ? /Carla Méndez/ : /\S/)
          if (e.sentence?.params.group) expect(s, `${l} ${e.sentence.key}`).toContain('Ventas Norte')
          expect(s, `${l} ${e.action}`).not.toMatch(/[{}]|history\.|_at\b|_id\b|password_hash|some_new_column|\[\]/)
        }
      }
    }
  })
})

describe('an audit change', () => {
  it('says lists as lists, flags as yes/no and dates in the reader’s language, with the column’s label', () => {
    i18n.global.locale.value = 'es'
    const t = i18n.global.t as never
    expect(changeText(t, { field: 'channels', old: null, new: ['voice', 'chat'] }, 'es')).toMatchObject({ field: 'Canales', new: 'voice, chat' })
    expect(changeText(t, { field: 'done', old: 0, new: 1 }, 'es')).toMatchObject({ field: 'Hecho', old: 'No', new: 'Sí' })
    expect(changeText(t, { field: 'user_id', old: null, new: 'Carla Méndez' }, 'es')).toMatchObject({ field: 'Persona', new: 'Carla Méndez' })
    expect(changeText(t, { field: 'due_at', old: null, new: '2026-12-07T09:00:00.000Z' }, 'es').new).not.toMatch(/T09:00/)
    i18n.global.locale.value = 'en'
  })
})
