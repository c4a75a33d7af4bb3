import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';

/**
 * The parsing itself, run inside a worker thread (parse-worker.ts) so that a large or hostile file
 * never holds the server's event loop. Nothing here touches the database.
 */

/** The text encodings a CSV may come in; the preview shows the one found and the user may name another. */
export const TEXT_ENCODINGS = ['utf-8', 'windows-874', 'utf-16le', 'utf-16be'] as const;
export type TextEncoding = (typeof TEXT_ENCODINGS)[number];
export type Encoding = TextEncoding | 'xlsx';
export interface TableRow {
  /** The line or sheet row number people see. */
  row: number;
  /** Cells by header, as text. */
  cells: Record<string, string>;
}

/**
 * What an import file may hold. The defaults are generous for real agency files (the largest seen run
 * to tens of megabytes and about 100,000 rows with a few dozen columns) and refuse what only a broken
 * or hostile file has. Set from the environment: IMPORT_MAX_FILE_MB, IMPORT_MAX_ROWS,
 * IMPORT_MAX_COLUMNS, IMPORT_MAX_CELL_KB, IMPORT_WORKER_MEMORY_MB.
 */
export interface ImportLimits {
  /** Bytes of the uploaded file (100 MB). */
  maxFileBytes: number;
  /** Data rows, the header not counted (200,000). */
  maxRows: number;
  /** Columns of any row (200). */
  maxColumns: number;
  /** Characters of one cell (32 KB = 32,768). */
  maxCellChars: number;
  /** Heap of the worker thread reading one file (1,024 MB): a file that needs more is refused, the server lives on. */
  workerMemoryMb: number;
}

export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxFileBytes: 100 * 1024 * 1024,
  maxRows: 200_000,
  maxColumns: 200,
  maxCellChars: 32 * 1024,
  workerMemoryMb: 1024,
};

