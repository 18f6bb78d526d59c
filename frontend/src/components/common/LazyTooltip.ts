import { cloneVNode, defineComponent, h, ref } from 'vue'
import { NTooltip } from 'naive-ui'

/**
 * A tooltip for something repeated on every row of a table (an action button, a channel
 * icon): it renders only its trigger until the pointer first enters it, and becomes an
 * NTooltip then. An NTooltip sets up a popover, a binder and a follower as it renders; three
 * per row made the agenda's list view build 75 of them each time it opened (issue 14: its
 * click → rows reached 759 ms). Slots as NTooltip's: trigger and default.
 */
export default defineComponent({
  name: 'LazyTooltip',
  setup(_, { slots }) {
    const armed = ref(false)
    const arm = () => {
      armed.value = true
    }
    return () => {
      if (armed.value) return h(NTooltip, null, { trigger: slots.trigger, default: slots.default })
      const trigger = slots.trigger?.()[0]
      return trigger ? cloneVNode(trigger, { onMouseenter: arm }) : null
    }
  },
})
