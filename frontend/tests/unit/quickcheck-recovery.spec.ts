import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { VueWrapper } from '@vue/test-utils'
import { byTestId, mountApp, settle, waitFor } from './helpers'
import { failed, installRuntime, withStartup } from './startupFixtures'

let wrapper: VueWrapper | undefined

beforeEach(() => {
  installRuntime()
})
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
  delete window.runtime
})

// A file of its own: the router asks the start-up status once per page load (api/system.ts).
describe('the damaged-database dialog', () => {
  it('stays out of the recovery window (a database that failed at start)', async () => {
    withStartup(() => ({ ...failed, check: 'failed' }))
    ;({ wrapper } = await mountApp())
    await waitFor(() => expect(byTestId('recovery-page')).not.toBeNull())
    await settle()
    expect(byTestId('db-damaged-dialog')).toBeNull()
    expect(document.querySelectorAll('[data-testid="recovery-reason"]').length).toBe(1)
  })
})
