import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as mupdf from 'mupdf';
import { THAI_BREAK_SIZE } from '../pdf/thai.js';
import { PAGE_MARGINS } from '../pdf.js';

/**
 * Looks at a PDF the way a reader does: every page rendered to an image by MuPDF, and its text read
 * back with positions. `inspectPdf` lists what a printout must not do:
 * - ink (text, lines, fills) outside the page's content box: a column cut at the right edge, a table
 *   running into the bottom margin (the page-number footer is allowed in the bottom margin);
 * - text outside the content box, even beyond the paper's edge where no pixel shows it;
 * - a Thai word broken across two lines of the same paragraph or table cell: the end of one line and
 *   the start of the next, read together by Intl.Segmenter('th'), must meet at a word boundary;
 * - a number broken across lines ("5," / "000.00").
 * Lines are MuPDF's text lines cut where a gap wider than a few points separates two characters (the
 * cells of one table row), with the invisible break spaces of pdf/thai.ts left out.
 */

export interface PdfRun {
  page: number;
  text: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  baseline: number;
  size: number;
}

export interface PdfPage {
  width: number;
  height: number;
  runs: PdfRun[];
  /** The page's text with whitespace removed and SARA AM read as one letter (see `flat`). */
  flat: string;
}

export interface PdfInspection {
  pages: PdfPage[];
  problems: string[];
}

/** Text as compared in tests: no whitespace, and ำ read back as ำ (Sarabun draws it as ำ + า glyphs). */
export function flat(text: string): string {
  return text.replace(/[\s\u200b]+/g, '').replaceAll('\u0e33\u0e32', '\u0e33');
}

const THAI = /[\u0e01-\u0e5b]/;
const segmenter = new Intl.Segmenter('th', { granularity: 'word' });
/**
 * A gap between two characters wider than this many points, or than 0.45 em (a space is 0.24 em in
 * Sarabun; two cells are 8 pt apart), separates two runs: the cells of a table row.
 */
const CELL_GAP = 4;
const TOLERANCE = 1.5;
/** Stacked Thai marks (ที่, ปฏิ) rise above the first line's box: up to this many points into the top margin. */
const TOP_TOLERANCE = 4;

interface Char {
  c: string;
  x0: number;
  y0: number;
  x1: number;
  y1: number;
  baseline: number;
  size: number;
}

function runsOf(page: mupdf.Page, pageNo: number): PdfRun[] {
  const runs: PdfRun[] = [];
  let chars: Char[] = [];
  const flush = () => {
    let current: Char[] = [];
    const push = () => {
      const visible = current.filter((c) => c.c.trim());
      if (visible.length) {
        runs.push({
          page: pageNo,
          text: current
            .map((c) => c.c)
            .join('')
            .trim(),
          x0: Math.min(...visible.map((c) => c.x0)),
          y0: Math.min(...visible.map((c) => c.y0)),
          x1: Math.max(...visible.map((c) => c.x1)),
          y1: Math.max(...visible.map((c) => c.y1)),
          baseline: visible[0]!.baseline,
          size: Math.max(...visible.map((c) => c.size)),
        });
      }
      current = [];
    };
    let lastX1 = -Infinity;
    for (const ch of chars) {
      if (ch.c.trim()) {
        if (ch.x0 - lastX1 > Math.max(CELL_GAP, 0.45 * ch.size)) {
          push();
          lastX1 = -Infinity;
        }
        lastX1 = Math.max(lastX1, ch.x1);
      }
      current.push(ch);
    }
    push();
    chars = [];
  };
  const text = page.toStructuredText('preserve-whitespace');
  text.walk({
    beginLine: () => {
      chars = [];
    },
    onChar: (c, origin, _font, size, quad) => {
      // The break opportunities between Thai words are spaces a hundredth of a point high: not text.
      if (size <= THAI_BREAK_SIZE * 10) return;
      const xs = [quad[0], quad[2], quad[4], quad[6]];
      const ys = [quad[1], quad[3], quad[5], quad[7]];
      chars.push({ c, x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys), y1: Math.max(...ys), baseline: origin[1], size });
    },
    endLine: flush,
  });
  text.destroy();
  return runs.sort((a, b) => a.baseline - b.baseline || a.x0 - b.x0);
}

/** True when a line ending `a` and the next line starting `b` meet at a Thai word boundary (or not inside Thai at all). */
export function meetsAtWordBoundary(a: string, b: string): boolean {
  const left = a.replaceAll('\u0e33\u0e32', '\u0e33').trimEnd();
  const right = b.replaceAll('\u0e33\u0e32', '\u0e33').trimStart();
  if (!THAI.test(left.at(-1) ?? '') || !THAI.test(right[0] ?? '')) return true;
  const tail = left.slice(-24);
  const joined = tail + right.slice(0, 24);
  for (const { index } of segmenter.segment(joined)) if (index === tail.length) return true;
  return false;
}

