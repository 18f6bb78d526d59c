import type { AvatarCrop } from '@/api/avatars'

/**
 * Crop geometry of the avatar crop step. A crop is a square in fractions of the picture as
 * shown (EXIF orientation applied), as Go's avatar.Crop: x of the width, y of the height, size
 * of the shorter side. Only the picture's proportions matter, so w and h may be natural or
 * displayed pixels.
 */

export const MIN_ZOOM = 1
export const MAX_ZOOM = 5

const clamp = (v: number, lo: number, hi: number) => Math.min(Math.max(v, lo), hi)

/** Keeps the square inside a w×h picture (size in (0, 1], then x and y). */
export function clampCrop(c: AvatarCrop, w: number, h: number): AvatarCrop {
  const short = Math.min(w, h)
  const size = clamp(c.size, 1 / MAX_ZOOM, 1)
  const side = size * short
  return { x: clamp(c.x, 0, (w - side) / w), y: clamp(c.y, 0, (h - side) / h), size }
}

/** The largest square, centred. */
export function centredCrop(w: number, h: number): AvatarCrop {
  const short = Math.min(w, h)
  return { x: (w - short) / 2 / w, y: (h - short) / 2 / h, size: 1 }
}

/** The zoom a crop stands for (1 = the largest square). */
export function zoomOf(c: AvatarCrop): number {
  return 1 / c.size
}

/** Zooms to zoom (MIN_ZOOM…MAX_ZOOM) keeping the square's centre where it is, as far as it fits. */
export function zoomCrop(c: AvatarCrop, zoom: number, w: number, h: number): AvatarCrop {
  const short = Math.min(w, h)
  const size = 1 / clamp(zoom, MIN_ZOOM, MAX_ZOOM)
  const cx = c.x * w + (c.size * short) / 2
  const cy = c.y * h + (c.size * short) / 2
  const side = size * short
  return clampCrop({ x: (cx - side / 2) / w, y: (cy - side / 2) / h, size }, w, h)
}

/** Moves the square by dx, dy pixels of a picture shown at w×h pixels, keeping it inside. */
export function moveCrop(c: AvatarCrop, dx: number, dy: number, w: number, h: number): AvatarCrop {
  return clampCrop({ x: c.x + dx / w, y: c.y + dy / h, size: c.size }, w, h)
}

/** The square in pixels of a picture shown at w×h: left, top and side. */
export function cropBox(c: AvatarCrop, w: number, h: number): { left: number; top: number; side: number } {
  return { left: c.x * w, top: c.y * h, side: c.size * Math.min(w, h) }
}

/** The display size of a w×h picture fitted into a box×box stage. */
export function fitInto(w: number, h: number, box: number): { width: number; height: number } {
  if (w <= 0 || h <= 0) return { width: box, height: box }
  const k = Math.min(box / w, box / h)
  return { width: w * k, height: h * k }
}
