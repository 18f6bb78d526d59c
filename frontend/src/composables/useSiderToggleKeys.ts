import { nextTick, onMounted, watch, type Ref } from 'vue'
import { useI18n } from 'vue-i18n'

/**
 * Naive UI's sider trigger (the round arrow on the menu's edge) is a bare <div> with a click
 * handler: no tab stop, no name. This makes it a keyboard button (Tab, Enter, Space) that says
 * whether it collapses or expands the menu.
 */
export function useSiderToggleKeys(selector: string, collapsed: Ref<boolean>): void {
  const { t, locale } = useI18n()
  let el: HTMLElement | null = null

  function label(): void {
    if (!el) return
    const text = collapsed.value ? t('shell.expand') : t('shell.collapse')
    el.setAttribute('aria-label', text)
    el.setAttribute('title', text)
    el.setAttribute('aria-expanded', collapsed.value ? 'false' : 'true')
  }

  onMounted(async () => {
    await nextTick()
    el = document.querySelector<HTMLElement>(selector)
    if (!el) return
    el.setAttribute('role', 'button')
    el.setAttribute('tabindex', '0')
    el.setAttribute('data-testid', 'sider-toggle')
    el.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault()
        el?.click()
      }
    })
    label()
  })
  watch([collapsed, locale], label)
}