let dumped = 0;

/** Inspects a PDF (see the file's comment). `margins` are the content box's; the default is CareHub's. */
export function inspectPdf(pdf: Uint8Array, options: { margins?: [number, number, number, number]; footer?: RegExp } = {}): PdfInspection {
  const [ml, mt, mr, mb] = options.margins ?? PAGE_MARGINS;
  const footer = options.footer ?? /^หน้า \d+\/\d+$/;
  const doc = mupdf.Document.openDocument(pdf, 'application/pdf');
  const docNo = ++dumped;
  const pages: PdfPage[] = [];
  const problems: string[] = [];
  try {
    const count = doc.countPages();
    for (let p = 0; p < count; p++) {
      const page = doc.loadPage(p);
      const [bx0, by0, bx1, by1] = page.getBounds();
      const width = bx1 - bx0;
      const height = by1 - by0;
      const box = { x0: ml - TOLERANCE, y0: mt - TOP_TOLERANCE, x1: width - mr + TOLERANCE, y1: height - mb + TOLERANCE };
      const runs = runsOf(page, p + 1);
      const furniture = runs.filter((r) => footer.test(r.text) && r.y0 >= height - mb);
      const body = runs.filter((r) => !furniture.includes(r));

      for (const r of body)
        if (r.x0 < box.x0 || r.x1 > box.x1 || r.y0 < box.y0 || r.y1 > box.y1)
          problems.push(
            `page ${p + 1}: text outside the content box at (${r.x0.toFixed(0)}, ${r.y0.toFixed(0)})–(${r.x1.toFixed(0)}, ${r.y1.toFixed(0)}): "${r.text}"`,
          );

      // CAREHUB_PDF_DUMP=<folder> keeps each inspected page as a PNG, to look at what a test saw.
      const dump = process.env.CAREHUB_PDF_DUMP;
      if (dump)
        writeFileSync(join(dump, `pdf${docNo}-page${p + 1}.png`), page.toPixmap(mupdf.Matrix.scale(1.5, 1.5), mupdf.ColorSpace.DeviceRGB, false).asPNG());

      // Ink: every pixel darker than near-white (light fills count) outside the content box and the footer.
      const pix = page.toPixmap(mupdf.Matrix.identity, mupdf.ColorSpace.DeviceGray, false);
      const w = pix.getWidth();
      const h = pix.getHeight();
      const stride = pix.getStride();
      const px = pix.getPixels();
      const allowed = (x: number, y: number) =>
        (x >= box.x0 && x <= box.x1 && y >= box.y0 && y <= box.y1) || furniture.some((r) => x >= r.x0 - 2 && x <= r.x1 + 2 && y >= r.y0 - 2 && y <= r.y1 + 2);
      let ink = 0;
      let first: [number, number] | null = null;
      for (let y = 0; y < h; y++)
        for (let x = 0; x < w; x++)
          if (px[y * stride + x]! < 250 && !allowed(x + 0.5, y + 0.5)) {
            ink++;
            first ??= [x, y];
          }
      pix.destroy();
      if (ink) problems.push(`page ${p + 1}: ${ink} pixels of ink outside the content box, the first at (${first![0]}, ${first![1]})`);

      // Lines of one paragraph or cell: the next run, one line lower in the same size, starts at the same
      // x (left-aligned) or ends at the same x (right-aligned: numbers).
      for (const a of body) {
        const below = body.filter(
          (r) =>
            r !== a &&
            (Math.abs(r.x0 - a.x0) <= 1.5 || Math.abs(r.x1 - a.x1) <= 1.5) &&
            Math.abs(r.size - a.size) < 0.5 &&
            r.baseline - a.baseline > 0.5 * a.size &&
            r.baseline - a.baseline <= 1.4 * a.size,
        );
        const b = below.sort((x, y) => x.baseline - y.baseline)[0];
        if (!b) continue;
        if (!meetsAtWordBoundary(a.text, b.text)) problems.push(`page ${p + 1}: a Thai word is broken across lines: "${a.text}" | "${b.text}"`);
        if (/\d[,.]?$/.test(a.text) && /^[,.]?\d/.test(b.text)) problems.push(`page ${p + 1}: a number is broken across lines: "${a.text}" | "${b.text}"`);
      }
      pages.push({ width, height, runs, flat: flat(runs.map((r) => r.text).join('')) });
      page.destroy();
    }
  } finally {
    doc.destroy();
  }
  return { pages, problems };
}

/** The numbers (1-based) of the pages whose text contains `text` (compared flat). */
export function pagesWith(inspection: PdfInspection, text: string): number[] {
  const needle = flat(text);
  return inspection.pages.flatMap((p, i) => (p.flat.includes(needle) ? [i + 1] : []));
}
