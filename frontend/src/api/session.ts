import { callBound } from './client'
import type {
  BootInfo, CheckPasswordRequest, PolicyReport, PreferencesRequest, PresenceRequest,
  SecondFactorRequest, SessionInfo, SetupRequest, SignInRequest,
} from './types'

const SERVICE = 'SessionService'

/** SessionService: boot, first-run setup, sign-in/out, own preferences and presence. */
export const sessionApi = {
  boot: () => callBound<BootInfo>(SERVICE, 'Boot'),
  setup: (req: SetupRequest) => callBound<SessionInfo>(SERVICE, 'Setup', req),
  checkPassword: (req: CheckPasswordRequest) => callBound<PolicyReport>(SERVICE, 'CheckPassword', req),
  signIn: (req: SignInRequest) => callBound<SessionInfo>(SERVICE, 'SignIn', req),
  /** The second step after SignIn rejected with two_factor_required (params.challengeId). */
  signInSecondFactor: (req: SecondFactorRequest) => callBound<SessionInfo>(SERVICE, 'SignInSecondFactor', req),
  signOut: () => callBound<void>(SERVICE, 'SignOut'),
  me: () => callBound<SessionInfo>(SERVICE, 'Me'),
  setPreferences: (req: PreferencesRequest) => callBound<SessionInfo>(SERVICE, 'SetPreferences', req),
  setPresence: (req: PresenceRequest) => callBound<SessionInfo>(SERVICE, 'SetPresence', req),
}
