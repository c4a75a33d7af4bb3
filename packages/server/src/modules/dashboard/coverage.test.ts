import { randomUUID } from 'node:crypto';
import { addMonths, type Dashboard, type IndicatorValues } from '@carehub/core';
import ExcelJS from 'exceljs';
import * as mupdf from 'mupdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import type { ApiClient } from '../../testing/server.js';

/**
 * One definition of visit coverage (coverage.ts), read back from the four places that show it: the
 * dashboard API, the monthly report PDF, the indicators API and the dashboard's XLSX export. Village 7
 * of Bo Yang (90010107) holds eleven persons, worked out by hand (M = this month, L = last month,
 * L2 = the month before; "counted" = not returned):
 *
 * | person | caseload | visits | due in L | visited in L | due in M | visited in M |
 * |---|---|---|---|---|---|---|
 * | P1  | yes | one in M (pending)                                  | yes | no  | yes | yes |
 * | P2  | yes | two in M (approved, pending)                        | yes | no  | yes | yes |
 * | P3  | yes | one in M, returned                                  | yes | no  | yes | no  |
 * | P4  | no  | none (bedridden, on nobody's caseload)              | yes | no  | yes | no  |
 * | P5  | no  | one in M (approved)                                 | yes | no  | yes | yes |
 * | P6  | no  | one in L, next visit on the 5th of M                | yes | yes | yes | no  |
 * | P7  | yes | one in L, next visit after M                        | yes | yes | no  | no  |
 * | P8  | no  | one in L, next visit after M; one in M              | yes | yes | no  | yes |
 * | P9  | no  | one in L; died on the 1st of M                      | yes | yes | —   | —   |
 * | P10 | no  | one in L2, next visit on the 5th of M               | no  | no  | yes | no  |
 * | P11 | yes | one in L, returned, that set the next after M       | yes | no  | yes | no  |
 *
 * M: 8 due, 3 of them visited, 37.5 %; 4 persons visited, 5 counted visits.
 * L: 10 due, 4 of them visited, 40.0 %.
 */
const AREA = '90010107';
const TODAY = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
const M = TODAY.slice(0, 7);
const L = addMonths(M, -1);
const L2 = addMonths(M, -2);
const EXPECTED = {
  [M]: { due: 8, visited: 3, coverage: 37.5 },
  [L]: { due: 10, visited: 4, coverage: 40 },
};

let f: Fixture;
let boyang: ApiClient; // subdistrict admin of 900101
const ids: Record<string, string> = {};

/** Noon (Thai time) of a day of a month. */
const noonOf = (month: string, day: number) => new Date(`${month}-${String(day).padStart(2, '0')}T12:00:00+07:00`);
/** This month, a few seconds ago (a visit cannot lie in the future). */
const secondsAgo = (n: number) => new Date(Date.now() - n * 1000);

beforeAll(async () => {
  f = await createFixture({}, 0);
  boyang = await f.as('boyang');
  const db = f.database.db;
  const keys = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8', 'P9', 'P10', 'P11'];
  const inserted = await db
    .insertInto('persons')
    .values(
      keys.map((k) => ({
        first_name_th: `ครอบคลุม${k}`,
        last_name_th: 'ทดสอบ',
        cid_missing_reason: 'unknown',
        birth_date: '1940-01-01',
        sex: 'female',
        area_code: '900101',
        village_no: 7,
        adl_group: k === 'P4' ? 'bedridden' : 'homebound',
        ...(k === 'P9' ? { status: 'deceased', status_date: `${M}-01` } : {}),
      })),
    )
    .returning(['id', 'first_name_th'])
    .execute();
  for (const r of inserted) ids[r.first_name_th.replace('ครอบคลุม', '')] = r.id;
  const osm = await db.selectFrom('users').select('id').where('username', '=', 'osm.boyang').executeTakeFirstOrThrow();
  const visit = (p: string, at: Date, next: string, status: 'pending' | 'approved' | 'returned' = 'pending') => ({
    id: randomUUID(),
    person_id: ids[p]!,
    visited_at: at,
    next_visit_on: next,
    needs: '[]',
    help: '[]',
    recorded_by: osm.id,
    review_status: status,
  });
  const after = `${addMonths(M, 1)}-10`;
  await db
    .insertInto('visits')
    .values([
      visit('P10', noonOf(L2, 3), `${M}-05`),
      visit('P6', noonOf(L, 4), `${M}-05`),
      visit('P7', noonOf(L, 5), after),
      visit('P8', noonOf(L, 6), after),
      visit('P9', noonOf(L, 7), `${M}-05`),
      visit('P11', noonOf(L, 8), after, 'returned'),
      visit('P1', secondsAgo(60), `${M}-28`),
      visit('P2', secondsAgo(50), `${M}-28`, 'approved'),
      visit('P2', secondsAgo(40), `${M}-28`),
      visit('P3', secondsAgo(30), `${M}-28`, 'returned'),
      visit('P5', secondsAgo(20), `${M}-28`, 'approved'),
      visit('P8', secondsAgo(10), `${M}-28`),
    ] as never)
    .execute();
  const assigned = new Date(Date.now() - 90 * 86_400_000);
  await db
    .insertInto('caseload_assignments')
    .values(['P1', 'P2', 'P3', 'P7', 'P11'].map((p) => ({ person_id: ids[p]!, user_id: osm.id, assigned_at: assigned })))
    .execute();
}, 180_000);
afterAll(() => f?.close());

