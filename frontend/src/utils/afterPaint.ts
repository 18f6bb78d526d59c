/**
 * Runs run as soon as the frame being prepared has been painted: at the next animation frame,
 * in a task of its own after it, so the page is on screen before the work starts. The
 * window's WebKit has no requestIdleCallback, and waiting a fixed second for "idle" put the
 * work that prepares the next page (issue 10: app_start) exactly where a quick supervisor
 * already acts; this starts it at once, while the person reads the page.
 */
export function afterPaint(run: () => void): void {
  if (typeof requestAnimationFrame !== 'function') {
    setTimeout(run, 0)
    return
  }
  requestAnimationFrame(() => setTimeout(run, 0))
}
