import { nextTick, reactive } from 'vue'
import { ApiError, toApiError } from '@/api'

/** snake_case or camelCase field name → camelCase, so either spelling from Go lands on its input. */
export function fieldKey(field: string): string {
  return field.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())
}

/**
 * Errors of a form: per field (shown under the field) and one for the whole form.
 * They are kept as coded errors and translated when shown, so a language switch
 * re-translates them.
 */
export function useFormErrors() {
  const state = reactive<{ fields: Record<string, ApiError>; form: ApiError | null }>({ fields: {}, form: null })

  function clear(): void {
    state.fields = {}
    state.form = null
  }

  function setField(field: string, err: ApiError): void {
    state.fields[fieldKey(field)] = err
  }

  /** Puts a rejected call's error on its field when it names one, else on the form. */
  function take(raw: unknown, knownFields: readonly string[]): ApiError {
    const err = toApiError(raw)
    const key = err.field ? fieldKey(err.field) : err.code === 'password_policy' ? 'password' : ''
    if (key && knownFields.includes(key)) setField(key, err)
    else state.form = err
    return err
  }

  /** Forgets the error of one field (called as the user edits it). */
  function clearField(field: string): void {
    delete state.fields[field]
  }

  return { state, clear, setField, clearField, take }
}

/** Focuses the input inside the form item marked data-field="<field>", after the DOM updates. */
export async function focusField(field: string): Promise<void> {
  await nextTick()
  document.querySelector<HTMLInputElement>(`[data-field="${field}"] input`)?.focus()
}
