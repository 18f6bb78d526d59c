import { afterAll } from 'vitest'

/**
 * Timers still pending when a test file ends would fire after Vitest has torn the file's DOM
 * down: a Naive UI message's hide timer (3 s, not cleared when the message unmounts) then
 * throws "window is not defined", an unhandled error that fails the run although every test
 * passed (CI, 2026-12-07, after profile.spec). Each file's timers are tracked and the ones
 * still pending are cleared with the file.
 */
const pending = new Set<ReturnType<typeof setTimeout>>()
const realSetTimeout = globalThis.setTimeout
const realClearTimeout = globalThis.clearTimeout

globalThis.setTimeout = ((handler: TimerHandler, ms?: number, ...args: unknown[]) => {
  const id = realSetTimeout(() => {
    pending.delete(id)
    if (typeof handler === 'function') (handler as (...a: unknown[]) => void)(...args)
  }, ms)
  pending.add(id)
  return id
}) as unknown as typeof setTimeout

globalThis.clearTimeout = ((id?: ReturnType<typeof setTimeout>) => {
  if (id !== undefined) pending.delete(id)
  realClearTimeout(id)
}) as unknown as typeof clearTimeout

afterAll(() => {
  for (const id of pending) realClearTimeout(id)
  pending.clear()
})
