/**
 * Thai line breaking for pdfmake.
 *
 * Thai is written without spaces between words. pdfmake finds break opportunities with the Unicode
 * line-breaking algorithm (the `linebreak` package), which treats Thai letters like Latin letters:
 * a Thai phrase is one unbreakable "word", so a table column is sized to the whole phrase (the table
 * runs off the page) or the phrase is cut wherever the column ends ("ผู้รับบริกา|ร").
 *
 * Here every text is segmented into words with the dictionary-based `Intl.Segmenter('th', { granularity:
 * 'word' })` and a break opportunity is put between two Thai words. A zero-width space would be the
 * natural break opportunity, but Sarabun has no glyph for U+200B (pdfkit draws a box); so the break is
 * an ordinary space set at a hundredth of a point: a break opportunity for the line breaker, invisible
 * on paper, 0.002 pt wide, and dropped by text extractors (pdf.js reads "การประสานการดูแล" back whole).
 */

const THAI = /[\u0e01-\u0e5b]/;
/** Thai letters that must stay with the word before them (mai yamok, paiyannoi). */
const NO_BREAK_BEFORE = /^[\u0e46\u0e2f]/;
const segmenter = new Intl.Segmenter('th', { granularity: 'word' });

/** The size of the invisible space that marks a break opportunity between Thai words. */
export const THAI_BREAK_SIZE = 0.01;
const BREAK = { text: ' ', fontSize: THAI_BREAK_SIZE } as const;

type Inline = string | { text: unknown; [key: string]: unknown };

/** The words of a text where a line may break between them (only Thai-to-Thai boundaries are added). */
export function thaiWords(text: string): string[] {
  if (!THAI.test(text)) return [text];
  const out: string[] = [];
  let current = '';
  for (const { segment } of segmenter.segment(text)) {
    const before = current.at(-1);
    if (current && before && THAI.test(before) && THAI.test(segment[0] ?? '') && !NO_BREAK_BEFORE.test(segment)) {
      out.push(current);
      current = segment;
    } else current += segment;
  }
  if (current) out.push(current);
  return out;
}

/** A run of 24 or more characters with no space and no Thai: a code, JSON, a URL, an e-mail address. */
const LONG_TOKEN = /[^\s\u0e01-\u0e5b]{24,}/g;
const AFTER = /[,.;:/|})\]&?=_@-]/;
const MAX_PIECE = 24;

/**
 * A long token gets break opportunities too: after its punctuation (not inside a number such as
 * 1,234,567.50), and every 24 characters where it has none. Without them one such token makes its
 * column, and in pdfmake every '*' column of the table, at least as wide as the whole token.
 */
export function splitLongTokens(text: string): string[] {
  if (!LONG_TOKEN.test(text)) return [text];
  LONG_TOKEN.lastIndex = 0;
  const cuts: number[] = [];
  for (const m of text.matchAll(LONG_TOKEN)) {
    let last = m.index;
    const end = m.index + m[0].length;
    for (let i = m.index + 1; i < end; i++) {
      const punct = AFTER.test(text[i - 1]!) && !(/\d/.test(text[i - 2] ?? '') && /\d/.test(text[i]!));
      const inNumber = /[\d.,]/.test(text[i - 1]!) && /[\d.,]/.test(text[i]!);
      if (punct || (i - last >= MAX_PIECE && !inNumber)) {
        cuts.push(i);
        last = i;
      }
    }
  }
  return [0, ...cuts].map((c, i) => text.slice(c, cuts[i] ?? text.length));
}

/** A text as pdfmake inlines with a break opportunity between Thai words and in long tokens; the text itself when it has none. */
export function thaiInlines(text: string): string | Inline[] {
  const words = thaiWords(text).flatMap(splitLongTokens);
  if (words.length < 2) return text;
  return words.flatMap((w, i) => (i ? [BREAK, w] : [w]));
}

function wrapText(text: unknown): unknown {
  if (typeof text === 'string') return thaiInlines(text);
  if (typeof text === 'number') return text;
  if (Array.isArray(text)) return text.map((item) => (typeof item === 'string' ? { text: thaiInlines(item) } : wrapInline(item)));
  return text;
}

function wrapInline(item: unknown): unknown {
  if (item && typeof item === 'object' && 'text' in item) return { ...(item as object), text: wrapText((item as { text: unknown }).text) };
  return item;
}

const CONTAINERS = ['stack', 'columns', 'ul', 'ol'] as const;

/**
 * A pdfmake node with Thai break opportunities in every text, and every table made printable: its
 * header rows repeated on each page (as declared by `headerRows`), kept with the first body row, and no
 * row split across two pages. Returns a copy; the node given is not changed.
 */
export function printable(node: unknown): unknown {
  if (typeof node === 'string') {
    const inlines = thaiInlines(node);
    return typeof inlines === 'string' ? node : { text: inlines };
  }
  if (Array.isArray(node)) return node.map(printable);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = { ...(node as Record<string, unknown>) };
  if ('text' in out) out.text = wrapText(out.text);
  for (const key of CONTAINERS) if (key in out) out[key] = printable(out[key]);
  const table = out.table as { body?: unknown[][]; headerRows?: number; dontBreakRows?: boolean; keepWithHeaderRows?: number } | undefined;
  if (table && Array.isArray(table.body)) {
    out.table = {
      ...table,
      dontBreakRows: table.dontBreakRows ?? true,
      ...(table.headerRows ? { keepWithHeaderRows: table.keepWithHeaderRows ?? 1 } : {}),
      body: table.body.map((row) => (Array.isArray(row) ? row.map(printable) : row)),
    };
  }
  return out;
}
