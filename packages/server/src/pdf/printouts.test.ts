import type { AreaPlan, CarePlanBody, Dashboard } from '@carehub/core';
import { describe, expect, it } from 'vitest';
import { areaPlanPdf } from '../modules/areaplans/pdf.js';
import { carePlanPdf, type PlanPrint } from '../modules/careplans/pdf.js';
import { type MonthFigures, monthlyReportPdf } from '../modules/dashboard/exports.js';
import { paymentListPdf } from '../modules/stipends/payment-list.js';
import { type ActivityRow, activityPdf } from '../modules/visits/report.js';
import { flat, inspectPdf, type PdfInspection, pagesWith } from '../testing/pdf-render.js';

/**
 * Every printout of CareHub, filled with what breaks a layout: long Thai names and organisations
 * written without spaces, big amounts, and enough rows for several pages. Each PDF is rendered to
 * images and read back with positions (testing/pdf-render.ts) and must show no ink or text outside
 * the content box, no Thai word or number broken across lines, its table header on every page the
 * table runs on, and each row whole on one page.
 */

const LONG_NAME = 'นางสาวสมศรีวงศ์ใหญ่เจริญสุขยิ่งยงคงกระพันชาตรี';
const LONG_ORG = 'โรงพยาบาลส่งเสริมสุขภาพตำบลบ้านคลองหอยโข่งใหญ่';
const LONG_TEXT = 'จัดหาที่นอนลมและสอนญาติพลิกตัวผู้รับบริการทุกสองชั่วโมงตามกำหนดการเพื่อป้องกันแผลกดทับ ประสานกองทุนฟื้นฟูสมรรถภาพจังหวัดเพื่อขอรับการสนับสนุนค่าใช้จ่าย';
const marker = (letter: string, i: number) => `${letter}${String(i).padStart(3, '0')}`;

/** Asserts the generic rules and returns the inspection for the table checks. */
function inspect(pdf: Buffer): PdfInspection {
  const seen = inspectPdf(pdf);
  expect(seen.problems).toEqual([]);
  return seen;
}

/** The table's header is on every page its rows are on; each row (start and end marker, a number) lies on one page. */
function expectTable(seen: PdfInspection, header: string, rows: Array<{ start: string; end: string; whole?: string }>) {
  const pages = new Set<number>();
  for (const row of rows) {
    const at = pagesWith(seen, row.start);
    expect(at, `row ${row.start}`).toHaveLength(1);
    expect(pagesWith(seen, row.end), `row ${row.start} ends on the page it starts`).toEqual(at);
    if (row.whole) {
      const runs = seen.pages[at[0]! - 1]!.runs.filter((r) => flat(r.text).includes(flat(row.whole!)));
      expect(runs.length, `${row.whole} whole on one line, on the row's page`).toBeGreaterThan(0);
    }
    pages.add(at[0]!);
  }
  expect(pages.size, 'the table runs over several pages').toBeGreaterThan(1);
  for (const p of pages) expect(seen.pages[p - 1]!.flat, `header on page ${p}`).toContain(flat(header));
}

