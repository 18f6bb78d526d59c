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
})
