import { ref } from 'vue'
import { useI18n } from 'vue-i18n'
import { avatarsApi, type AvatarCrop } from '@/api'
import { avatarErrorMessage, avatarRefusal } from '@/utils/avatarErrors'

/** The largest file Go accepts (avatar.DefaultMaxBytes); bigger drops are refused unread. */
export const MAX_AVATAR_BYTES = 15 * 1024 * 1024

/** The MIME type of a picture from its first bytes (base64), for the preview's data: URL. */
export function mimeOf(base64: string): string {
  if (base64.startsWith('/9j/')) return 'image/jpeg'
  if (base64.startsWith('iVBORw0KGgo')) return 'image/png'
  return 'application/octet-stream'
}

/** Reads a File as base64 (without the data: URL prefix). */
function readBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => {
      const text = String(reader.result ?? '')
      resolve(text.slice(text.indexOf(',') + 1))
    }
    reader.onerror = () => reject(reader.error)
    reader.readAsDataURL(file)
  })
}

/**
 * A user's photo: "Change photo" (the native open dialog) or a file dropped on the avatar,
 * then the crop step, then AvatarsService.Set for userId(); "Remove photo". done() runs after
 * each stored change with what happened ('updated' | 'removed').
 */
export function useAvatarPicker(userId: () => string, done: (what: 'updated' | 'removed') => Promise<void> | void) {
  const { t } = useI18n()
  const error = ref('')
  const cropError = ref('')
  const busy = ref(false)
  const dragging = ref(false)
  const pending = ref<{ dataBase64: string; src: string } | null>(null)
  /** The picture of the crop step; kept after it closes so the dialog fades out with it. */
  const cropSrc = ref('')

  function startCrop(dataBase64: string): void {
    error.value = ''
    cropError.value = ''
    const mime = mimeOf(dataBase64)
    if (mime === 'application/octet-stream') {
      // Not a JPEG or PNG: say so now rather than after the crop step (Go checks it again).
      error.value = avatarErrorMessage(t, avatarRefusal('type'))
      return
    }
    pending.value = { dataBase64, src: `data:${mime};base64,${dataBase64}` }
    cropSrc.value = pending.value.src
  }

  async function choose(): Promise<void> {
    error.value = ''
    busy.value = true
    try {
      const file = await avatarsApi.chooseFile()
      if (!file.cancelled) startCrop(file.dataBase64)
    } catch (err) {
      error.value = avatarErrorMessage(t, err)
    } finally {
      busy.value = false
    }
  }

  function onDragOver(e: DragEvent): void {
    if (!e.dataTransfer || ![...e.dataTransfer.types].includes('Files')) return
    e.preventDefault()
    e.dataTransfer.dropEffect = 'copy'
    dragging.value = true
  }

  async function onDrop(e: DragEvent): Promise<void> {
    e.preventDefault()
    dragging.value = false
    const file = e.dataTransfer?.files?.[0]
    if (!file) return
    error.value = ''
    if (file.size > MAX_AVATAR_BYTES) {
      error.value = avatarErrorMessage(t, avatarRefusal('size', { max: MAX_AVATAR_BYTES }))
      return
    }
    try {
      startCrop(await readBase64(file))
    } catch {
      error.value = t('avatar.readFailed')
    }
  }

  async function confirm(crop: AvatarCrop): Promise<void> {
    if (!pending.value) return
    busy.value = true
    cropError.value = ''
    try {
      await avatarsApi.set({ userId: userId(), dataBase64: pending.value.dataBase64, crop })
      pending.value = null
      await done('updated')
    } catch (err) {
      cropError.value = avatarErrorMessage(t, err)
    } finally {
      busy.value = false
    }
  }

  function cancel(): void {
    if (busy.value) return
    pending.value = null
    cropError.value = ''
  }

  function onImageError(): void {
    if (!pending.value) return
    pending.value = null
    error.value = avatarErrorMessage(t, avatarRefusal('corrupt'))
  }

  async function remove(): Promise<void> {
    error.value = ''
    busy.value = true
    try {
      await avatarsApi.remove({ userId: userId() })
      await done('removed')
    } catch (err) {
      error.value = avatarErrorMessage(t, err)
    } finally {
      busy.value = false
    }
  }

  return { error, cropError, busy, dragging, pending, cropSrc, choose, onDragOver, onDrop, confirm, cancel, onImageError, remove }
}
