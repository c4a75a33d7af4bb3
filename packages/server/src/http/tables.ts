import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import type { FastifyReply } from 'fastify';

/**
 * Tables as downloads: an Excel workbook (one sheet per table) or one table as CSV (UTF-8 with a
 * byte-order mark, so Excel opens Thai text correctly). Every export endpoint builds its tables as
 * `TableSheet`s and sends them with `sendTable`, so headers, number formats and file names agree.
 */
export type CellValue = string | number | null;

export interface TableColumn {
  key: string;
  th: string;
  en: string;
  /** int: a whole count (#,##0); percent: a share from 0 to 1 (0.0%); text: as is. Default int. */
  format?: 'int' | 'percent' | 'text';
  width?: number;
}

export interface TableSheet {
  /** The sheet's name (at most 31 characters; Excel forbids []:*?/\). */
  name: string;
  columns: TableColumn[];
  rows: Array<Record<string, CellValue>>;
}

export interface TableFile {
  /** The file name without its extension (ASCII). */
  filename: string;
  /** A line above each sheet's headers in the workbook: what the figures are of, and when. */
  title?: string;
  /** th: Thai headers with an English second header row; en: English only. */
  lang?: 'th' | 'en';
  sheets: TableSheet[];
}

const NUMBER_FORMAT = { int: '#,##0', percent: '0.0%', text: '@' } as const;

/** The workbook: per sheet a bold title row, the header row(s) frozen, each column's number format. */
export async function tableXlsx(file: TableFile): Promise<Buffer> {
  const lang = file.lang ?? 'th';
  const book = new ExcelJS.Workbook();
  book.creator = 'CareHub';
  book.created = new Date();
  for (const s of file.sheets) {
    const sheet = book.addWorksheet(s.name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31));
    let headerRows = 0;
    if (file.title) {
      const row = sheet.addRow([file.title]);
      row.font = { bold: true, size: 13 };
      headerRows++;
    }
    const heads = lang === 'th' ? [s.columns.map((c) => c.th), s.columns.map((c) => c.en)] : [s.columns.map((c) => c.en)];
    for (const [i, h] of heads.entries()) {
      const row = sheet.addRow(h);
      row.font = i === 0 ? { bold: true } : { italic: true, color: { argb: 'FF666666' } };
      headerRows++;
    }
    for (const r of s.rows) sheet.addRow(s.columns.map((c) => r[c.key] ?? null));
    for (const [i, c] of s.columns.entries()) {
      const col = sheet.getColumn(i + 1);
      col.width = c.width ?? (c.format === 'text' ? 28 : 14);
      const fmt = NUMBER_FORMAT[c.format ?? 'int'];
      for (let n = headerRows + 1; n <= headerRows + s.rows.length; n++) sheet.getCell(n, i + 1).numFmt = fmt;
    }
    sheet.views = [{ state: 'frozen', ySplit: headerRows, xSplit: 0 }];
  }
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** Above this many rows in all, `sendTable` writes the workbook row by row (see tableXlsxStreamed). */
export const STREAM_XLSX_ROWS = 5000;

/**
 * The same workbook as `tableXlsx` (title row, header rows, frozen panes, column formats), written
 * with exceljs's streaming writer: a 50,000-row list takes ~80 MB instead of ~1 GB and yields to the
 * event loop every 1,000 rows, so other requests are served meanwhile. The number format is set per
 * column (it also covers the header cells, which hold text and so show unchanged).
 */
export async function tableXlsxStreamed(file: TableFile): Promise<Buffer> {
  const lang = file.lang ?? 'th';
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const ended = new Promise<void>((resolve, reject) => {
    out.on('end', resolve);
    out.on('error', reject);
  });
  const book = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  book.creator = 'CareHub';
  book.created = new Date();
  for (const s of file.sheets) {
    const heads = lang === 'th' ? [s.columns.map((c) => c.th), s.columns.map((c) => c.en)] : [s.columns.map((c) => c.en)];
    const headerRows = (file.title ? 1 : 0) + heads.length;
    const sheet = book.addWorksheet(s.name.replace(/[[\]:*?/\\]/g, ' ').slice(0, 31), { views: [{ state: 'frozen', ySplit: headerRows, xSplit: 0 }] });
    sheet.columns = s.columns.map((c) => ({ width: c.width ?? (c.format === 'text' ? 28 : 14), style: { numFmt: NUMBER_FORMAT[c.format ?? 'int'] } }));
    if (file.title) {
      const row = sheet.addRow([file.title]);
      row.font = { bold: true, size: 13 };
      row.commit();
    }
    for (const [i, h] of heads.entries()) {
      const row = sheet.addRow(h);
      row.font = i === 0 ? { bold: true } : { italic: true, color: { argb: 'FF666666' } };
      row.commit();
    }
    for (const [n, r] of s.rows.entries()) {
      sheet.addRow(s.columns.map((c) => r[c.key] ?? null)).commit();
      if (n % 1000 === 999) await new Promise((resolve) => setImmediate(resolve));
    }
    sheet.commit();
  }
  await book.commit();
  await ended;
  return Buffer.concat(chunks);
}

/** One CSV field: quoted when it holds a comma, quote or line break; a formula-looking text gets a leading apostrophe. */
export function csvCell(v: CellValue): string {
  if (v === null) return '';
  let s = String(v);
  // A text cell starting with = + - @ would run as a formula when the file is opened in a spreadsheet.
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** One table as CSV text with a byte-order mark and CRLF lines; one header row, in the chosen language or the column keys. */
export function tableCsv(sheet: TableSheet, header: 'th' | 'en' | 'key' = 'th'): string {
  const head = sheet.columns.map((c) => (header === 'key' ? c.key : c[header]));
  const lines = [head, ...sheet.rows.map((r) => sheet.columns.map((c) => r[c.key] ?? null))];
  return `\uFEFF${lines.map((line) => line.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** Sends the tables as a download: the whole workbook, or the first sheet as CSV. */
export async function sendTable(reply: FastifyReply, format: 'xlsx' | 'csv', file: TableFile & { csvHeader?: 'th' | 'en' | 'key' }) {
  const name = file.filename.replace(/[^A-Za-z0-9._-]/g, '_');
  if (format === 'xlsx')
    return reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', `attachment; filename="${name}.xlsx"`)
      .send(await (file.sheets.reduce((n, s) => n + s.rows.length, 0) > STREAM_XLSX_ROWS ? tableXlsxStreamed(file) : tableXlsx(file)));
  const sheet = file.sheets[0];
  if (!sheet) throw new Error('no table to send');
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${name}.csv"`)
    .send(tableCsv(sheet, file.csvHeader ?? file.lang ?? 'th'));
}
