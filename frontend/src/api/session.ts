import { callBound } from './client'
import type {
  BootInfo, CheckPasswordRequest, PolicyReport, PreferencesRequest, PresenceRequest,
  SecondFactorRequest, SessionInfo, SetupRequest, SignInRequest,
} from './types'

const SERVICE = 'SessionService'

/** SessionService: boot, first-run setup, sign-in/out, own preferences and presence. */
export const sessionApi = {
  boot: () => (callBound(SERVICE, 'Boot') as Promise<BootInfo>),
  setup: (req: SetupRequest) => (callBound(SERVICE, 'Setup', req) as Promise<SessionInfo>),
  checkPassword: (req: CheckPasswordRequest) => (callBound(SERVICE, 'CheckPassword', req) as Promise<PolicyReport>),
  /** Readies Go's password check while the password is typed (no answer, never fails the page). */
  prepareSignIn: () => (callBound(SERVICE, 'PrepareSignIn') as Promise<void>),
  signIn: (req: SignInRequest) => (callBound(SERVICE, 'SignIn', req) as Promise<SessionInfo>),
  /** The second step after SignIn rejected with two_factor_required (params.challengeId). */
  signInSecondFactor: (req: SecondFactorRequest) => (callBound(SERVICE, 'SignInSecondFactor', req) as Promise<SessionInfo>),
  signOut: () => (callBound(SERVICE, 'SignOut') as Promise<void>),
  me: () => (callBound(SERVICE, 'Me') as Promise<SessionInfo>),
  setPreferences: (req: PreferencesRequest) => (callBound(SERVICE, 'SetPreferences', req) as Promise<SessionInfo>),
  setPresence: (req: PresenceRequest) => (callBound(SERVICE, 'SetPresence', req) as Promise<SessionInfo>),
}
