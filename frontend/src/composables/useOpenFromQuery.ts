import { watch, type Ref } from 'vue'
import { useRoute, useRouter } from 'vue-router'

/**
 * ?<param>=<value> in the address opens something on the page (a drawer, a dialog): the command
 * palette links to /teams?teamId=…, /users?create=1. When it closes again the parameter leaves
 * the address, so the same link opens it once more.
 */
export function useOpenFromQuery(param: string, open: (value: string) => void, shown: Ref<boolean>, page?: string): void {
  const route = useRoute()
  const router = useRouter()
  // The page's route: the one it is set up on, unless it says (the users page is set up
  // ahead, hidden, while another page shows: AppShell's warm-up).
  const name = page ?? route.name
  watch(() => route.query[param], (value) => {
    if (route.name === name && typeof value === 'string' && value) open(value)
  }, { immediate: true })
  watch(shown, (isShown) => {
    if (!isShown && route.name === name && route.query[param] !== undefined) {
      void router.replace({ query: { ...route.query, [param]: undefined } })
    }
  })
}
