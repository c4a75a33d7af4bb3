import pdfmake from 'pdfmake';
import { describe, expect, it } from 'vitest';
import { dataTable, keep, printable, renderPdf, THAI_BREAK_SIZE, thaiWords } from '../pdf.js';
import { flat, inspectPdf, meetsAtWordBoundary, pagesWith } from '../testing/pdf-render.js';
import { splitLongTokens } from './thai.js';

describe('Thai break opportunities', () => {
  it('split Thai between dictionary words, and nowhere else', () => {
    expect(thaiWords('ผู้รับบริการ')).toEqual(['ผู้รับ', 'บริการ']);
    expect(thaiWords('กำหนด')).toEqual(['กำหนด']);
    // Latin, digits, punctuation and a Thai word next to them stay together; spaces already break.
    expect(thaiWords('5,000.00')).toEqual(['5,000.00']);
    expect(thaiWords('ค่าใช้จ่าย (บาท)')).toEqual(['ค่า', 'ใช้', 'จ่าย (บาท)']);
    // Mai yamok stays with its word.
    expect(thaiWords('ไปๆมาๆ').every((w) => !w.startsWith('ๆ'))).toBe(true);
    expect(thaiWords('ไปๆมาๆ').join('')).toBe('ไปๆมาๆ');
  });

  it('printable puts a break space of a hundredth of a point between Thai words, in cells, stacks and inline texts', () => {
    const out = printable({
      stack: ['ผู้รับบริการ', { text: [{ text: 'ผู้รับบริการ', bold: true }, 'abc'] }],
      table: { headerRows: 1, body: [['ผู้รับบริการ', { text: 'ABC' }]] },
    }) as { stack: unknown[]; table: { body: unknown[][]; dontBreakRows: boolean; keepWithHeaderRows: number } };
    const brk = { text: ' ', fontSize: THAI_BREAK_SIZE };
    expect(out.stack[0]).toEqual({ text: ['ผู้รับ', brk, 'บริการ'] });
    expect(out.stack[1]).toEqual({ text: [{ text: ['ผู้รับ', brk, 'บริการ'], bold: true }, { text: 'abc' }] });
    expect(out.table.body[0]).toEqual([{ text: ['ผู้รับ', brk, 'บริการ'] }, { text: 'ABC' }]);
    expect(out.table.dontBreakRows).toBe(true);
    expect(out.table.keepWithHeaderRows).toBe(1);
  });

  it('long codes, JSON and addresses break after their punctuation, numbers never inside', () => {
    const json = '{"houseNo":"12/3","villageNo":3,"text":"x"}';
    expect(splitLongTokens(json).join('')).toBe(json);
    expect(splitLongTokens(json).length).toBeGreaterThan(3);
    expect(splitLongTokens('ยอดรวม 1,234,567,890,123,456,789,012.50 บาท')).toEqual(['ยอดรวม 1,234,567,890,123,456,789,012.50 บาท']);
    expect(splitLongTokens('x'.repeat(60))).toEqual(['x'.repeat(24), 'x'.repeat(24), 'x'.repeat(12)]);
    expect(splitLongTokens('short, text')).toEqual(['short, text']);
  });

  it('keep makes a date or an amount unbreakable at its spaces', () => {
    expect(keep('28 ก.พ. 2570')).toBe('28\u00a0ก.พ.\u00a02570');
  });
});

describe('the printout inspector fails on a bad layout', () => {
  // pdfmake as CareHub used it before: no break opportunities, fixed widths, rows split across pages.
  const raw = (content: unknown, orientation: 'portrait' | 'landscape' = 'portrait') =>
    pdfmake
      .createPdf({
        pageSize: 'A4',
        pageOrientation: orientation,
        pageMargins: [40, 50, 40, 50],
        defaultStyle: { font: 'Sarabun', fontSize: 11 },
        content,
      } as never)
      .getBuffer();

  it('sees a Thai word cut by a narrow column, and a cut number', async () => {
    const seen = inspectPdf(await raw({ table: { widths: [40, 30], body: [['ผู้รับบริการกำหนดการ', '5,000.00']] } }));
    expect(seen.problems.some((p) => p.includes('Thai word is broken'))).toBe(true);
    expect(seen.problems.some((p) => p.includes('number is broken'))).toBe(true);
  });

  it('sees a table running off the right edge of the page', async () => {
    const seen = inspectPdf(await raw({ table: { widths: [300, 300], body: [['ก', 'ข'.repeat(5)]] } }));
    expect(seen.problems.some((p) => p.includes('outside the content box'))).toBe(true);
  });

  it('a long token in one of several shared columns pushed the table off the page before; not through renderPdf', async () => {
    const token = 'somsri.wongyai.charoensuk@example.go.th/{"houseNo":"12/3","villageNo":3}';
    const body = [
      ['ก', 'ข', 'ค', 'ง'],
      ['ผู้รับบริการ', token, 'กำหนดการ', 'ผู้รับบริการ'],
    ];
    const table = { table: { widths: ['*', '*', '*', '*'], body }, layout: 'lightHorizontalLines' };
    const before = inspectPdf(await raw(table));
    expect(before.problems.some((p) => p.includes('outside the content box'))).toBe(true);
    const after = inspectPdf(await renderPdf({ content: [table] } as never));
    expect(after.problems).toEqual([]);
  });

  it('reads word boundaries with Intl.Segmenter', () => {
    expect(meetsAtWordBoundary('ผู้รับบริกา', 'ร')).toBe(false);
    expect(meetsAtWordBoundary('กำหน', 'ด')).toBe(false);
    expect(meetsAtWordBoundary('ผู้รับ', 'บริการ')).toBe(true);
    expect(meetsAtWordBoundary('5,000.00', 'บาท')).toBe(true);
  });

  it('passes the same content laid out by renderPdf and dataTable', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => [`R${String(i).padStart(3, '0')} ผู้รับบริการกำหนดการนางสาวสมศรีวงศ์ใหญ่เจริญสุข`, 5000 + i]);
    const pdf = await renderPdf({
      content: [
        dataTable(
          [
            { header: 'ผู้รับบริการ', width: '*' },
            { header: 'จำนวนเงิน', width: 'auto', align: 'right', keep: true },
          ],
          rows,
        ),
      ],
    });
    const seen = inspectPdf(pdf);
    expect(seen.problems).toEqual([]);
    expect(seen.pages.length).toBeGreaterThan(1);
    for (const page of seen.pages) expect(page.flat).toContain('จำนวนเงิน');
    expect(pagesWith(seen, 'R059')).toEqual([seen.pages.length]);
    expect(flat(seen.pages[0]!.runs.map((r) => r.text).join(''))).toContain('5,000');
  });
});
