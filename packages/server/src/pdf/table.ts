import type { Content, TableCell } from 'pdfmake';

/**
 * Tables that fit the page. Each column says how it is sized:
 * - `'auto'`: as wide as its content, down to its longest unbreakable piece (numbers, dates, codes);
 * - `'*'`: an equal share of what the auto and fixed columns leave (long Thai text that wraps);
 * - a number of points: only for content whose width is known (a row number).
 * With Thai break opportunities (thai.ts) a text column can shrink to its longest word, so pdfmake's
 * sizing keeps the table inside the page. Numbers and dates are kept whole (`keep`): a column may wrap
 * between words but never inside "5,000.00" or "28 ก.พ. 2570".
 */
export interface PdfColumn {
  header: string;
  width: 'auto' | '*' | number;
  /** Right for numbers and money; the header follows the column. */
  align?: 'left' | 'right' | 'center';
  /** Cells of this column never wrap (numbers, dates, codes). */
  keep?: boolean;
}

/** A cell: a text, a count (shown with thousands separators), nothing, or a pdfmake text node. */
export type PdfCell = string | number | null | undefined | { text: unknown; [key: string]: unknown };

/** A text that never wraps at its spaces ("28 ก.พ. 2570", "1,234 คน"): the spaces become no-break spaces. */
export function keep(text: string): string {
  return text.replace(/ /g, '\u00a0');
}

const HEAD_FILL = '#eeeeee';

function cell(value: PdfCell, column: PdfColumn): TableCell {
  const base = value === null || value === undefined ? '' : typeof value === 'number' ? value.toLocaleString('th-TH') : value;
  const node: Record<string, unknown> = typeof base === 'string' ? { text: column.keep ? keep(base) : base } : { ...(base as object) };
  if (column.align && node.alignment === undefined) node.alignment = column.align;
  if (column.keep && node.noWrap === undefined) node.noWrap = true;
  return node as TableCell;
}

export interface DataTableOptions {
  /** Shown instead of a table without rows; nothing when absent. */
  empty?: string;
  fontSize?: number;
  margin?: [number, number, number, number];
}

/**
 * A data table: a grey header row repeated on every page, rows kept whole on one page, columns sized
 * to fit (see PdfColumn). `rows` are cell values in column order.
 */
export function dataTable(columns: PdfColumn[], rows: PdfCell[][], options: DataTableOptions = {}): Content {
  const margin = options.margin ?? [0, 2, 0, 10];
  if (!rows.length) return options.empty ? { text: options.empty, italics: true, margin } : { text: '', margin: [0, 0, 0, 0] };
  return {
    table: {
      headerRows: 1,
      keepWithHeaderRows: 1,
      dontBreakRows: true,
      widths: columns.map((c) => c.width),
      body: [
        columns.map((c) => ({ text: c.header, bold: true, fillColor: HEAD_FILL, ...(c.align ? { alignment: c.align } : {}) })),
        ...rows.map((row) => columns.map((c, i) => cell(row[i], c))),
      ],
    },
    layout: 'lightHorizontalLines',
    ...(options.fontSize ? { fontSize: options.fontSize } : {}),
    margin,
  } as Content;
}
