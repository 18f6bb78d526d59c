import { beforeEach, describe, expect, it, vi } from 'vitest'

const mark = vi.fn()
vi.mock('@/api/system', () => ({ aboutApi: { mark: (...a: unknown[]) => mark(...a) } }))

async function frame(): Promise<void> {
  await new Promise((r) => requestAnimationFrame(() => r(undefined)))
  await new Promise((r) => setTimeout(r, 0))
  await Promise.resolve()
  await Promise.resolve()
}

describe('paint marks for the window bench (issue 10)', () => {
  beforeEach(() => {
    vi.resetModules()
    mark.mockReset()
  })

  it('an ordinary run asks once, then stops crossing the bridge', async () => {
    mark.mockResolvedValue(false)
    const { markPainted } = await import('@/utils/uiMark')
    markPainted('signin_painted')
    await frame()
    markPainted('home_painted')
    markPainted('users_rows_painted', 1, 3)
    await frame()
    expect(mark).toHaveBeenCalledTimes(1)
    expect(mark.mock.calls[0][0]).toBe('signin_painted')
  })

  it('a run with --ui-timing gets every mark, with the page of the list', async () => {
    mark.mockResolvedValue(true)
    const { markPainted } = await import('@/utils/uiMark')
    markPainted('signin_painted')
    await frame()
    markPainted('users_rows_painted', 2, 3)
    await frame()
    expect(mark.mock.calls.map((c) => [c[0], c[2], c[3]])).toEqual([['signin_painted', 0, 0], ['users_rows_painted', 2, 3]])
  })

  it('work that follows a paint waits until its mark has reached Go (the warm-up never delays the report)', async () => {
    let answer!: (v: boolean) => void
    mark.mockImplementation(() => new Promise<boolean>((r) => { answer = r }))
    const { markPainted, marksSettled } = await import('@/utils/uiMark')
    const order: string[] = []
    void markPainted('home_painted').then(() => order.push('painted'))
    void marksSettled().then(() => order.push('settled'))
    await frame()
    await frame()
    expect(mark).toHaveBeenCalledTimes(1)
    expect(order).toEqual([]) // Go has not answered: nothing that waits for the paint started
    answer(true)
    await frame()
    expect(order).toEqual(['painted', 'settled'])
  })

  it('without marks to report, the promise still waits for the frame', async () => {
    mark.mockResolvedValue(false)
    const { markPainted } = await import('@/utils/uiMark')
    await markPainted('signin_painted') // asks once: false
    let done = false
    void markPainted('home_painted').then(() => { done = true })
    await Promise.resolve()
    expect(done).toBe(false) // not before the frame
    await frame()
    expect(done).toBe(true)
    expect(mark).toHaveBeenCalledTimes(1)
  })
})
