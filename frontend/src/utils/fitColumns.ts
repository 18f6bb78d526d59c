import { onBeforeUnmount, onMounted, ref, type Ref } from 'vue'

/** A column as fitColumns needs it: its key and width (px). */
interface Sized { key?: string | number; width?: number | string; minWidth?: number | string; type?: string }

function px(c: Sized): number {
  const w = c.width ?? c.minWidth ?? (c.type === 'selection' ? 44 : 100)
  return typeof w === 'number' ? w : Number.parseFloat(w) || 100
}

/**
 * The columns of a table that fit in width px without scrolling sideways (a 1280 or 1366
 * pixel laptop): the columns named in dropFirst go, in that order, until the rest fits; the
 * others always stay. Returns the kept columns and their total width (the table's scroll-x).
 */
export function fitColumns<C extends Sized>(cols: C[], width: number, dropFirst: string[]): { columns: C[]; total: number } {
  let kept = [...cols]
  const total = () => kept.reduce((s, c) => s + px(c), 0)
  for (const key of dropFirst) {
    if (width <= 0 || total() <= width) break
    kept = kept.filter((c) => c.key !== key)
  }
  return { columns: kept, total: total() }
}

/** The inner width of an element, kept up to date (0 until mounted). */
export function useElementWidth(el: Ref<HTMLElement | null>): Ref<number> {
  const width = ref(0)
  let ro: ResizeObserver | undefined
  onMounted(() => {
    if (!el.value) return
    width.value = el.value.clientWidth
    if (typeof ResizeObserver !== 'undefined') {
      ro = new ResizeObserver(() => { width.value = el.value?.clientWidth ?? 0 })
      ro.observe(el.value)
    }
  })
  onBeforeUnmount(() => ro?.disconnect())
  return width
}
