// The one place that turns text into HTML. User text (names of people, profiles, teams,
// campaigns, clients, tags, notes) never reaches an HTML sink raw: Vue templates and h(...)
// render it as text; the few sinks that take an HTML string (ECharts tooltip formatters) get it
// through escapeHtml. There is no v-html, innerHTML or insertAdjacentHTML in src/
// (tests/unit/xss.spec.ts fails the build if one appears), and the window's CSP
// (index.html) refuses inline script and eval whatever slips through.

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
}

/** Text as HTML that shows exactly that text: & < > " ' ` escaped (safe in text and quoted attributes). */
export function escapeHtml(text: unknown): string {
  return String(text ?? '').replace(/[&<>"'`]/g, (c) => ENTITIES[c])
}

/**
 * Builds HTML from a template literal, escaping every interpolated value:
 * html`<b>${name}</b>` never lets name add markup.
 */
export function html(strings: TemplateStringsArray, ...values: unknown[]): string {
  let out = strings[0]
  for (let i = 0; i < values.length; i++) out += escapeHtml(values[i]) + strings[i + 1]
  return out
}