describe('printouts fit the page and break Thai between words', () => {
  it('the care plan: activities with long names, responsible agencies and costs', async () => {
    const n = 36;
    const body: CarePlanBody = {
      problems: Array.from({ length: 12 }, (_, i) => ({ id: `p${i}`, text: `${marker('P', i)} ${LONG_TEXT}`, target: 'person', sources: [] })),
      goals: Array.from({ length: 8 }, (_, i) => ({
        id: `g${i}`,
        problemIds: ['p0', 'p1', 'p2'],
        text: `ผู้รับบริการเคลื่อนย้ายตัวเองจากเตียงไปรถเข็นได้${LONG_TEXT}`,
        measure: 'คะแนนบาร์เธลเพิ่มขึ้นอย่างน้อยสองคะแนนภายในหกเดือน',
        targetDate: '2027-02-28',
        status: 'partly_achieved',
      })),
      activities: Array.from({ length: n }, (_, i) => ({
        id: `a${i}`,
        goalId: `g${i % 8}`,
        text: `${marker('A', i)} ${LONG_TEXT} ${marker('Z', i)}`,
        target: 'family',
        organisationId: '00000000-0000-4000-8000-000000000001',
        responsible: LONG_NAME,
        dueOn: '2027-01-31',
        status: 'in_progress',
        cost: (i + 1) * 1000 + 0.5,
        funding: 'provincial_rehabilitation_fund',
      })),
      reviews: [{ id: 'r1', on: '2026-12-01', outcome: LONG_TEXT, by: LONG_NAME }],
    };
    const print: PlanPrint = {
      person: { name: LONG_NAME, age: 87, address: `บ้านเลขที่ 123/45 หมู่ 7 ${LONG_ORG} ตำบลบ่อยาง อำเภอเมืองสงขลา จังหวัดสงขลา` },
      version: 3,
      createdAt: '2026-12-01T03:00:00Z',
      createdBy: LONG_NAME,
      body,
      organisations: { '00000000-0000-4000-8000-000000000001': LONG_ORG },
      team: [{ role: 'physiotherapist', name: LONG_NAME, organisation: LONG_ORG }],
      agreement: null,
      printedBy: LONG_NAME,
    };
    const seen = inspect(await carePlanPdf(print));
    expectTable(
      seen,
      'ผู้รับผิดชอบ',
      body.activities.map((a, i) => ({
        start: marker('A', i),
        end: marker('Z', i),
        whole: (a.cost as number).toLocaleString('th-TH', { minimumFractionDigits: 2 }),
      })),
    );
  });

  it('the subdistrict QoL plan: many projects, long agencies, big budgets, and the last column on the page', async () => {
    const n = 30;
    const plan: AreaPlan = {
      id: 'x',
      areaCode: '900101',
      area: { subdistrict: 'บ่อยาง', district: 'เมืองสงขลา', province: 'สงขลา' },
      fiscalYear: 2570,
      title: `แผนพัฒนาคุณภาพชีวิตคนพิการและผู้สูงอายุตำบลบ่อยาง${LONG_TEXT}`,
      notes: LONG_TEXT,
      status: 'approved',
      version: 4,
      needs: {
        asOf: '2026-12-01T03:00:00Z',
        persons: 12345,
        personsVisited: 2345,
        personsWithNeeds: 1234,
        categories: [
          {
            category: 'device',
            persons: 1234,
            needs: [
              { code: 'device.wheelchair', persons: 1000 },
              { code: 'device.prosthesis', persons: 234 },
            ],
          },
          { category: 'income', persons: 321, needs: [] },
        ],
        vulnerability: [
          { key: 'disability', persons: 4321 },
          { key: 'awaiting_rehabilitation', persons: 12 },
        ],
      },
      needsNow: { asOf: '2026-12-01T03:00:00Z', persons: 0, personsVisited: 0, personsWithNeeds: 0, categories: [], vulnerability: [] },
      projects: Array.from({ length: n }, (_, i) => ({
        id: `p${i}`,
        position: i,
        title: `${marker('A', i)} โครงการจัดหากายอุปกรณ์และปรับสภาพบ้านสำหรับคนพิการติดเตียง`,
        description: `${LONG_TEXT} ${marker('Z', i)}`,
        needCategories: ['device', 'housing', 'rehab'],
        targetPersons: 1234,
        budget: 1_234_567.5 + i,
        fundingSource: 'local_health_fund',
        organisationId: null,
        organisation: LONG_ORG,
        startOn: '2026-12-01',
        endOn: '2027-09-30',
        status: 'in_progress',
        updatedAt: '2026-12-01T03:00:00Z',
        updatedBy: 'x',
        updates: [],
      })),
      created: { by: 'x', at: '2026-12-01T03:00:00Z' },
      updated: { by: 'x', at: '2026-12-01T03:00:00Z' },
      approved: { by: LONG_NAME, at: '2026-12-01T03:00:00Z' },
      closed: null,
      canEdit: false,
    };
    const seen = inspect(await areaPlanPdf(plan, LONG_NAME));
    expectTable(
      seen,
      'หน่วยงานรับผิดชอบ',
      plan.projects.map((p, i) => ({
        start: marker('A', i),
        end: marker('Z', i),
        whole: (p.budget as number).toLocaleString('th-TH', { minimumFractionDigits: 2 }),
      })),
    );
    // The last column, the status, is on the page beside every project, whole.
    for (const page of new Set(plan.projects.map((_, i) => pagesWith(seen, marker('A', i))[0]!))) {
      const status = seen.pages[page - 1]!.runs.filter((r) => flat(r.text) === 'กำลังดำเนินการ');
      expect(status.length, `page ${page}`).toBe(plan.projects.filter((_, i) => pagesWith(seen, marker('A', i))[0] === page).length);
    }
  });

  it("the volunteers' monthly activity report: long names and organisations, every column on the page", async () => {
    const rows: ActivityRow[] = Array.from({ length: 70 }, (_, i) => ({
      userId: `u${i}`,
      volunteer: `${marker('A', i)} ${LONG_NAME}`,
      role: 'volunteer',
      organisation: `${LONG_ORG}${LONG_ORG} ${marker('Z', i)}`,
      visits: 1234 + i,
      persons: 1000,
      needsFound: 12345,
      helpGiven: 2345,
      approved: 1200,
      pending: 30,
      returned: 4000 + i,
    }));
    const seen = inspect(await activityPdf(rows, '2026-10', '900101', LONG_NAME));
    expectTable(
      seen,
      'หน่วยงาน',
      rows.map((r, i) => ({ start: marker('A', i), end: marker('Z', i), whole: r.returned.toLocaleString('th-TH') })),
    );
  });
  it('the stipend payment list for the subdistrict fund: long names, many volunteers, the total', async () => {
    const rows = Array.from({ length: 80 }, (_, i) => ({
      userId: `u${i}`,
      name: `${marker('A', i)} ${LONG_NAME} ${marker('Z', i)}`,
      villages: [1, 2, 3, 10, 11, 12],
      target: 10,
      targetSet: true,
      approved: 1000 + i,
      pending: 0,
      returned: 0,
      persons: 12,
      eligible: true,
      amountBaht: 600,
    }));
    const seen = inspect(
      await paymentListPdf({
        areaCode: '900101',
        areaName: { th: 'ต.บ่อยาง อ.เมืองสงขลา จ.สงขลา', en: 'Bo Yang' },
        month: '2026-10',
        fund: `กองทุนหลักประกันสุขภาพระดับท้องถิ่นองค์การบริหารส่วนตำบลบ่อยาง`,
        amountBaht: 600,
        signedBy: LONG_NAME,
        signedAt: '2026-11-01T03:00:00Z',
        rows,
        totalBaht: 48_000,
      }),
    );
    expectTable(
      seen,
      'ลำดับ',
      rows.map((r, i) => ({ start: marker('A', i), end: marker('Z', i), whole: r.approved.toLocaleString('th-TH') })),
    );
  });
  it("the monthly area report at a country's scale: 7-digit counts and 80 child areas with long names", async () => {
    const big = (i: number) => 1_234_567 + i;
    const counts = (i: number) => ({
      persons: big(i),
      disability: big(i),
      elderly: big(i),
      bedridden: big(i),
      awaitingRehabilitation: big(i),
      withGaps: big(i),
      openReferrals: big(i),
      overdueReferrals: big(i),
      openTasks: big(i),
      overdueTasks: big(i),
    });
    const children = Array.from({ length: 80 }, (_, i) => ({ code: marker('A', i), nameTh: `${LONG_ORG} ${marker('Z', i)}`, counts: counts(i) }));
    const month = { visits: 9_876_543, personsVisited: 8_765_432, visitDue: 9_999_999, visitDueVisited: 8_888_888, needsFound: 7_777_777, needsMet: 6_666_666 };
    const d = {
      month: '2026-11',
      asOf: '2026-11-30',
      area: { code: '90', nameTh: 'จังหวัดสงขลา', nameEn: 'Songkhla', level: 'province' },
      counts: counts(0),
      children,
    } as unknown as Dashboard;
    const m: MonthFigures = {
      month: '2026-10',
      total: month,
      byChild: new Map(children.map((c) => [c.code, month])),
      needs: [{ category: 'device', found: 7_777_777, met: 6_666_666 }],
    };
    const seen = inspect(await monthlyReportPdf(d, m, LONG_NAME));
    expectTable(
      seen,
      'พื้นที่',
      children.map((c, i) => ({ start: c.code, end: marker('Z', i), whole: big(i).toLocaleString('th-TH') })),
    );
  });
});
