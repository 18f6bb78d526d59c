import { afterEach, describe, expect, it } from 'vitest'
import { mount, type VueWrapper } from '@vue/test-utils'
import { h } from 'vue'
import { NTooltip } from 'naive-ui'
import LazyTooltip from '@/components/common/LazyTooltip'

let wrapper: VueWrapper | undefined
afterEach(() => {
  wrapper?.unmount()
  wrapper = undefined
})

describe('a tooltip repeated on every row', () => {
  it('renders only its trigger until the pointer enters it, then is a Naive UI tooltip with its text', async () => {
    wrapper = mount({
      render: () => h('div', Array.from({ length: 25 }, (_, i) => h(LazyTooltip, null, {
        trigger: () => h('button', { type: 'button', 'aria-label': 'Done', 'data-testid': `b${i}` }, '✓'),
        default: () => 'Mark as done',
      }))),
    }, { attachTo: document.body })
    // 25 rows' buttons, no tooltip set up.
    expect(wrapper.findAll('button')).toHaveLength(25)
    expect(wrapper.findAllComponents(NTooltip)).toHaveLength(0)
    // The pointer on one: that one becomes a tooltip, its button still there.
    await wrapper.find('[data-testid="b3"]').trigger('mouseenter')
    const tips = wrapper.findAllComponents(NTooltip)
    expect(tips).toHaveLength(1)
    expect(wrapper.findAll('button')).toHaveLength(25)
    expect(wrapper.find('[data-testid="b3"]').exists()).toBe(true)
  })
})
