import { ApiError, toApiError } from './errors'
// The bound Go services as Wails generates them from the Go code (bash scripts/gen-bindings.sh
// writes services.gen.ts): every call below is checked by vue-tsc against the Go method names
// and argument types.
import type { Services } from './services.gen'

export type { Services }
export type ServiceName = keyof Services
export type MethodName<S extends ServiceName> = keyof Services[S] & string

type AnyFn = (...args: never[]) => unknown

/**
 * Data<T> is a generated model as the JSON data that crosses the bridge: the model classes of
 * wailsjs/go/models.ts without their methods, so a plain object literal fits.
 */
export type Data<T> = T extends AnyFn
  ? never
  : T extends Array<infer U>
    ? Array<Data<U>>
    : T extends object
      ? { [K in keyof T as T[K] extends AnyFn ? never : K]: Data<T[K]> }
      : T

type Method<S extends ServiceName, M extends MethodName<S>> = Services[S][M] extends AnyFn ? Services[S][M] : never
/**
 * InData<T> is what Go accepts for a model: encoding/json gives a missing field its zero value
 * and reads null as a nil slice, so every field may be left out and every list may be null;
 * the names and types of the fields that are given are checked.
 */
export type InData<T> = T extends AnyFn
  ? never
  : T extends Array<infer U>
    ? Array<InData<U>> | null
    : T extends object
      ? { [K in keyof T as T[K] extends AnyFn ? never : K]?: InData<T[K]> }
      : T
/** DataArgs maps an argument list to what Go accepts, keeping it a tuple. */
type DataArgs<A extends unknown[]> = { [I in keyof A]: InData<A[I]> }
/** ArgsOf is the Go method's arguments, in order. */
export type ArgsOf<S extends ServiceName, M extends MethodName<S>> = DataArgs<Parameters<Method<S, M>>>
/** ResultOf is the Go method's result. */
export type ResultOf<S extends ServiceName, M extends MethodName<S>> = Data<Awaited<ReturnType<Method<S, M>>>>

type BoundService = Record<string, ((...args: unknown[]) => Promise<unknown>) | undefined>

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
 * callBound calls window.go.app.<service>.<method>(...args) and rejects with an ApiError only.
 * This is the only place that touches window.go. The service, the method and the arguments
 * are checked against the generated declarations; the result is the Go result as data, or the
 * view R the caller declares for it (its return type or `as Promise<R>`).
 */
export async function callBound<S extends ServiceName, M extends MethodName<S>, R = ResultOf<S, M>>(
  service: S, method: M, ...args: ArgsOf<S, M>
): Promise<R> {
  const list = args as unknown[]
  return callBoundArgs<S, M, R>(service, method, (list.length === 1 && list[0] === undefined ? [] : list) as ArgsOf<S, M>)
}

/** callBoundArgs is callBound with the arguments as one list. */
export async function callBoundArgs<S extends ServiceName, M extends MethodName<S>, R = ResultOf<S, M>>(
  service: S, method: M, args: ArgsOf<S, M>
): Promise<R> {
  const fn = window.go?.app?.[service]?.[method]
  if (typeof fn !== 'function') {
    throw new ApiError('internal')
  }
  try {
    return (await fn(...(args as unknown[]))) as R
  } catch (raw) {
    const err = toApiError(raw)
    if (err.code === 'unauthenticated') onUnauthenticated?.(err)
    throw err
  }
}
