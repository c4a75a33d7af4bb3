import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

export interface Table {
  headers: string[];
  /** Cells by header, as text, in file order; `row` is the line or sheet row number people see. */
  rows: Array<{ row: number; cells: Record<string, string> }>;
  encoding: 'utf-8' | 'windows-874' | 'xlsx';
}

/**
 * Text of a CSV file: UTF-8 with or without a byte-order mark, else Thai Windows-874 (TIS-620 plus a
 * few characters), which Thai agencies' older software still exports. A file that is not valid UTF-8
 * is read as Windows-874 rather than with replacement characters.
 */
export function decodeCsv(data: Uint8Array): { text: string; encoding: 'utf-8' | 'windows-874' } {
  const bom = data[0] === 0xef && data[1] === 0xbb && data[2] === 0xbf;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bom ? data.subarray(3) : data), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-874').decode(data), encoding: 'windows-874' };
  }
}

const clean = (s: unknown): string => (s === null || s === undefined ? '' : String(s).normalize('NFC').trim());

/** Reads a CSV (comma, semicolon or tab separated) or the first sheet of an XLSX file; the first row holds the headers. */
export async function readTable(data: Uint8Array, fileName: string): Promise<Table> {
  if (/\.xlsx$/i.test(fileName) || (data[0] === 0x50 && data[1] === 0x4b)) return readXlsx(data);
  const { text, encoding } = decodeCsv(data);
  const firstLine = text.slice(0, text.search(/\r?\n|$/));
  const delimiter = [',', ';', '\t'].map((d) => [d, firstLine.split(d).length] as const).sort((a, b) => b[1] - a[1])[0]?.[0] ?? ',';
  const records: string[][] = parse(text, { delimiter, relax_column_count: true, skip_empty_lines: true, relax_quotes: true });
  const [head = [], ...body] = records;
  const headers = uniqueHeaders(head.map(clean));
  return {
    headers,
    encoding,
    rows: body.map((r, i) => ({ row: i + 2, cells: Object.fromEntries(headers.map((h, j) => [h, clean(r[j])])) })),
  };
}

async function readXlsx(data: Uint8Array): Promise<Table> {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(data as unknown as ArrayBuffer);
  const sheet = book.worksheets[0];
  if (!sheet) return { headers: [], rows: [], encoding: 'xlsx' };
  const text = (v: ExcelJS.CellValue): string => {
    if (v instanceof Date) return v.toISOString().slice(0, 10);
    if (v && typeof v === 'object') {
      if ('richText' in v) return v.richText.map((t) => t.text).join('');
      if ('result' in v) return clean(v.result);
      if ('text' in v) return clean(v.text);
    }
    return clean(v);
  };
  const width = sheet.columnCount;
  const headers = uniqueHeaders(Array.from({ length: width }, (_, i) => text(sheet.getRow(1).getCell(i + 1).value)));
  const rows: Table['rows'] = [];
  sheet.eachRow((r, n) => {
    if (n === 1) return;
    const cells = Object.fromEntries(headers.map((h, i) => [h, text(r.getCell(i + 1).value)]));
    if (Object.values(cells).some((c) => c !== '')) rows.push({ row: n, cells });
  });
  return { headers, rows, encoding: 'xlsx' };
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
