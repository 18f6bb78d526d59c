import { callBound } from './client'

const SERVICE = 'AvatarsService'

/**
 * The square chosen in the crop step, in fractions of the picture as shown (EXIF orientation
 * applied): x of the width, y of the height, size of the shorter side. All zero = the largest
 * centred square.
 */
export interface AvatarCrop { x: number; y: number; size: number }

export interface SetAvatarRequest { userId: string; dataBase64: string; crop: AvatarCrop }
export interface SetAvatarResult { avatarId: string }
export interface RemoveAvatarRequest { userId: string }
/** A picture chosen in the open dialog; cancelled when the dialog was closed. */
export interface AvatarFile { cancelled: boolean; name: string; dataBase64: string }

/** The two sizes Go serves avatars at. */
export const AVATAR_LARGE = 512
export const AVATAR_SMALL = 64

/** Where the asset server serves an avatar: /avatars/<id>/<512|64>. */
export function avatarUrl(avatarId: string, size: number = AVATAR_SMALL): string {
  return `/avatars/${encodeURIComponent(avatarId)}/${size > AVATAR_SMALL ? AVATAR_LARGE : AVATAR_SMALL}`
}

/** AvatarsService: a user's avatar (profile photo). Refused pictures reject with avatar_invalid. */
export const avatarsApi = {
  set: (req: SetAvatarRequest) => (callBound(SERVICE, 'Set', req) as Promise<SetAvatarResult>),
  chooseFile: () => (callBound(SERVICE, 'ChooseFile') as Promise<AvatarFile>),
  remove: (req: RemoveAvatarRequest) => (callBound(SERVICE, 'Remove', req) as Promise<void>),
}
