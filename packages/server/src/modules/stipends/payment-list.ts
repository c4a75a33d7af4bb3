import { formatDateTime, formatMonth } from '@carehub/core';
import ExcelJS from 'exceljs';
import { dataTable, type PdfCell, type PdfColumn, renderPdf } from '../../pdf.js';
import type { PaymentList } from './service.js';

/** Columns of the payment list: Thai first, English under it. */
const HEADERS: Array<{ th: string; en: string; width: number }> = [
  { th: 'ลำดับ', en: 'No.', width: 7 },
  { th: 'ชื่อ-สกุล อสม.', en: 'Volunteer', width: 30 },
  { th: 'หมู่ที่รับผิดชอบ', en: 'Villages', width: 16 },
  { th: 'เยี่ยมบ้านที่อนุมัติ (ครั้ง)', en: 'Approved visits', width: 18 },
  { th: 'เป้าหมาย (ครั้ง)', en: 'Target', width: 14 },
  { th: 'จำนวนเงิน (บาท)', en: 'Amount (baht)', width: 16 },
  { th: 'ลายมือชื่อผู้รับเงิน', en: 'Signature of recipient', width: 26 },
];

const baht = (n: number) => n.toLocaleString('th-TH');
const villages = (v: number[]) => (v.length ? v.map((n) => `ม.${n}`).join(', ') : '-');

function title(list: PaymentList): string {
  return `บัญชีรายชื่อ อสม. ผู้มีสิทธิ์รับค่าตอบแทนการเยี่ยมบ้าน ประจำเดือน${formatMonth(list.month, 'th')}`;
}

function signedLine(list: PaymentList): string {
  return `ลงนามรับรองโดย ${list.signedBy} เมื่อ ${formatDateTime(list.signedAt, 'th')}`;
}

/** The payment list as an Excel workbook: title rows, Thai and English headers, one row per eligible volunteer, the total. */
export async function paymentListXlsx(list: PaymentList): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'CareHub';
  const sheet = book.addWorksheet(`ค่าตอบแทน ${list.month}`, {
    pageSetup: { orientation: 'portrait', paperSize: 9, fitToPage: true, fitToWidth: 1, fitToHeight: 0 },
  });
  sheet.columns = HEADERS.map((h) => ({ width: h.width }));
  sheet.addRow([title(list)]).font = { bold: true, size: 14 };
  sheet.addRow([`${list.areaName.th} · ${list.fund}`]);
  sheet.addRow([signedLine(list)]);
  const th = sheet.addRow(HEADERS.map((h) => h.th));
  th.font = { bold: true };
  const en = sheet.addRow(HEADERS.map((h) => h.en));
  en.font = { italic: true, color: { argb: 'FF555555' } };
  list.rows.forEach((r, i) => {
    sheet.addRow([i + 1, r.name, villages(r.villages), r.approved, r.target, r.amountBaht, '']);
  });
  const total = sheet.addRow(['', `รวม ${list.rows.length} คน`, '', '', '', list.totalBaht, '']);
  total.font = { bold: true };
  sheet.getColumn(6).numFmt = '#,##0';
  sheet.views = [{ state: 'frozen', ySplit: 5 }];
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** The payment list as a printable A4 PDF in Thai: the shared data table (header repeated, rows kept whole, columns that fit), signature lines. */
export function paymentListPdf(list: PaymentList): Promise<Buffer> {
  const columns: PdfColumn[] = [
    { header: 'ลำดับ\nNo.', width: 'auto', align: 'right', keep: true },
    { header: 'ชื่อ-สกุล อสม.\nVolunteer', width: '*' },
    { header: 'หมู่ที่\nVillages', width: 'auto' },
    { header: 'อนุมัติ (ครั้ง)\nApproved', width: 'auto', align: 'right', keep: true },
    { header: 'เป้าหมาย\nTarget', width: 'auto', align: 'right', keep: true },
    { header: 'บาท\nBaht', width: 'auto', align: 'right', keep: true },
    { header: 'ลายมือชื่อผู้รับเงิน\nSignature', width: 100 },
  ];
  const rows: PdfCell[][] = list.rows.map((r, i) => [i + 1, r.name, villages(r.villages), r.approved, r.target, baht(r.amountBaht), '']);
  rows.push(['', { text: `รวม ${list.rows.length} คน`, bold: true }, '', '', '', { text: baht(list.totalBaht), bold: true }, '']);
  return renderPdf({
    info: { title: title(list) },
    content: [
      { text: title(list), fontSize: 15, bold: true },
      { text: `${list.areaName.th} · ${list.fund}`, margin: [0, 2, 0, 0] },
      { text: signedLine(list), fontSize: 9, margin: [0, 2, 0, 8] },
      dataTable(columns, rows, { fontSize: 10 }),
      { text: `อัตรา ${baht(list.amountBaht)} บาทต่อคนต่อเดือน`, fontSize: 9, margin: [0, 8, 0, 0] },
      {
        columns: [
          { text: 'ลงชื่อ ........................................\nผู้จัดทำ', alignment: 'center' },
          { text: `ลงชื่อ ........................................\n(${list.signedBy})\nผู้รับรอง`, alignment: 'center' },
        ],
        margin: [0, 36, 0, 0],
        unbreakable: true,
      },
    ],
  });
}
