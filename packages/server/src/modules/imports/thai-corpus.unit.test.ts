import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_IMPORT_LIMITS, FileRefused, records, sniff, type TextEncoding } from './parse-core.js';

/**
 * Issue 19, item 1: what an agency wrote is what the reader hands on, byte for byte. A generated Thai
 * corpus (every character of the Thai block, combining marks stacked and in agencies' own orders,
 * Thai digits) is written as XLSX with shared strings and as CSV in every encoding agencies use, then
 * read back; every cell must equal the written text exactly (not a normalised or repaired form).
 */

const THAI = Array.from({ length: 0x0e5b - 0x0e01 + 1 }, (_, i) => String.fromCharCode(0x0e01 + i)).filter((c) => !/[\u0e3b-\u0e3e]/.test(c));
const CONSONANTS = THAI.filter((c) => c >= 'ก' && c <= 'ฮ');
const ABOVE_BELOW = ['\u0e31', '\u0e34', '\u0e35', '\u0e36', '\u0e37', '\u0e38', '\u0e39', '\u0e3a', '\u0e47'];
const TONES = ['\u0e48', '\u0e49', '\u0e4a', '\u0e4b', '\u0e4c', '\u0e4d', '\u0e4e'];
const DIGITS = '๐๑๒๓๔๕๖๗๘๙';
const thaiNumber = (n: number) => String(n).replace(/\d/g, (d) => DIGITS[Number(d)]!);

/** Row `i` of the corpus: unique Thai text (so a shared-strings table of megabytes), dates and places in Thai digits. */
function corpusRow(i: number): string[] {
  const c = (k: number) => CONSONANTS[(i * 7 + k) % CONSONANTS.length]!;
  const mark = ABOVE_BELOW[i % ABOVE_BELOW.length]!;
  const tone = TONES[Math.floor(i / ABOVE_BELOW.length) % TONES.length]!;
  // Marks as agencies type them, sometimes tone before the vowel below (not NFC order): kept as written.
  const syllable = i % 5 === 0 ? `${c(0)}${tone}${mark}` : `${c(0)}${mark}${tone}`;
  const first = `${syllable}${c(1)}${c(2)}${thaiNumber(i)}`;
  const last = `เ${c(3)}า${c(4)}ำ${c(5)}ไ${c(6)}`;
  const window = THAI.slice(i % THAI.length)
    .concat(THAI.slice(0, i % THAI.length))
    .join('');
  return [
    `${i + 1}`,
    `${first} ${last}`,
    `${thaiNumber((i % 28) + 1)}/๗/${thaiNumber(2480 + (i % 90))}`,
    `${thaiNumber(i % 999)}/๓ ม.๓ ต.สทิงหม้อ อ.สิงหนคร จ.สงขลา`,
    window,
  ];
}
const HEADER = ['ลำดับ', 'ชื่อ-สกุล', 'วันเกิด', 'ที่อยู่', 'อักษรไทยทุกตัว'];
const corpus = (n: number) => [HEADER, ...Array.from({ length: n }, (_, i) => corpusRow(i))];

async function readAll(data: Uint8Array, encoding: ReturnType<typeof sniff>) {
  const out: string[][] = [];
  for await (const r of records(data, encoding, { ...DEFAULT_IMPORT_LIMITS, maxRows: 1_000_000 })) out.push(r.cells);
  return out;
}

async function xlsx(rows: string[][]): Promise<Uint8Array> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: true });
  const ws = wb.addWorksheet('ทะเบียน');
  for (const r of rows) ws.addRow(r).commit();
  await ws.commit();
  await wb.commit();
  return new Uint8Array(Buffer.concat(chunks));
}

function windows874(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) out[i] = code;
    else if (code >= 0x0e01 && code <= 0x0e5b) out[i] = code - 0x0e00 + 0xa0;
    else throw new Error(`not in Windows-874: U+${code.toString(16)}`);
  }
  return out;
}

function encode(text: string, encoding: TextEncoding, bom: boolean): Uint8Array {
  if (encoding === 'utf-8') return new Uint8Array(Buffer.from(`${bom ? '\ufeff' : ''}${text}`, 'utf8'));
  if (encoding === 'windows-874') return windows874(text);
  const le = Buffer.from(`${bom ? '\ufeff' : ''}${text}`, 'utf16le');
  return new Uint8Array(encoding === 'utf-16le' ? le : le.swap16());
}

const csvText = (rows: string[][]) => `${rows.map((r) => r.map((c) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')).join('\r\n')}\r\n`;

describe('XLSX with Thai shared strings', () => {
  it('reads 100,000 rows whose shared strings cross every chunk boundary exactly as written', { timeout: 120_000 }, async () => {
    const rows = corpus(100_000);
    const data = await xlsx(rows);
    expect(data.length).toBeGreaterThan(4 * 1024 * 1024);
    expect(sniff(data, 'ทะเบียน.xlsx')).toBe('xlsx');
    const read = await readAll(data, 'xlsx');
    expect(read.length).toBe(rows.length);
    const differing = read.flatMap((r, i) => (r.join('\u0001') === rows[i]!.join('\u0001') ? [] : [{ row: i + 1, read: r, written: rows[i] }]));
    expect(differing.slice(0, 3)).toEqual([]);
    expect(read.some((r) => r.join('').includes('\ufffd'))).toBe(false);
  });
});

describe('XLSX rows with blank cells', () => {
  it('reads a blank cell between others, and at the end of a row, as an empty cell', async () => {
    const rows = [HEADER, ['1', 'นางสมศรี ใจดี', '', 'ต.บ่อยาง', ''], ['2', '', '๕/๓/๒๔๙๐', '', 'ก']];
    const read = await readAll(await xlsx(rows), 'xlsx');
    expect(read).toEqual([HEADER, ['1', 'นางสมศรี ใจดี', '', 'ต.บ่อยาง'], ['2', '', '๕/๓/๒๔๙๐', '', 'ก']]);
  });
});

describe('CSV in the encodings agencies export', () => {
  const rows = corpus(3000);
  const text = csvText(rows);
  const cases: Array<[TextEncoding, boolean]> = [
    ['utf-8', true],
    ['utf-8', false],
    ['windows-874', false],
    ['utf-16le', true],
    ['utf-16be', true],
    ['utf-16le', false],
  ];
  it.each(cases)('%s (byte-order mark: %s) is found from the bytes and read exactly', async (encoding, bom) => {
    const data = encode(text, encoding, bom);
    expect(sniff(data, 'list.csv', 'text/csv')).toBe(encoding);
    expect(await readAll(data, encoding)).toEqual(rows);
  });

  it('reads a file in the encoding the user chose, and refuses one whose bytes do not fit it', async () => {
    const tis = encode(text, 'windows-874', false);
    expect(sniff(tis, 'list.csv', 'text/csv', DEFAULT_IMPORT_LIMITS, 'windows-874')).toBe('windows-874');
    for (const wrong of ['utf-8', 'utf-16le'] as const) {
      const refused = (() => {
        try {
          sniff(tis, 'list.csv', 'text/csv', DEFAULT_IMPORT_LIMITS, wrong);
        } catch (e) {
          return e;
        }
      })();
      expect(refused).toBeInstanceOf(FileRefused);
      expect(refused).toMatchObject({ status: 400, code: 'import.encoding_mismatch', details: { encoding: wrong } });
    }
    // UTF-8 Thai has bytes Windows-874 has no character for.
    expect(() => sniff(encode(text, 'utf-8', false), 'list.csv', 'text/csv', DEFAULT_IMPORT_LIMITS, 'windows-874')).toThrow(FileRefused);
  });
});
