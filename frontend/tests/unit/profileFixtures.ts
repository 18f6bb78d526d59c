import type { SessionInfo } from '@/api'
import type { UserDetail } from '@/api/profile'

/** A UserDetail as UsersService.Get answers it, for the user of session or overrides. */
export function makeDetail(over: Partial<UserDetail> = {}, user: Partial<UserDetail['user']> = {}): UserDetail {
  return {
    user: {
      id: '0193a1b2-7c4d-7e8f-9a0b-1c2d3e4f5a6b', shortId: '1c2d3e', displayName: 'María José García',
      firstName: 'María José', lastName: 'García', username: 'mgarcia', email: 'maria.garcia@andes-cc.com',
      profileId: 'p1', profileName: 'Supervisión', profileRole: 'admin', profileIcon: 'shield', role: 'admin',
      extension: '201', status: 'active', presence: 'online', lastActiveAt: '2026-11-23T09:00:00.000Z',
      createdAt: '2026-11-01T09:00:00.000Z', avatarId: '', teams: [], campaigns: [], workspaces: ['Oficina central'],
      ...user,
    },
    phone: '+51 1 555 0101', language: 'en', signature: '', invited: false, mustChangePassword: false,
    updatedAt: '2026-11-23T09:00:00.000Z', workspaces: [{ id: 'w1', name: 'Oficina central' }], teams: [], campaigns: [],
    clientCount: 0, openFollowups: 0,
    editable: ['firstName', 'lastName', 'phone', 'language', 'signature', 'skills', 'customFields', 'username', 'extension'],
    canDeactivate: false, canDelete: false, skills: [], customFields: [], modules: ['users', 'workspace'],
    twoFactorEnabled: false,
    can: { resetPassword: false, resetTwoFactor: false, changePhoto: true, transferOwnership: false },
    ...over,
  }
}

/** The own profile's detail, following the session's user (its avatar, language, role). */
export function detailOfSession(s: SessionInfo): UserDetail {
  const u = s.user
  return makeDetail({ language: u.language }, {
    id: u.id, shortId: u.shortId, displayName: u.displayName, firstName: u.firstName, lastName: u.lastName,
    username: u.username, email: u.email, role: u.role, profileId: u.profileId, profileName: u.profileName,
    presence: u.presence, avatarId: u.avatarId,
  })
}
