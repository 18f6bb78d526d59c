/** Copies text: through the Wails runtime in the app window, else the browser's clipboard. */
export async function copyText(text: string): Promise<boolean> {
  const rt = (window as unknown as { runtime?: { ClipboardSetText?: (s: string) => Promise<boolean> } }).runtime
  try {
    if (rt?.ClipboardSetText) return await rt.ClipboardSetText(text)
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    return false
  }
}
