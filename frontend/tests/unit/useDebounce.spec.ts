import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { effectScope, nextTick, ref } from 'vue'
import { LOADING_VEIL_MS, useDelayedTrue, useDebouncedFn, watchDebounced } from '@/composables/useDebounce'

beforeEach(() => vi.useFakeTimers())
afterEach(() => vi.useRealTimers())

describe('useDebouncedFn', () => {
  it('runs once, with the last arguments, after the calls pause', () => {
    const seen: string[] = []
    const f = useDebouncedFn((s: string) => seen.push(s), 250)
    f('j'); vi.advanceTimersByTime(100)
    f('jo'); vi.advanceTimersByTime(100)
    f('jos')
    vi.advanceTimersByTime(249)
    expect(seen).toEqual([])
    vi.advanceTimersByTime(1)
    expect(seen).toEqual(['jos'])
  })

  it('cancel drops the pending call, and so does the end of its scope', () => {
    const seen: string[] = []
    const f = useDebouncedFn((s: string) => seen.push(s), 250)
    f('a'); f.cancel()
    vi.advanceTimersByTime(1000)
    const scope = effectScope()
    const g = scope.run(() => useDebouncedFn((s: string) => seen.push(s), 250))!
    g('b'); scope.stop()
    vi.advanceTimersByTime(1000)
    expect(seen).toEqual([])
  })
})

describe('watchDebounced', () => {
  it('calls back with the value the source settled on, once per pause', async () => {
    const text = ref('')
    const seen: string[] = []
    const handle = watchDebounced(text, (v) => seen.push(v), 250)
    for (const v of ['m', 'ma', 'mar']) {
      text.value = v
      await nextTick()
      vi.advanceTimersByTime(100)
    }
    vi.advanceTimersByTime(250)
    expect(seen).toEqual(['mar'])
    text.value = 'x'
    await nextTick()
    handle.cancel()
    vi.advanceTimersByTime(1000)
    expect(seen).toEqual(['mar'])
    handle()
    text.value = 'y'
    await nextTick()
    vi.advanceTimersByTime(1000)
    expect(seen).toEqual(['mar'])
  })
})

describe('useDelayedTrue (a list\'s loading veil)', () => {
  it('veils only an answer slower than LOADING_VEIL_MS, and lifts the veil with the answer', async () => {
    const loading = ref(false)
    const scope = effectScope()
    const veil = scope.run(() => useDelayedTrue(loading, LOADING_VEIL_MS))!
    // A quick refresh (a return to the page, a page turn): no veil at any moment.
    loading.value = true
    await nextTick()
    vi.advanceTimersByTime(LOADING_VEIL_MS - 50)
    expect(veil.value).toBe(false)
    loading.value = false
    await nextTick()
    vi.advanceTimersByTime(LOADING_VEIL_MS * 2)
    expect(veil.value).toBe(false)
    // A slow answer: veiled once it has kept the page waiting, lifted when it arrives.
    loading.value = true
    await nextTick()
    vi.advanceTimersByTime(LOADING_VEIL_MS)
    expect(veil.value).toBe(true)
    loading.value = false
    await nextTick()
    expect(veil.value).toBe(false)
    // The end of its scope drops a pending veil.
    loading.value = true
    await nextTick()
    scope.stop()
    vi.advanceTimersByTime(LOADING_VEIL_MS * 2)
    expect(veil.value).toBe(false)
  })
})
