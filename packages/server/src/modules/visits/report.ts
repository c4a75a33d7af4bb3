import { formatDateTime } from '@carehub/core';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import type { Tx } from '../../db/context.js';
import { dataTable, type PdfColumn, renderPdf } from '../../pdf.js';
import { countedVisit } from '../dashboard/coverage.js';

export interface ActivityRow {
  userId: string;
  volunteer: string;
  role: string;
  organisation: string;
  visits: number;
  persons: number;
  needsFound: number;
  helpGiven: number;
  approved: number;
  pending: number;
  returned: number;
}

/**
 * A month of each volunteer's work, counted in Thai time (a visit at 23:30 on the last day belongs
 * to that month): visits made, distinct persons covered, needs found, help given, and the review
 * state. Only visits of persons the caller may see are counted (row-level security). "Persons" are the
 * persons visited as coverage counts them (dashboard/coverage.ts: a visit returned by the reviewer does
 * not count), so they agree with the dashboard and the monthly report; the visits column counts every
 * visit sent, with the returned ones shown apart.
 */
export async function activityReport(tx: Tx, month: string, area?: string): Promise<ActivityRow[]> {
  // Both ends in Thai time, worked out here: "start + interval '1 month'" in a UTC session would
  // add a month to 30 September 17:00 UTC and stop a day short of the end of October.
  const [y, m] = month.split('-').map(Number) as [number, number];
  const start = `${month}-01T00:00:00+07:00`;
  const end = `${m === 12 ? y + 1 : y}-${String(m === 12 ? 1 : m + 1).padStart(2, '0')}-01T00:00:00+07:00`;
  const rows = await sql<{
    user_id: string;
    volunteer: string;
    role: string;
    organisation: string;
    visits: number;
    persons: number;
    needs_found: number;
    help_given: number;
    approved: number;
    pending: number;
    returned: number;
  }>`
    SELECT u.id AS user_id, u.display_name AS volunteer, u.role, o.name AS organisation,
           count(*)::int AS visits,
           (count(DISTINCT v.person_id) FILTER (WHERE ${countedVisit('v')}))::int AS persons,
           coalesce(sum(jsonb_array_length(v.needs)), 0)::int AS needs_found,
           coalesce(sum(jsonb_array_length(v.help)), 0)::int AS help_given,
           count(*) FILTER (WHERE v.review_status = 'approved')::int AS approved,
           count(*) FILTER (WHERE v.review_status = 'pending')::int AS pending,
           count(*) FILTER (WHERE v.review_status = 'returned')::int AS returned
    FROM visits v
    JOIN persons p ON p.id = v.person_id
    JOIN users u ON u.id = v.recorded_by
    JOIN organisations o ON o.id = u.organisation_id
    WHERE v.visited_at >= ${start}::timestamptz AND v.visited_at < ${end}::timestamptz
      AND (${area ?? null}::text IS NULL OR p.area_code LIKE ${`${area ?? ''}%`})
    GROUP BY u.id, u.display_name, u.role, o.name
    ORDER BY o.name, u.display_name`.execute(tx);
  return rows.rows.map((r) => ({
    userId: r.user_id,
    volunteer: r.volunteer,
    role: r.role,
    organisation: r.organisation,
    visits: r.visits,
    persons: r.persons,
    needsFound: r.needs_found,
    helpGiven: r.help_given,
    approved: r.approved,
    pending: r.pending,
    returned: r.returned,
  }));
}

const COLUMNS: Array<[keyof ActivityRow, string]> = [
  ['volunteer', 'อาสาสมัคร'],
  ['organisation', 'หน่วยงาน'],
  ['visits', 'เยี่ยมบ้าน (ครั้ง)'],
  ['persons', 'จำนวนคน'],
  ['needsFound', 'ความต้องการที่พบ'],
  ['helpGiven', 'ความช่วยเหลือที่ให้'],
  ['approved', 'อนุมัติแล้ว'],
  ['pending', 'รอตรวจ'],
  ['returned', 'ส่งกลับแก้ไข'],
];

/** A month in Thai words and the Buddhist era: 2026-10 → ตุลาคม 2569. */
function thaiMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString('th-TH', { month: 'long', timeZone: 'UTC' })} ${y + 543}`;
}

/**
 * The report as a printable PDF in Thai (bundled Sarabun), with places to sign for the stipend: names
 * and organisations share what the count columns leave and wrap between Thai words; counts are whole.
 */
export function activityPdf(rows: ActivityRow[], month: string, area: string | undefined, by: string): Promise<Buffer> {
  const columns: PdfColumn[] = COLUMNS.map(([k, header]) =>
    k === 'volunteer' || k === 'organisation' ? { header, width: '*' } : { header, width: 'auto', align: 'right', keep: true },
  );
  return renderPdf({
    pageOrientation: 'landscape',
    info: { title: `รายงานการปฏิบัติงานอาสาสมัคร ${thaiMonth(month)}` },
    footer: (page: number, pages: number) => ({ text: `หน้า ${page}/${pages}`, alignment: 'center', fontSize: 8, margin: [0, 20, 0, 0] }),
    content: [
      { text: `รายงานการปฏิบัติงานเยี่ยมบ้านของอาสาสมัคร เดือน${thaiMonth(month)}`, fontSize: 16, bold: true },
      { text: `${area ? `พื้นที่รหัส ${area} · ` : ''}พิมพ์เมื่อ ${formatDateTime(new Date().toISOString())} โดย ${by}`, fontSize: 9, margin: [0, 0, 0, 8] },
      dataTable(
        columns,
        rows.map((r) => COLUMNS.map(([k]) => r[k])),
        { empty: 'ไม่มีการเยี่ยมบ้านในเดือนนี้' },
      ),
      { text: '\n\nลงชื่อ ........................................ ผู้ตรวจสอบ        ลงชื่อ ........................................ ผู้รับรอง', margin: [0, 24, 0, 0] },
    ],
  });
}

/** The same report as an Excel workbook, headed in Thai, for the subdistrict office and the stipend. */
export async function activityXlsx(rows: ActivityRow[], month: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.creator = 'CareHub';
  const sheet = book.addWorksheet(`กิจกรรม ${month}`);
  sheet.columns = [
    { header: 'อาสาสมัคร', key: 'volunteer', width: 28 },
    { header: 'หน่วยงาน', key: 'organisation', width: 36 },
    { header: 'เยี่ยมบ้าน (ครั้ง)', key: 'visits', width: 16 },
    { header: 'จำนวนคน', key: 'persons', width: 12 },
    { header: 'ความต้องการที่พบ', key: 'needsFound', width: 18 },
    { header: 'ความช่วยเหลือที่ให้', key: 'helpGiven', width: 18 },
    { header: 'อนุมัติแล้ว', key: 'approved', width: 12 },
    { header: 'รอตรวจ', key: 'pending', width: 12 },
    { header: 'ส่งกลับแก้ไข', key: 'returned', width: 14 },
  ];
  sheet.getRow(1).font = { bold: true };
  for (const r of rows) sheet.addRow(r);
  return Buffer.from(await book.xlsx.writeBuffer());
}
