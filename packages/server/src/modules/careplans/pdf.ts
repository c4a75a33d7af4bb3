import {
  ACTIVITY_STATUS_LABELS,
  AGREEMENT_BY_LABELS,
  AGREEMENT_METHOD_LABELS,
  CASE_TEAM_ROLE_LABELS,
  type CarePlanBody,
  type CaseTeamRole,
  carePlanCosts,
  FUNDING_SOURCE_LABELS,
  formatDate,
  formatDateTime,
  GOAL_STATUS_LABELS,
  PLAN_TARGET_LABELS,
} from '@carehub/core';
import { dataTable, renderPdf } from '../../pdf.js';

export interface PlanPrint {
  person: { name: string; age: number | null; address: string };
  version: number;
  createdAt: string;
  createdBy: string;
  body: CarePlanBody;
  organisations: Record<string, string>;
  team: Array<{ role: CaseTeamRole; name: string; organisation: string | null }>;
  agreement: { agreedBy: keyof typeof AGREEMENT_BY_LABELS; agreedByName: string; method: keyof typeof AGREEMENT_METHOD_LABELS; agreedOn: string } | null;
  printedBy: string;
}

const baht = (n: number) => n.toLocaleString('th-TH', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const section = (text: string) => ({ text, fontSize: 13, bold: true, margin: [0, 6, 0, 2] });

/**
 * The plan as an A4 document in Thai for a case conference: who it is for, problems, goals,
 * activities with who is responsible and who pays, costs by fund, reviews, the team, and the
 * agreement (or lines to sign when it has not been recorded yet). Dates are in the Buddhist era.
 */
export function carePlanPdf(p: PlanPrint): Promise<Buffer> {
  const b = p.body;
  const problemNo = new Map(b.problems.map((x, i) => [x.id, i + 1]));
  const goalNo = new Map(b.goals.map((x, i) => [x.id, i + 1]));
  const costs = carePlanCosts(b);
  return renderPdf({
    info: { title: `แผนการดูแลรายบุคคล ${p.person.name} ฉบับที่ ${p.version}` },
    footer: (page: number, pages: number) => ({ text: `หน้า ${page}/${pages}`, alignment: 'center', fontSize: 8, margin: [0, 20, 0, 0] }),
    content: [
      { text: 'แผนการดูแลรายบุคคล (แผนพัฒนาคุณภาพชีวิต)', fontSize: 17, bold: true },
      { text: `${p.person.name}${p.person.age !== null ? ` อายุ ${p.person.age} ปี` : ''}`, fontSize: 13 },
      { text: p.person.address, fontSize: 10 },
      {
        text: `ฉบับที่ ${p.version} บันทึกเมื่อ ${formatDateTime(p.createdAt)} โดย ${p.createdBy} · พิมพ์เมื่อ ${formatDateTime(new Date())} โดย ${p.printedBy}`,
        fontSize: 9,
        margin: [0, 2, 0, 6],
      },
      section('1. ปัญหาและความต้องการ'),
      dataTable(
        [
          { header: 'ที่', width: 'auto', align: 'right' },
          { header: 'ปัญหา/ความต้องการ', width: '*' },
          { header: 'สำหรับ', width: 'auto', keep: true },
        ],
        b.problems.map((x, i) => [i + 1, x.text, PLAN_TARGET_LABELS[x.target].th]),
        { empty: 'ยังไม่ได้ระบุปัญหา' },
      ),
      section('2. เป้าหมาย'),
      dataTable(
        [
          { header: 'ที่', width: 'auto', align: 'right' },
          { header: 'เป้าหมาย', width: '*' },
          { header: 'ตัวชี้วัด', width: '*' },
          { header: 'ภายในวันที่', width: 'auto', keep: true },
          { header: 'สถานะ', width: 'auto', keep: true },
          { header: 'ปัญหาที่', width: 'auto' },
        ],
        b.goals.map((g, i) => [
          i + 1,
          g.text,
          g.measure,
          formatDate(g.targetDate),
          GOAL_STATUS_LABELS[g.status].th,
          g.problemIds.map((id) => problemNo.get(id)).join(', '),
        ]),
        { empty: 'ยังไม่ได้ตั้งเป้าหมาย' },
      ),
      section('3. กิจกรรม'),
      dataTable(
        [
          { header: 'กิจกรรม', width: '*' },
          { header: 'สำหรับ', width: 'auto', keep: true },
          { header: 'ผู้รับผิดชอบ', width: '*' },
          { header: 'กำหนด', width: 'auto', keep: true },
          { header: 'สถานะ', width: 'auto', keep: true },
          { header: 'ค่าใช้จ่าย (บาท)', width: 'auto', align: 'right', keep: true },
          { header: 'แหล่งงบ', width: '*' },
        ],
        b.activities.map((a) => [
          `${a.goalId ? `[เป้าหมาย ${goalNo.get(a.goalId)}] ` : ''}${a.text}`,
          PLAN_TARGET_LABELS[a.target].th,
          [a.organisationId ? p.organisations[a.organisationId] : undefined, a.responsible].filter(Boolean).join(' / '),
          a.dueOn ? formatDate(a.dueOn) : '-',
          ACTIVITY_STATUS_LABELS[a.status].th,
          a.cost ? baht(a.cost) : '-',
          a.funding ? FUNDING_SOURCE_LABELS[a.funding].th : '-',
        ]),
        { empty: 'ยังไม่มีกิจกรรม' },
      ),
      dataTable(
        [
          { header: 'รวมค่าใช้จ่ายตามแหล่งงบประมาณ', width: '*' },
          { header: 'บาท', width: 'auto', align: 'right', keep: true },
        ],
        costs.map((c) => [FUNDING_SOURCE_LABELS[c.funding].th, baht(c.total)]),
      ),
      section('4. การทบทวนแผน'),
      dataTable(
        [
          { header: 'วันที่', width: 'auto', keep: true },
          { header: 'ผลการทบทวน', width: '*' },
          { header: 'ผู้ทบทวน', width: 'auto' },
        ],
        b.reviews.map((r) => [formatDate(r.on), r.outcome, r.by ?? '-']),
        { empty: 'ยังไม่มีการทบทวน' },
      ),
      section('5. ทีมดูแล'),
      dataTable(
        [
          { header: 'บทบาท', width: 'auto' },
          { header: 'ชื่อ', width: '*' },
          { header: 'หน่วยงาน', width: '*' },
        ],
        p.team.map((m) => [CASE_TEAM_ROLE_LABELS[m.role]?.th ?? m.role, m.name, m.organisation ?? '-']),
        { empty: 'ยังไม่ได้บันทึกทีมดูแล' },
      ),
      section('6. ความยินยอมต่อแผน'),
      p.agreement
        ? {
            text: `${AGREEMENT_BY_LABELS[p.agreement.agreedBy].th} (${p.agreement.agreedByName}) ยินยอมต่อแผนฉบับที่ ${p.version} เมื่อ ${formatDate(p.agreement.agreedOn)} โดย${AGREEMENT_METHOD_LABELS[p.agreement.method].th}`,
          }
        : {
            text: '\nลงชื่อ ........................................ ผู้รับบริการ/ผู้แทน        ลงชื่อ ........................................ ผู้จัดทำแผน\n\nวันที่ ................................',
            margin: [0, 12, 0, 0],
          },
    ],
  } as never);
}
