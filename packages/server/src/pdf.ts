import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import pdfmake from 'pdfmake';
import { printable } from './pdf/thai.js';

export { dataTable, keep, type PdfCell, type PdfColumn } from './pdf/table.js';
export { printable, THAI_BREAK_SIZE, thaiInlines, thaiWords } from './pdf/thai.js';

/**
 * PDF rendering with a bundled Thai font (Sarabun TTF from an npm package: no system font, no CDN).
 * Documents may read no URL and no file but the font files.
 */
const require = createRequire(import.meta.url);
const fontDir = dirname(require.resolve('@expo-google-fonts/sarabun/package.json'));
pdfmake.setFonts({
  Sarabun: {
    normal: join(fontDir, '400Regular/Sarabun_400Regular.ttf'),
    bold: join(fontDir, '700Bold/Sarabun_700Bold.ttf'),
    italics: join(fontDir, '400Regular_Italic/Sarabun_400Regular_Italic.ttf'),
    bolditalics: join(fontDir, '700Bold_Italic/Sarabun_700Bold_Italic.ttf'),
  },
});
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy((path: string) => path.startsWith(fontDir));

export type PdfDocument = Parameters<typeof pdfmake.createPdf>[0];

/** The page margins of every CareHub PDF, in points: left, top, right, bottom. */
export const PAGE_MARGINS: [number, number, number, number] = [40, 50, 40, 50];

/**
 * Sarabun draws ำ as two glyphs (nikhahit and า), and pdfkit records the Unicode text of a glyph the
 * first time it draws it: when a font's first า came out of an ำ, every า of the document is read back
 * as U+FFFD (copy, search, screen readers). A hundredth-of-a-point า in each style, drawn first, gives
 * the glyph its letter.
 */
const PRIME_SARA_AA = {
  text: [{ text: 'า' }, { text: 'า', bold: true }, { text: 'า', italics: true }, { text: 'า', bold: true, italics: true }],
  fontSize: 0.01,
  lineHeight: 0,
};

/**
 * Every document goes through `printable` (pdf/thai.ts): Thai text breaks only between words, and
 * tables repeat their header rows and never split a row across pages. The header and footer too.
 */
export async function renderPdf(doc: PdfDocument): Promise<Buffer> {
  const wrap = <T>(part: T): T => (typeof part === 'function' ? (((...args: unknown[]) => printable(part(...args))) as T) : (printable(part) as T));
  return pdfmake
    .createPdf({
      pageSize: 'A4',
      pageMargins: PAGE_MARGINS,
      ...doc,
      content: [PRIME_SARA_AA, printable(doc.content)] as PdfDocument['content'],
      ...(doc.header ? { header: wrap(doc.header) } : {}),
      ...(doc.footer ? { footer: wrap(doc.footer) } : {}),
      defaultStyle: { font: 'Sarabun', fontSize: 11, ...doc.defaultStyle },
    })
    .getBuffer();
}
