import { getCurrentScope, onScopeDispose, readonly, ref, watch, type Ref, type WatchSource, type WatchStopHandle } from 'vue'

/** A debounced function: each call replaces the pending one; cancel drops it. */
export interface DebouncedFn<A extends unknown[]> {
  (...args: A): void
  cancel: () => void
}

/**
 * useDebouncedFn returns fn debounced by `wait` ms: it runs once the calls have paused that long,
 * with the last call's arguments. A pending call is dropped when the component (or effect scope)
 * that made it goes away. The one debounce of the frontend (search boxes, live previews, the
 * password check); same behaviour as VueUse's useDebounceFn.
 */
export function useDebouncedFn<A extends unknown[]>(fn: (...args: A) => void, wait: number): DebouncedFn<A> {
  let timer: ReturnType<typeof setTimeout> | undefined
  const cancel = (): void => {
    clearTimeout(timer)
    timer = undefined
  }
  const debounced = (...args: A): void => {
    cancel()
    timer = setTimeout(() => {
      timer = undefined
      fn(...args)
    }, wait)
  }
  if (getCurrentScope()) onScopeDispose(cancel)
  return Object.assign(debounced, { cancel })
}

/**
 * watchDebounced calls cb with the source's new value once it has not changed for `wait` ms
 * (a search box: one query per pause in typing, not one per key). Like VueUse's watchDebounced;
 * the handle stops the watch, and its cancel drops a pending call.
 */
export function watchDebounced<T>(
  source: WatchSource<T>, cb: (value: T) => void, wait: number,
): WatchStopHandle & { cancel: () => void } {
  const later = useDebouncedFn(cb, wait)
  const stop = watch(source, (value) => later(value))
  return Object.assign(() => {
    stop()
    later.cancel()
  }, { cancel: later.cancel })
}

/** How long a list waits for its answer before it veils its rows as loading. */
export const LOADING_VEIL_MS = 300

/**
 * useDelayedTrue follows a busy flag, but turns true only once it has stayed true for `wait`
 * ms, and false at once: a list that reads its rows again shows its loading veil only when
 * the answer is slow, so a quick refresh (a return to the page, a page turn) does not flash
 * it over rows that are already right (issue 10: the veil's render cost the return its frame).
 */
export function useDelayedTrue(source: WatchSource<boolean>, wait: number): Readonly<Ref<boolean>> {
  const shown = ref(false)
  let timer: ReturnType<typeof setTimeout> | undefined
  const stop = (): void => {
    clearTimeout(timer)
    timer = undefined
  }
  watch(source, (busy) => {
    stop()
    if (!busy) shown.value = false
    else if (!shown.value) timer = setTimeout(() => {
      timer = undefined
      shown.value = true
    }, wait)
  }, { immediate: true })
  if (getCurrentScope()) onScopeDispose(stop)
  return readonly(shown)
}
