import { isUtf8 } from 'node:buffer';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';

export type Encoding = 'utf-8' | 'windows-874' | 'xlsx';
export interface TableRow {
  /** The line or sheet row number people see. */
  row: number;
  /** Cells by header, as text. */
  cells: Record<string, string>;
}

/**
 * A file's rows, read as a stream: however long the file, only the rows being worked on are held
 * in memory (the file's bytes aside). `rows()` may be read more than once, from the start each time.
 */
export interface Table {
  headers: string[];
  encoding: Encoding;
  rows(): AsyncGenerator<TableRow>;
}

const hasBom = (data: Uint8Array) => data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf;

/**
 * The encoding of a CSV file: UTF-8 with or without a byte-order mark, else Thai Windows-874 (TIS-620
 * plus a few characters), which Thai agencies' older software still exports. A file that is not valid
 * UTF-8 is read as Windows-874 rather than with replacement characters.
 */
export function csvEncoding(data: Uint8Array): 'utf-8' | 'windows-874' {
  return isUtf8(data) ? 'utf-8' : 'windows-874';
}

/** The whole text of a (small) CSV file. */
export function decodeCsv(data: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-874' } {
  const encoding = csvEncoding(data);
  return { text: new TextDecoder(encoding, { ignoreBOM: false }).decode(data), encoding };
}

const clean = (s: unknown): string => (s === null || s === undefined ? '' : String(s).normalize('NFC').trim());
const isXlsx = (data: Uint8Array, fileName: string) => /\.xlsx$/i.test(fileName) || (data[0] === 0x50 && data[1] === 0x4b);

/** Opens a CSV (comma, semicolon or tab separated) or the first sheet of an XLSX file; the first row holds the headers. */
export async function openTable(data: Uint8Array, fileName: string): Promise<Table> {
  const xlsx = isXlsx(data, fileName);
  const encoding: Encoding = xlsx ? 'xlsx' : csvEncoding(data);
  const raw = xlsx ? () => xlsxRecords(data) : () => csvRecords(data, encoding as 'utf-8' | 'windows-874');
  let headers: string[] = [];
  for await (const first of raw()) {
    headers = uniqueHeaders(first.cells.map(clean));
    break;
  }
  return {
    headers,
    encoding,
    async *rows() {
      let head = true;
      for await (const r of raw()) {
        if (head) {
          head = false;
          continue;
        }
        const cells = Object.fromEntries(headers.map((h, j) => [h, clean(r.cells[j])]));
        if (!xlsx || Object.values(cells).some((c) => c !== '')) yield { row: r.row, cells };
      }
    },
  };
}

/** Every row of a table at once: for previews, tests and small files. */
export async function readTable(data: Uint8Array, fileName: string): Promise<{ headers: string[]; encoding: Encoding; rows: TableRow[] }> {
  const table = await openTable(data, fileName);
  const rows: TableRow[] = [];
  for await (const r of table.rows()) rows.push(r);
  return { headers: table.headers, encoding: table.encoding, rows };
}

const SLICE = 1 << 20;

async function* csvRecords(data: Uint8Array, encoding: 'utf-8' | 'windows-874'): AsyncGenerator<{ row: number; cells: unknown[] }> {
  const bytes = hasBom(data) ? data.subarray(3) : data;
  const decoder = new TextDecoder(encoding);
  const start = decoder.decode(bytes.subarray(0, 64 * 1024), { stream: true });
  const firstLine = start.slice(0, start.search(/\r?\n|$/));
  const delimiter = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length] as const).sort((a, b) => b[1] - a[1])[0]?.[0] ?? ',';
  const text = new TextDecoder(encoding);
  function* slices() {
    for (let at = 0; at < bytes.length; at += SLICE) yield text.decode(bytes.subarray(at, at + SLICE), { stream: at + SLICE < bytes.length });
  }
  const parser = Readable.from(slices()).pipe(parse({ delimiter, relax_column_count: true, skip_empty_lines: true, relax_quotes: true }));
  let n = 0;
  // The row number counts records (the header is row 1), as a spreadsheet shows the file.
  for await (const cells of parser as AsyncIterable<string[]>) yield { row: ++n, cells };
}

async function* xlsxRecords(data: Uint8Array): AsyncGenerator<{ row: number; cells: unknown[] }> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(data.buffer, data.byteOffset, data.byteLength)]), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  for await (const sheet of reader) {
    for await (const r of sheet as AsyncIterable<ExcelJS.Row>) {
      const values = Array.isArray(r.values) ? r.values.slice(1) : [];
      yield { row: r.number, cells: values.map(cellText) };
    }
    return; // the first sheet only
  }
}

function cellText(v: ExcelJS.CellValue): string {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (v && typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('result' in v) return clean(v.result);
    if ('text' in v) return clean(v.text);
  }
  return clean(v);
}

/** Headers as keys: blank ones named by position, repeated ones numbered, so no column is lost. */
function uniqueHeaders(headers: string[]): string[] {
  const seen = new Map<string, number>();
  return headers.map((h, i) => {
    const base = h || `column_${i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}_${n}`;
  });
}
