import { ref, watch, type Ref } from 'vue'
import { sessionApi, type CheckPasswordRequest, type PolicyReport } from '@/api'
import { useDebouncedFn } from './useDebounce'

/** How long typing must pause before the password is checked in Go. */
export const CHECK_DELAY_MS = 200

/**
 * Checks a password against the policy in Go as the user types (debounced), with the
 * personal data it must not contain. Only the answer to the latest input is kept.
 */
export function usePasswordCheck(
  input: Ref<CheckPasswordRequest>,
  delay = CHECK_DELAY_MS,
  /** Who answers; the session's CheckPassword unless given (the accept-invitation form has no session). */
  check: (req: CheckPasswordRequest) => Promise<PolicyReport> = sessionApi.checkPassword,
) {
  const report = ref<PolicyReport | null>(null)
  /** The password the current report answers. */
  const checkedPassword = ref('')
  const checking = ref(false)
  let sequence = 0

  async function run(req: CheckPasswordRequest): Promise<void> {
    const mine = ++sequence
    checking.value = true
    try {
      const answer = await check(req)
      if (mine !== sequence) return
      report.value = answer
      checkedPassword.value = req.password
    } catch {
      // A failed check leaves the last report; Setup itself still enforces the policy.
    } finally {
      if (mine === sequence) checking.value = false
    }
  }

  const runLater = useDebouncedFn((req: CheckPasswordRequest) => void run(req), delay)
  watch(
    input,
    (req) => {
      runLater.cancel()
      const snapshot = { ...req }
      if (req.password === '') {
        // Checked once, at once: its report gives the policy's min and max before the user
        // types. Later, an emptied field needs no new answer.
        sequence++
        checking.value = false
        if (report.value === null) void run(snapshot)
        return
      }
      checking.value = true
      runLater(snapshot)
    },
    { deep: true, immediate: true },
  )

  return { report, checkedPassword, checking }
}