/** The PDF's text through MuPDF, whitespace dropped (Thai wraps where the layout likes). */
function pdfText(bytes: Buffer): string {
  const doc = mupdf.Document.openDocument(bytes, 'application/pdf');
  let text = '';
  for (let i = 0; i < doc.countPages(); i++) text += doc.loadPage(i).toStructuredText().asText();
  // SARA AM comes back as the two glyphs drawn (ำ then า): read as the one letter.
  return text.replace(/\s+/g, '').replaceAll('ำา', 'ำ');
}

async function monthlyPdf(month: string) {
  const res = await boyang.download(`/api/dashboard/report.pdf?area=${AREA}&month=${month}`);
  expect(res.status).toBe(200);
  const text = pdfText(Buffer.from(await res.arrayBuffer()));
  const num = (label: string) => {
    const m = text.match(new RegExp(`${label}([\\d,]+)`));
    if (!m) throw new Error(`"${label}" not in the PDF: ${text.slice(0, 2000)}`);
    return Number(m[1]!.replaceAll(',', ''));
  };
  const cov = text.match(/ความครอบคลุมการเยี่ยม([\d.]+)%/);
  return { due: num('ถึงกำหนดเยี่ยมในเดือน'), visited: num('ถึงกำหนดและได้รับการเยี่ยม'), coverage: cov ? Number(cov[1]) : null };
}

describe('visit coverage: one definition everywhere', () => {
  it('the dashboard counts this month by the hand-worked rule, people on no caseload included', async () => {
    const r = await boyang.get<Dashboard>(`/api/dashboard?area=${AREA}`);
    expect(r.status).toBe(200);
    const c = r.body.counts;
    expect({ due: c.visitDue, visited: c.visitDueVisited, coverage: Math.round(r.body.visits.coverage! * 1000) / 10 }).toEqual(EXPECTED[M]);
    expect(c.personsVisited).toBe(4);
    expect(c.visitsThisMonth).toBe(5);
    expect(c.persons).toBe(10); // P9 died
    // The subdistrict's child row for the village says the same.
    const sub = await boyang.get<Dashboard>('/api/dashboard?area=900101');
    const village = sub.body.children.find((x) => x.code === AREA)!;
    expect([village.counts.visitDue, village.counts.visitDueVisited]).toEqual([8, 3]);
  });

  it('the monthly report PDF gives the same figures for this month and, worked out from the rows, for last month', async () => {
    expect(await monthlyPdf(M)).toEqual(EXPECTED[M]);
    expect(await monthlyPdf(L)).toEqual(EXPECTED[L]);
  });

  it('the coverage indicator gives the same figures for both months', async () => {
    const r = await boyang.get<IndicatorValues>(`/api/indicators/values?area=${AREA}&from=${L}&to=${M}`);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const s = r.body.indicators.find((i) => i.code === 'visit_coverage_monthly');
    expect(s, JSON.stringify(r.body)).toBeDefined();
    const byMonth = Object.fromEntries(
      s!.months.map((m) => [m.month, { due: m.denominator, visited: m.numerator, coverage: m.value === null ? null : Math.round(m.value * 10) / 10 }]),
    );
    expect(byMonth).toEqual(EXPECTED);
  });

  it('the XLSX export gives the same figures for this month', async () => {
    const res = await boyang.download(`/api/dashboard/export.xlsx?area=${AREA}`);
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await res.arrayBuffer()) as never);
    const counts = book.getWorksheet('ตัวเลขหลัก')!;
    const value = (label: string) => {
      let out: unknown;
      counts.eachRow((row) => {
        if (row.getCell(1).value === label) out = row.getCell(2).value;
      });
      return out;
    };
    const areas = book.getWorksheet('พื้นที่ย่อย')!;
    const header = (areas.getRow(2).values as unknown[]).indexOf('ความครอบคลุมการเยี่ยม');
    expect(header).toBeGreaterThan(0);
    expect(areas.getRow(4).getCell(1).value).toBe(AREA); // the total row: the village itself
    const cov = Number(areas.getRow(4).getCell(header).value);
    expect({ due: value('ถึงกำหนดเยี่ยมเดือนนี้'), visited: value('ถึงกำหนดและได้รับการเยี่ยม'), coverage: Math.round(cov * 1000) / 10 }).toEqual(EXPECTED[M]);
    expect(value('คนที่ได้รับการเยี่ยมเดือนนี้')).toBe(4);
  });

  it('a caseload assigned or ended changes nobody being due', async () => {
    const db = f.database.db;
    await db.updateTable('caseload_assignments').set({ ended_at: new Date() }).where('person_id', '=', ids.P3!).execute();
    const r = await boyang.get<Dashboard>(`/api/dashboard?area=${AREA}`);
    expect([r.body.counts.visitDue, r.body.counts.visitDueVisited]).toEqual([8, 3]);
  });
});
