type Runtime = { EventsOn?: (name: string, cb: (...data: unknown[]) => void) => (() => void) | void; EventsOff?: (name: string) => void }

/**
 * Listens to an event Go emits (Wails runtime EventsOn) and returns the function that stops
 * listening; without a Wails runtime (unit tests) it does nothing.
 */
export function onGoEvent<T>(name: string, cb: (data: T) => void): () => void {
  const rt = (window as unknown as { runtime?: Runtime }).runtime
  if (!rt?.EventsOn) return () => {}
  const off = rt.EventsOn(name, (data: unknown) => cb(data as T))
  return typeof off === 'function' ? off : () => rt.EventsOff?.(name)
}
