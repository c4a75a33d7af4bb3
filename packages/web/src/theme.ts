import { Anchor, createTheme, type MantineColorsTuple, type NotificationProps } from '@mantine/core';
import i18n from './i18n';

const sarabun = "Sarabun, 'Noto Sans Thai', Tahoma, sans-serif";

/**
 * Mantine's palettes with their darker shades darkened (same hue and saturation, lower lightness), so
 * that text reaches WCAG 2.1 AA contrast (4.5:1) wherever Mantine puts a colour — and a phone is still
 * readable in the sun. Mantine's own shades failed on every page (issue 17, item 11): the teal of
 * links and buttons (teal 8) was 3.9:1 on white, white on an orange badge 3.6:1, dimmed text (gray 6)
 * 3.3:1, error text (red 6) 3.3:1, a light badge (teal 9 on teal 1) 4.3:1.
 *
 * Shades 0–5 (light backgrounds, the 7-colour tier chips' yellow 4 and lime 3) are Mantine's. Shades
 * 6–9 are darkened only as far as needed for, against white: 6 ≥ 4.6:1 (error text is red 6), 7 ≥ 5.2,
 * 8 ≥ 5.9 (the "filled" shade, primaryShade 8: white text on buttons and badges, coloured text,
 * outlines, links), 9 ≥ 7.5 (the "light" variant's text on shade 1 is then ≥ 5.7:1 and on shade 2,
 * its hover, ≥ 4.5:1). Gray 6 is Mantine's dimmed text (6.1:1 on white, 5.5:1 on gray 1) and gray 5
 * its placeholder (4.6:1). Computed once from Mantine 9's DEFAULT_THEME.colors; the ratios are checked
 * by axe-core on every page in e2e/navigation.test.ts.
 */
const colors: Record<string, MantineColorsTuple> = {
  gray: ['#f8f9fa', '#f1f3f5', '#e9ecef', '#dee2e6', '#ced4da', '#697683', '#5c636a', '#495057', '#343a40', '#212529'],
  red: ['#fff5f5', '#ffe3e3', '#ffc9c9', '#ffa8a8', '#ff8787', '#ff6b6b', '#ea0707', '#d81111', '#c41d1d', '#a22222'],
  pink: ['#fff0f6', '#ffdeeb', '#fcc2d7', '#faa2c1', '#f783ac', '#f06595', '#e02063', '#cb2961', '#bc2459', '#a11d4b'],
  grape: ['#f8f0fc', '#f3d9fa', '#eebefa', '#e599f7', '#da77f2', '#cc5de8', '#b738d7', '#a937c4', '#9a35b3', '#832d98'],
  violet: ['#f3f0ff', '#e5dbff', '#d0bfff', '#b197fc', '#9775fa', '#845ef7', '#7950f2', '#7048e8', '#6741d9', '#5b3abe'],
  indigo: ['#edf2ff', '#dbe4ff', '#bac8ff', '#91a7ff', '#748ffc', '#5c7cfa', '#4468f5', '#3d5feb', '#3757da', '#3249b9'],
  blue: ['#e7f5ff', '#d0ebff', '#a5d8ff', '#74c0fc', '#4dabf7', '#339af0', '#1777ca', '#186ebb', '#1766af', '#155694'],
  cyan: ['#e3fafc', '#c5f6fa', '#99e9f2', '#66d9e8', '#3bc9db', '#22b8cf', '#108090', '#0d7788', '#0a6e7f', '#095d6d'],
  teal: ['#e6fcf5', '#c3fae8', '#96f2d7', '#63e6be', '#38d9a9', '#20c997', '#0d8561', '#097b59', '#077251', '#066045'],
  green: ['#ebfbee', '#d3f9d8', '#b2f2bb', '#8ce99a', '#69db7c', '#51cf66', '#2c853c', '#267c36', '#227231', '#1e612b'],
  lime: ['#f4fce3', '#e9fac8', '#d8f5a2', '#c0eb75', '#a9e34b', '#94d82d', '#548113', '#4c780e', '#436f0a', '#3a5e08'],
  yellow: ['#fff9db', '#fff3bf', '#ffec99', '#ffe066', '#ffd43b', '#fcc419', '#9a6c03', '#966100', '#925500', '#834400'],
  orange: ['#fff4e6', '#ffe8cc', '#ffd8a8', '#ffc078', '#ffa94d', '#ff922b', '#be5702', '#b64c05', '#ac4209', '#98320b'],
};

/** Sarabun (bundled) for Thai and Latin text; teal as the primary colour; visible keyboard focus. */
export const theme = createTheme({
  fontFamily: sarabun,
  headings: { fontFamily: sarabun, fontWeight: '700' },
  colors,
  primaryColor: 'teal',
  primaryShade: { light: 8, dark: 6 },
  defaultRadius: 'md',
  focusRing: 'auto',
  cursorType: 'pointer',
  components: {
    // A link is told from the text around it by more than its colour (WCAG 1.4.1, axe's
    // link-in-text-block): a teal link inside dimmed text differs from it by lightness 1.2:1 only.
    Anchor: Anchor.extend({ defaultProps: { underline: 'always' } }),
    // A notification's close button is an icon: it gets a name, in the language of the moment (read as
    // each notification is drawn: Mantine calls a function given as defaultProps on every render), so a
    // screen reader does not announce a nameless button (axe's button-name).
    Notification: { defaultProps: (): Partial<NotificationProps> => ({ closeButtonProps: { 'aria-label': i18n.t('common.closeNotice') } }) },
  },
});