export function importLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): ImportLimits {
  const int = (name: string, fallback: number) => {
    const v = env[name];
    if (v === undefined || v === '') return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number, got "${v}"`);
    return n;
  };
  const d = DEFAULT_IMPORT_LIMITS;
  return {
    maxFileBytes: int('IMPORT_MAX_FILE_MB', d.maxFileBytes / 1024 / 1024) * 1024 * 1024,
    maxRows: int('IMPORT_MAX_ROWS', d.maxRows),
    maxColumns: int('IMPORT_MAX_COLUMNS', d.maxColumns),
    maxCellChars: int('IMPORT_MAX_CELL_KB', d.maxCellChars / 1024) * 1024,
    workerMemoryMb: int('IMPORT_WORKER_MEMORY_MB', d.workerMemoryMb),
  };
}

/** A refusal of the file, carried out of the worker as data and thrown there as an AppError. */
export class FileRefused extends Error {
  constructor(
    readonly status: 400 | 413,
    readonly code: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(code);
  }
}

const hasBom = (data: Uint8Array) => data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf;

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CSV_TYPES = ['text/csv', 'text/plain', 'text/tab-separated-values', 'application/csv', 'application/vnd.ms-excel'];
/** Neutral: says nothing about what the file is. */
const ANY_TYPES = ['application/octet-stream', ''];

/** Well-known starts of files that are not text (besides zip, which is XLSX's own). */
const BINARY_MAGIC: Array<[string, number[]]> = [
  ['xls', [0xd0, 0xcf, 0x11, 0xe0]],
  ['pdf', [0x25, 0x50, 0x44, 0x46]],
  ['png', [0x89, 0x50, 0x4e, 0x47]],
  ['jpeg', [0xff, 0xd8, 0xff]],
  ['gif', [0x47, 0x49, 0x46, 0x38]],
  ['gzip', [0x1f, 0x8b]],
];
/** The bytes that stand for a character in Windows-874 (TIS-620 and €, …, quotes and dashes at 0x80–0x97). */
const WINDOWS_874 = Uint8Array.from({ length: 256 }, (_, b) =>
  b < 0x80 || b === 0x80 || b === 0x85 || (b >= 0x91 && b <= 0x97) || (b >= 0xa0 && b <= 0xda) || (b >= 0xdf && b <= 0xfb) ? 1 : 0,
);
const startsWith = (data: Uint8Array, magic: number[]) => magic.every((b, i) => data[i] === b);
const isZip = (data: Uint8Array) => startsWith(data, [0x50, 0x4b, 0x03, 0x04]);

/** The names and declared sizes of a zip file's entries, from its central directory; null when it has none readable. */
function zipEntries(data: Uint8Array): Array<{ name: string; size: number }> | null {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const from = Math.max(0, data.length - 22 - 0xffff);
  let eocd = -1;
  for (let i = data.length - 22; i >= from; i--)
    if (view.getUint32(i, true) === 0x06054b50) {
      eocd = i;
      break;
    }
  if (eocd < 0) return null;
  const count = view.getUint16(eocd + 10, true);
  let at = view.getUint32(eocd + 16, true);
  const entries: Array<{ name: string; size: number }> = [];
  const names = new TextDecoder();
  for (let n = 0; n < count; n++) {
    if (at + 46 > data.length || view.getUint32(at, true) !== 0x02014b50) return null;
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extra = view.getUint16(at + 30, true);
    const comment = view.getUint16(at + 32, true);
    entries.push({ name: names.decode(data.subarray(at + 46, at + 46 + nameLength)), size });
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}

/**
 * UTF-16 by its byte-order mark, or without one when, in the first 4 KB, nearly every other byte is
 * the high byte of an ASCII or Thai character (0x00 or 0x0E) and the bytes between are not.
 */
function utf16(data: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  if (startsWith(data, [0xff, 0xfe])) return 'utf-16le';
  if (startsWith(data, [0xfe, 0xff])) return 'utf-16be';
  const n = Math.min(data.length, 4096) & ~1;
  if (n < 16) return undefined;
  const high = [0, 0];
  for (let i = 0; i < n; i++) if (data[i] === 0x00 || data[i] === 0x0e) high[i % 2]!++;
  const half = n / 2;
  if (high[1]! > half * 0.9 && high[0]! < half * 0.1) return 'utf-16le';
  if (high[0]! > half * 0.9 && high[1]! < half * 0.1) return 'utf-16be';
  return undefined;
}

/** Whether every byte of `data` reads as a character in `encoding` (no replacement characters). */
function decodes(data: Uint8Array, encoding: TextEncoding): boolean {
  if (encoding === 'windows-874') return data.every((b) => WINDOWS_874[b] === 1);
  try {
    new TextDecoder(encoding, { fatal: true }).decode(data);
    return true;
  } catch {
    return false;
  }
}

/**
 * What the file is, from its bytes, checked against what its name and type say. A file is refused
 * (400) before anything is stored when it is neither CSV nor XLSX, when its name or type disagrees with
 * its bytes, when an .xlsx is not an Excel workbook, or when a CSV is binary: a known binary format,
 * many control bytes, or text that is neither UTF-8, UTF-16 nor Windows-874 (or not the encoding the user
 * chose). A stray NUL byte in a cell is not a binary file: that row is rejected with its reason and the
 * import goes on.
 */
export function sniff(
  data: Uint8Array,
  fileName: string,
  contentType = '',
  limits: ImportLimits = DEFAULT_IMPORT_LIMITS,
  /** The encoding the user chose for a CSV; the file must read in it without a replacement character. */
  requested?: TextEncoding,
): Encoding {
  const type = contentType.split(';')[0]?.trim().toLowerCase() ?? '';
  const ext = /\.([a-z0-9]+)$/i.exec(fileName)?.[1]?.toLowerCase() ?? '';
  const namedXlsx = ext === 'xlsx';
  const namedCsv = ['csv', 'txt', 'tsv'].includes(ext);
  if (ext && !namedXlsx && !namedCsv) throw new FileRefused(400, 'import.file_type', { fileName: ext, expected: ['csv', 'txt', 'tsv', 'xlsx'] });
  const typedXlsx = type === XLSX_TYPE;
  const typedCsv = CSV_TYPES.includes(type);
  if (!typedXlsx && !typedCsv && !ANY_TYPES.includes(type)) throw new FileRefused(400, 'import.file_type', { contentType: type });
  if ((namedXlsx && typedCsv) || (namedCsv && typedXlsx)) throw new FileRefused(400, 'import.file_type', { fileName: ext, contentType: type });
  const claimsXlsx = namedXlsx || typedXlsx;
  if (isZip(data)) {
    if (namedCsv || typedCsv) throw new FileRefused(400, 'import.file_type', { claimed: 'csv', found: 'zip' });
    const entries = zipEntries(data);
    const names = new Set(entries?.map((e) => e.name));
    if (!entries || !names.has('[Content_Types].xml') || !names.has('xl/workbook.xml')) throw new FileRefused(400, 'import.not_xlsx');
    // A zip bomb: a small file that says it expands to far more than any real workbook.
    const expanded = entries.reduce((s, e) => s + e.size, 0);
    if (expanded > limits.maxFileBytes * 10) throw new FileRefused(413, 'import.file_too_large', { limit: limits.maxFileBytes, expanded });
    return 'xlsx';
  }
  if (claimsXlsx) throw new FileRefused(400, 'import.not_xlsx');
  if (requested) {
    if (!decodes(data, requested)) throw new FileRefused(400, 'import.encoding_mismatch', { encoding: requested });
    return requested;
  }
  const wide = utf16(data);
  if (wide) {
    if (!decodes(data, wide)) throw new FileRefused(400, 'import.not_text', { encoding: wide });
    return wide;
  }
  for (const [format, magic] of BINARY_MAGIC) if (startsWith(data, magic)) throw new FileRefused(400, 'import.not_text', { format });
  // Control bytes other than tab, line feed, form feed and carriage return, in the first 64 KB.
  const head = data.subarray(0, 64 * 1024);
  let control = 0;
  for (const b of head) if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0c && b !== 0x0d) || b === 0x7f) control++;
  if (control > 8 && control > head.length / 100) throw new FileRefused(400, 'import.not_text', { controlBytes: control });
  if (isUtf8(data)) return 'utf-8';
  // Bytes with no character in the Thai code page mean some other encoding (or none).
  for (const b of data) if (!WINDOWS_874[b]) throw new FileRefused(400, 'import.not_text', { encoding: 'neither UTF-8 nor Windows-874' });
  return 'windows-874';
}

/** A cell's text as written, spaces around it aside: never normalised, so what is stored is what the agency wrote (matching keys normalise their own copies). */
const clean = (s: unknown): string => (s === null || s === undefined ? '' : String(s).trim());
const SLICE = 1 << 20;

/** A file's raw records (the header first), each checked against the limits as it is read. */
export async function* records(data: Uint8Array, encoding: Encoding, limits: ImportLimits): AsyncGenerator<{ row: number; cells: string[] }> {
  let n = 0;
  const source = encoding === 'xlsx' ? xlsxRecords(data, limits) : csvRecords(data, encoding, limits);
  for await (const r of source) {
    // The header is not a data row.
    if (++n > limits.maxRows + 1) throw new FileRefused(400, 'import.too_many_rows', { limit: limits.maxRows, row: r.row });
    if (r.cells.length > limits.maxColumns) throw new FileRefused(400, 'import.too_many_columns', { limit: limits.maxColumns, row: r.row });
    const cells = r.cells.map(encoding === 'xlsx' ? cellText : clean);
    for (const [i, c] of cells.entries())
      if (c.length > limits.maxCellChars) throw new FileRefused(400, 'import.cell_too_large', { limit: limits.maxCellChars, row: r.row, column: i + 1 });
    yield { row: r.row, cells };
  }
}

async function* csvRecords(data: Uint8Array, encoding: TextEncoding, limits: ImportLimits): AsyncGenerator<{ row: number; cells: unknown[] }> {
  // A byte-order mark is not text: UTF-8's is cut here, UTF-16's by the decoder.
  const bytes = encoding === 'utf-8' && hasBom(data) ? data.subarray(3) : data;
  const decoder = new TextDecoder(encoding);
  const start = decoder.decode(bytes.subarray(0, 64 * 1024), { stream: true });
  const firstLine = start.slice(0, start.search(/\r?\n|$/));
  const delimiter = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length] as const).sort((a, b) => b[1] - a[1])[0]?.[0] ?? ',';
  const text = new TextDecoder(encoding);
  function* slices() {
    for (let at = 0; at < bytes.length; at += SLICE) yield text.decode(bytes.subarray(at, at + SLICE), { stream: at + SLICE < bytes.length });
  }
  // The parser refuses a record (or an open quote) that grows past every cell of a full row at once;
  // each cell and the columns are checked exactly in records().
  const maxRecord = limits.maxColumns * limits.maxCellChars;
  const parser = Readable.from(slices()).pipe(
    parse({ delimiter, relax_column_count: true, skip_empty_lines: true, relax_quotes: true, max_record_size: maxRecord }),
  );
  let n = 0;
  try {
    // The row number counts records (the header is row 1), as a spreadsheet shows the file.
    for await (const cells of parser as AsyncIterable<string[]>) yield { row: ++n, cells };
  } catch (err) {
    if ((err as { code?: string }).code === 'CSV_MAX_RECORD_SIZE')
      throw new FileRefused(400, 'import.cell_too_large', { limit: limits.maxCellChars, row: n + 1 });
    throw new FileRefused(400, 'import.file_unreadable', { row: n + 1, reason: (err as { code?: string }).code ?? 'parse' });
  }
}

async function* xlsxRecords(data: Uint8Array, limits: ImportLimits): AsyncGenerator<{ row: number; cells: unknown[] }> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(data.buffer, data.byteOffset, data.byteLength)]), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  let row = 0;
  try {
    for await (const sheet of reader) {
      for await (const r of sheet as AsyncIterable<ExcelJS.Row>) {
        row = r.number;
        // A row's values are indexed by column: check the width before making the array.
        if (r.cellCount > limits.maxColumns || r.actualCellCount > limits.maxColumns)
          throw new FileRefused(400, 'import.too_many_columns', { limit: limits.maxColumns, row });
        // exceljs leaves a blank cell as a hole in the row's array: made an empty cell here, so every
        // column of every row is a string (a hole is skipped by map() and broke the limit checks).
        const values = Array.isArray(r.values) ? Array.from(r.values.slice(1)) : [];
        yield { row: r.number, cells: values };
      }
      return; // the first sheet only
    }
  } catch (err) {
    if (err instanceof FileRefused) throw err;
    throw new FileRefused(400, 'import.file_unreadable', { row: row + 1, reason: 'xlsx' });
  }
}

function cellText(v: unknown): string {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (v && typeof v === 'object') {
    if ('richText' in v) return (v as ExcelJS.CellRichTextValue).richText.map((t) => t.text).join('');
    if ('result' in v) return clean(v.result);
    if ('text' in v) return clean(v.text);
  }
  return clean(v);
}

/** Headers as keys: blank ones named by position, repeated ones numbered, so no column is lost. */
export function uniqueHeaders(headers: string[]): string[] {
  const seen = new Map<string, number>();
  return headers.map((h, i) => {
    // A NUL byte cannot be stored; it shows where it was.
    const base = h.replaceAll('\0', '\uFFFD') || `column_${i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}_${n}`;
  });
}

/** The data rows of a file as cells by header (blank XLSX rows skipped), after its header row. */
export async function* tableRows(data: Uint8Array, encoding: Encoding, limits: ImportLimits): AsyncGenerator<TableRow | { headers: string[] }> {
  let headers: string[] | undefined;
  for await (const r of records(data, encoding, limits)) {
    if (!headers) {
      headers = uniqueHeaders(r.cells);
      yield { headers };
      continue;
    }
    const h = headers;
    const cells = Object.fromEntries(h.map((name, j) => [name, r.cells[j] ?? '']));
    if (encoding !== 'xlsx' || Object.values(cells).some((c) => c !== '')) yield { row: r.row, cells };
  }
  if (!headers) yield { headers: [] };
}
