import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import pdfmake from 'pdfmake';

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

export async function renderPdf(doc: PdfDocument): Promise<Buffer> {
  return pdfmake
    .createPdf({ pageSize: 'A4', pageMargins: [40, 50, 40, 50], ...doc, defaultStyle: { font: 'Sarabun', fontSize: 11, ...doc.defaultStyle } })
    .getBuffer();
}
