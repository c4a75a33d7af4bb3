import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../testing/fixture.js';
import { inspectPdf, pagesWith } from '../testing/pdf-render.js';
import type { ApiClient } from '../testing/server.js';

/**
 * The PDFs whose content comes straight from the database, fetched over real HTTP as their users get
 * them (PGlite and PostgreSQL): the area's monthly report, a person's data export and the volunteers'
 * activity report. Each is rendered to images and read back (testing/pdf-render.ts): nothing outside
 * the content box, no Thai word or number broken across lines.
 */
let f: Fixture;
let province: ApiClient;
let sw: ApiClient;
const LAST_MONTH = (() => {
  const d = new Date(Date.now() + 7 * 3600_000);
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
})();

async function pdf(c: ApiClient, path: string): Promise<Uint8Array> {
  const res = await c.download(path);
  expect(res.status, path).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  return new Uint8Array(await res.arrayBuffer());
}

beforeAll(async () => {
  f = await createFixture({}, 40);
  [province, sw] = await Promise.all([f.as('songkhla'), f.as('sw.boyang')]);
}, 120_000);
afterAll(() => f?.close());

describe('printouts from the database fit the page', () => {
  it("the monthly report of a province and of a district, with every child area's row", async () => {
    for (const area of ['90', '9001']) {
      const seen = inspectPdf(await pdf(province, `/api/dashboard/report.pdf?area=${area}&month=${LAST_MONTH}`));
      expect(seen.problems, area).toEqual([]);
      expect(pagesWith(seen, 'รายงานการดูแลกลุ่มเปราะบางประจำเดือน')).toEqual([1]);
    }
  });

  it("a person's data export with a long name and a large household", async () => {
    const created = await sw.post('/api/persons', {
      cidMissingReason: 'unknown',
      titleTh: 'นางสาว',
      firstNameTh: 'สมศรีวงศ์ใหญ่เจริญสุขยิ่งยงคงกระพันชาตรี',
      lastNameTh: 'ศรีสุขสวัสดิ์วัฒนาถาวรรุ่งเรืองกิจ',
      birthDate: '2490',
      sex: 'female',
      areaCode: '900101',
      confirmNotDuplicate: true,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    for (let i = 0; i < 30; i++) {
      const r = await sw.post(`/api/persons/${id}/household`, {
        name: `H${String(i).padStart(3, '0')} นายประเสริฐศักดิ์ศรีสุขสวัสดิ์วัฒนาถาวรรุ่งเรืองกิจ`,
        relation: 'หลานชายลูกพี่ลูกน้องฝ่ายมารดา',
        isMainCaregiver: i === 0,
        phone: '0812345678',
      });
      expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
    }
    const seen = inspectPdf(await pdf(sw, `/api/persons/${id}/export?format=pdf`));
    expect(seen.problems).toEqual([]);
    expect(seen.pages.length).toBeGreaterThan(1);
    for (let i = 0; i < 30; i++) expect(pagesWith(seen, `H${String(i).padStart(3, '0')}`).length, `member ${i}`).toBeGreaterThan(0);
  });

  it("the volunteers' activity report of a month", async () => {
    const seen = inspectPdf(await pdf(province, `/api/reports/volunteer-activity?month=${LAST_MONTH}&format=pdf`));
    expect(seen.problems).toEqual([]);
    expect(pagesWith(seen, 'รายงานการปฏิบัติงานเยี่ยมบ้านของอาสาสมัคร')).toEqual([1]);
  });
});
