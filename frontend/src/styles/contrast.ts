import type { GlobalThemeOverrides } from 'naive-ui'

/**
 * Status colours of the light theme, darkened from Naive UI's defaults so that text in them
 * (tags such as "Active", alerts, the KPI figures) and white text on them reach WCAG AA (4.5:1)
 * on white and on their own pale tint; checked in e2e/polish-test.mjs from the computed colours.
 * The dark theme's defaults already pass.
 */
export const lightContrast: GlobalThemeOverrides['common'] = {
  // A hovered button's text (#3b82f6 was 3.7:1 on white).
  primaryColorHover: '#2563eb',
  infoColor: '#1a64c4',
  infoColorHover: '#2f74d0',
  infoColorPressed: '#14519f',
  infoColorSuppl: '#2f74d0',
  successColor: '#0f7a42',
  successColorHover: '#18894d',
  successColorPressed: '#0b6236',
  successColorSuppl: '#18894d',
  warningColor: '#9a5a00',
  warningColorHover: '#ad6600',
  warningColorPressed: '#7d4900',
  warningColorSuppl: '#ad6600',
  errorColor: '#c3264a',
  errorColorHover: '#d03a5c',
  errorColorPressed: '#a11e3c',
  errorColorSuppl: '#d03a5c',
  // Secondary text (hints under form fields, captions): Naive's #767c82 is 4.2:1 on the page grey.
  textColor3: '#62686e',
}
