import { ApiError, toApiError } from './errors'

type BoundMethod = (arg?: unknown) => Promise<unknown>
type BoundService = Record<string, BoundMethod | undefined>

declare global {
  interface Window {
    go?: { app?: Record<string, BoundService | undefined> }
  }
}

let onUnauthenticated: ((err: ApiError) => void) | undefined

/** Registers what happens when any call finds the session gone (signed out elsewhere, expired). */
export function setUnauthenticatedHandler(handler: ((err: ApiError) => void) | undefined): void {
  onUnauthenticated = handler
}

/**
 * callBound calls window.go.app.<service>.<method>(arg) and rejects with an ApiError only.
 * This is the only place that touches window.go.
 */
export async function callBound<R>(service: string, method: string, arg?: unknown): Promise<R> {
  return callBoundArgs<R>(service, method, arg === undefined ? [] : [arg])
}

/** callBoundArgs is callBound for a Go method of several (positional) arguments. */
export async function callBoundArgs<R>(service: string, method: string, args: unknown[]): Promise<R> {
  const fn = window.go?.app?.[service]?.[method] as ((...a: unknown[]) => Promise<unknown>) | undefined
  if (typeof fn !== 'function') {
    throw new ApiError('internal')
  }
  try {
    return (await fn(...args)) as R
  } catch (raw) {
    const err = toApiError(raw)
    if (err.code === 'unauthenticated') onUnauthenticated?.(err)
    throw err
  }
}
