import { createTheme } from '@mantine/core';

const sarabun = "Sarabun, 'Noto Sans Thai', Tahoma, sans-serif";

/** Sarabun (bundled) for Thai and Latin text; teal as the primary colour; visible keyboard focus. */
export const theme = createTheme({
  fontFamily: sarabun,
  headings: { fontFamily: sarabun, fontWeight: '700' },
  primaryColor: 'teal',
  primaryShade: { light: 8, dark: 6 },
  defaultRadius: 'md',
  focusRing: 'auto',
  cursorType: 'pointer',
});
