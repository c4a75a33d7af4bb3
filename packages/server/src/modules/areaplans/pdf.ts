import {
  AREA_FUNDING_SOURCE_LABELS,
  AREA_PLAN_STATUS_LABELS,
  AREA_PROJECT_STATUS_LABELS,
  AREA_VULNERABILITY_LABELS,
  type AreaPlan,
  budgetByFunding,
  formatDate,
  formatDateTime,
  needCategoryLabel,
  needCoverage,
  needLabel,
} from '@carehub/core';
import { dataTable, keep, renderPdf } from '../../pdf.js';

const baht = (n: number) => n.toLocaleString('th-TH', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const count = (n: number) => n.toLocaleString('th-TH');
/** A column of counts or money: right-aligned, never wrapped inside a number. */
const amount = (header: string) => ({ header, width: 'auto' as const, align: 'right' as const, keep: true });
const section = (text: string) => ({ text, fontSize: 13, bold: true, margin: [0, 6, 0, 2] });

/**
 * The subdistrict quality-of-life plan as an A4 document in Thai for the subdistrict's committee:
 * the area and fiscal year (Buddhist era), the needs it was made from (counts only, no names), the
 * projects with budget, fund, responsible agency and status, the budget by fund, and lines to sign.
 */
export function areaPlanPdf(p: AreaPlan, printedBy: string): Promise<Buffer> {
  const needs = p.needs;
  const coverage = needCoverage(needs, p.projects);
  const budget = budgetByFunding(p.projects);
  const categoryName = (c: string) => needCategoryLabel(c)?.th ?? c;
  // Each date stays whole; the period may wrap only around its dash.
  const period = (s: string | null, e: string | null) => (s || e ? `${s ? keep(formatDate(s)) : '…'} – ${e ? keep(formatDate(e)) : '…'}` : '-');
  return renderPdf({
    pageOrientation: 'landscape',
    info: { title: `แผนพัฒนาคุณภาพชีวิตตำบล${p.area.subdistrict} ปีงบประมาณ ${p.fiscalYear}` },
    footer: (page: number, pages: number) => ({ text: `หน้า ${page}/${pages}`, alignment: 'center', fontSize: 8, margin: [0, 20, 0, 0] }),
    content: [
      { text: 'แผนพัฒนาคุณภาพชีวิตตำบล', fontSize: 18, bold: true, alignment: 'center' },
      { text: `ตำบล${p.area.subdistrict} อำเภอ${p.area.district} จังหวัด${p.area.province}`, fontSize: 14, alignment: 'center' },
      { text: `ปีงบประมาณ ${p.fiscalYear}`, fontSize: 14, bold: true, alignment: 'center' },
      { text: p.title, fontSize: 12, alignment: 'center', margin: [0, 2, 0, 2] },
      {
        text: [
          `สถานะ: ${AREA_PLAN_STATUS_LABELS[p.status].th}`,
          p.approved ? ` (อนุมัติเมื่อ ${formatDate(p.approved.at)} โดย ${p.approved.by})` : '',
          ` · ฉบับแก้ไขที่ ${p.version} · พิมพ์เมื่อ ${formatDateTime(new Date())} โดย ${printedBy}`,
        ].join(''),
        fontSize: 9,
        alignment: 'center',
        margin: [0, 0, 0, 8],
      },
      ...(p.notes ? [{ text: p.notes, margin: [0, 0, 0, 6] }] : []),

      section(`1. ความต้องการของประชาชนในตำบล (ข้อมูล ณ ${formatDateTime(needs.asOf)})`),
      {
        text: `ผู้อยู่ในทะเบียน ${count(needs.persons)} คน · ได้รับการเยี่ยมบ้าน ${count(needs.personsVisited)} คน · มีความต้องการที่ยังไม่ได้รับการช่วยเหลือ ${count(needs.personsWithNeeds)} คน (นับจากการเยี่ยมบ้านครั้งล่าสุดของแต่ละคน ไม่ระบุชื่อ)`,
        fontSize: 10,
        margin: [0, 0, 0, 4],
      },
      dataTable(
        [{ header: 'หมวดความต้องการ / รายการ', width: '*' }, amount('จำนวนคน'), amount('โครงการรองรับ (คน)'), amount('ยังไม่ครอบคลุม (คน)')],
        coverage.flatMap((c) => {
          const cat = needs.categories.find((x) => x.category === c.category);
          return [
            [{ text: categoryName(c.category), bold: true }, { text: count(c.persons), bold: true }, c.planned, c.uncovered],
            ...(cat?.needs ?? []).map((n) => [{ text: needLabel(n.code)?.th ?? n.code, fontSize: 10, margin: [10, 0, 0, 0] }, n.persons, '', '']),
          ];
        }),
        { empty: 'ไม่พบความต้องการที่ยังไม่ได้รับการช่วยเหลือจากการเยี่ยมบ้าน' },
      ),
      dataTable(
        [{ header: 'กลุ่มเปราะบาง', width: '*' }, amount('จำนวนคน')],
        needs.vulnerability.map((v) => [AREA_VULNERABILITY_LABELS[v.key].th, v.persons]),
      ),

      section('2. โครงการ'),
      dataTable(
        [
          { header: 'ที่', width: 'auto', align: 'right' },
          { header: 'โครงการ', width: '*' },
          { header: 'ความต้องการที่ตอบสนอง', width: '*' },
          amount('เป้าหมาย (คน)'),
          amount('งบประมาณ (บาท)'),
          { header: 'แหล่งงบประมาณ', width: '*' },
          { header: 'หน่วยงานรับผิดชอบ', width: '*' },
          { header: 'ระยะเวลา', width: 'auto' },
          { header: 'สถานะ', width: 'auto', keep: true },
        ],
        p.projects.map((x, i) => [
          i + 1,
          { text: [{ text: x.title, bold: true }, ...(x.description ? [{ text: `\n${x.description}`, fontSize: 9 }] : [])] },
          x.needCategories.map(categoryName).join(', ') || '-',
          x.targetPersons,
          x.budget === null ? '-' : baht(x.budget),
          x.fundingSource ? AREA_FUNDING_SOURCE_LABELS[x.fundingSource].th : '-',
          x.organisation ?? '-',
          period(x.startOn, x.endOn),
          AREA_PROJECT_STATUS_LABELS[x.status].th,
        ]),
        { empty: 'ยังไม่มีโครงการ' },
      ),

      section('3. สรุปงบประมาณตามแหล่งงบประมาณ (ไม่รวมโครงการที่ยกเลิก)'),
      dataTable(
        [{ header: 'แหล่งงบประมาณ', width: '*' }, amount('บาท')],
        [
          ...budget.rows.map((r) => [r.fundingSource ? AREA_FUNDING_SOURCE_LABELS[r.fundingSource].th : 'ยังไม่ระบุแหล่งงบประมาณ', baht(r.total)]),
          [
            { text: 'รวมทั้งสิ้น', bold: true },
            { text: baht(budget.total), bold: true },
          ],
        ],
      ),

      {
        margin: [0, 30, 0, 0],
        columns: [
          {
            text: 'ลงชื่อ ........................................ ผู้จัดทำแผน\n(........................................)\nวันที่ ................................',
            alignment: 'center',
          },
          {
            text: 'ลงชื่อ ........................................ ผู้เห็นชอบแผน\n(........................................)\nวันที่ ................................',
            alignment: 'center',
          },
          {
            text: 'ลงชื่อ ........................................ ผู้อนุมัติแผน\n(........................................)\nวันที่ ................................',
            alignment: 'center',
          },
        ],
      },
    ],
  } as never);
}
