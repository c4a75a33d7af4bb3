import { randomUUID } from 'node:crypto';
import { addMonths, type Dashboard, formatMonth } from '@carehub/core';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser } from '../../db/context.js';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import type { ApiClient } from '../../testing/server.js';
import { monthFigures, suppressAggregates } from './exports.js';

/**
 * Dashboard exports over real HTTP against a small registry worked out by hand: the workbook and CSV
 * carry the dashboard's counts, the monthly PDF a past month's visits, coverage and needs, and the
 * open data blanks small cells (and one more where a total would give a blanked cell back).
 *
 * Mueang Songkhla (9001): Bo Yang 900101 has B1–B5 (village 1), all 70, B1 B2 with a disability,
 * B1 B2 with a gap; Khao Rup Chang 900102 has C1–C6 (30 years old but C1–C3 are 65), C1–C3 with a
 * gap; 900103 has D1–D7, aged 40, D1–D6 with a disability, D1–D6 with a gap.
 */
let f: Fixture;
let province: ApiClient; // songkhla: province admin of 90
let boyang: ApiClient; // subdistrict admin of 900101
const ids: Record<string, string> = {};

const DAY = 86_400_000;
const TODAY = new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10);
const MONTH = TODAY.slice(0, 7);
const LAST = addMonths(MONTH, -1);
const MONTH_START = `${MONTH}-01`;
const day = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * DAY).toISOString().slice(0, 10);
const yearsAgo = (n: number) => `${Number(TODAY.slice(0, 4)) - n}${TODAY.slice(4, 10) === '-02-29' ? '-02-28' : TODAY.slice(4)}`;
const noon = (iso: string) => new Date(`${iso}T12:00:00+07:00`);

async function download(c: ApiClient, path: string) {
  const res = await c.download(path);
  return {
    status: res.status,
    type: res.headers.get('content-type'),
    disposition: res.headers.get('content-disposition'),
    body: Buffer.from(await res.arrayBuffer()),
  };
}

/** A PDF's text, spaces dropped. pdf.js gives SARA AM back as the glyphs drawn (ำ then า): read as the one letter. */
async function pdfText(body: Buffer): Promise<string> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(body) }).promise;
  let text = '';
  for (let i = 1; i <= doc.numPages; i++) text += (await (await doc.getPage(i)).getTextContent()).items.map((it) => ('str' in it ? it.str : '')).join('');
  return text.replace(/\s+/g, '').replaceAll('ำา', 'ำ');
}

beforeAll(async () => {
  f = await createFixture({}, 0);
  [province, boyang] = await Promise.all([f.as('songkhla'), f.as('boyang')]);
  const db = f.database.db;
  const person = (key: string, area: string, age: number, flags: string[] = [], gaps: string[] = []) => ({
    first_name_th: `ส่งออก${key}`,
    last_name_th: 'ทดสอบ',
    cid_missing_reason: 'unknown',
    birth_date: yearsAgo(age),
    sex: 'female',
    area_code: area,
    village_no: 1,
    flags,
    disability_types: flags.includes('disability') ? [3] : [],
    gaps,
  });
  const rows = [
    ...[1, 2, 3, 4, 5].map((i) => person(`B${i}`, '900101', 70, i <= 2 ? ['disability'] : [], i <= 2 ? ['elderly_allowance'] : [])),
    ...[1, 2, 3, 4, 5, 6].map((i) => person(`C${i}`, '900102', i <= 3 ? 65 : 30, [], i <= 3 ? ['elderly_allowance'] : [])),
    ...[1, 2, 3, 4, 5, 6, 7].map((i) => person(`D${i}`, '900103', 40, i <= 6 ? ['disability'] : [], i <= 6 ? ['disability_allowance'] : [])),
  ];
  const inserted = await db.insertInto('persons').values(rows).returning(['id', 'first_name_th']).execute();
  for (const r of inserted) ids[r.first_name_th.replace('ส่งออก', '')] = r.id;
  const osm = await db.selectFrom('users').select('id').where('username', '=', 'osm.boyang').executeTakeFirstOrThrow();
  const visit = (p: string, at: string, next: string, needs: string[] = [], help: string[] = []) => ({
    id: randomUUID(),
    person_id: ids[p]!,
    visited_at: noon(at),
    next_visit_on: next,
    needs: JSON.stringify(needs.map((code) => ({ code }))),
    help: JSON.stringify(help.map((code) => ({ code }))),
    recorded_by: osm.id,
  });
  const twoAgo = day(MONTH_START, -45); // in the month before last
  const midLast = day(MONTH_START, -10); // in last month
  await db
    .insertInto('visits')
    .values([
      // Due (coverage.ts): everyone living unless the last visit before the month set the next one after it.
      // Last month: all 18 were due (B1 and B2 set a day in it, the others had no visit before it), B1 and
      // B4 were visited: 2 of 18. This month: B1 and B4 set a day next month, so 16 are due, none visited
      // yet. B3 being in a caseload changes nothing.
      visit('B1', twoAgo, midLast),
      visit('B2', twoAgo, midLast),
      visit('B1', day(MONTH_START, -3), day(MONTH_START, 40), ['food.insecure']),
      visit('B4', day(MONTH_START, -5), day(MONTH_START, 40), ['device.wheelchair'], ['help.device_lent']),
    ])
    .execute();
  await db
    .insertInto('caseload_assignments')
    .values({ person_id: ids.B3!, user_id: osm.id, assigned_at: new Date(Date.parse(`${MONTH_START}T00:00:00Z`) - 60 * DAY) })
    .execute();
  // The triggers told the refresher; wait for the rollups to show the last statements.
  for (const until = Date.now() + 15_000; ; ) {
    const d = (await province.get<Dashboard>('/api/dashboard?area=9001')).body;
    if (d.counts?.persons === 18 && d.visits.byMonth.at(-2)?.visits === 2 && d.counts.visitDue === 16) break;
    if (Date.now() > until) throw new Error(`the rollups did not catch up within 15 s: ${JSON.stringify(d.counts)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}, 60_000);
afterAll(() => f?.close());

describe('dashboard exports', () => {
  it('exports every table as one workbook with the hand-counted figures', async () => {
    const r = await download(province, '/api/dashboard/export.xlsx?area=9001');
    expect(r.status).toBe(200);
    expect(r.type).toContain('spreadsheetml');
    expect(r.disposition).toBe(`attachment; filename="dashboard-9001-${TODAY}.xlsx"`);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(r.body as never);
    expect(book.worksheets.map((s) => s.name)).toEqual([
      'ตัวเลขหลัก',
      'พื้นที่ย่อย',
      'ประเภทความพิการ',
      'กลุ่ม ADL',
      'ช่วงอายุ',
      'เพศ',
      'การเยี่ยมรายเดือน',
      'ความต้องการเดือนนี้',
      'ความต้องการ 12 เดือน',
      'ช่องว่างสิทธิ',
      'การส่งต่อและงาน',
    ]);
    const counts = book.getWorksheet('ตัวเลขหลัก')!;
    const title = String(counts.getCell('A1').value);
    expect(title).toContain('(9001)');
    expect(title).toContain(`ข้อมูล ณ ${Number(TODAY.slice(8, 10))}`);
    expect(title).toContain(String(Number(TODAY.slice(0, 4)) + 543)); // the Buddhist era
    expect(counts.getRow(2).values).toEqual([undefined, 'รายการ', 'จำนวน']);
    expect(counts.getRow(3).values).toEqual([undefined, 'Measure', 'Count']);
    expect(counts.views[0]).toMatchObject({ state: 'frozen', ySplit: 3 });
    const measure = (label: string) => {
      for (let i = 4; i <= counts.rowCount; i++) if (counts.getCell(i, 1).value === label) return counts.getCell(i, 2);
      throw new Error(`no row ${label}`);
    };
    expect(measure('จำนวนคนในทะเบียน').value).toBe(18);
    expect(measure('จำนวนคนในทะเบียน').numFmt).toBe('#,##0');
    expect(measure('คนพิการ').value).toBe(8); // B1 B2, D1–D6
    expect(measure('ผู้สูงอายุ (60 ปีขึ้นไป)').value).toBe(8); // B1–B5, C1–C3
    expect(measure('มีช่องว่างสิทธิ').value).toBe(11); // B1 B2, C1–C3, D1–D6
    expect(measure('ถึงกำหนดเยี่ยมเดือนนี้').value).toBe(16); // all but B1 and B4 (next visit set next month)

    const children = book.getWorksheet('พื้นที่ย่อย')!;
    const header = children.getRow(2).values as unknown[];
    const col = (name: string) => header.indexOf(name);
    const byCode = new Map<string, ExcelJS.Row>();
    for (let i = 4; i <= children.rowCount; i++) byCode.set(String(children.getCell(i, 1).value), children.getRow(i));
    expect(children.getCell(4, 2).value).toMatch(/^รวม /);
    expect(byCode.get('9001')!.getCell(col('จำนวนคนในทะเบียน')).value).toBe(18);
    expect(byCode.get('900101')!.getCell(col('จำนวนคนในทะเบียน')).value).toBe(5);
    expect(byCode.get('900102')!.getCell(col('ผู้สูงอายุ (60 ปีขึ้นไป)')).value).toBe(3);
    expect(byCode.get('900103')!.getCell(col('คนพิการ')).value).toBe(6);
    expect(byCode.get('9001')!.getCell(col('ความครอบคลุมการเยี่ยม')).value).toBe(0); // 16 due, not visited yet
    expect(byCode.get('9001')!.getCell(col('ความครอบคลุมการเยี่ยม')).numFmt).toBe('0.0%');
    // C1–C6: on no caseload, never visited: due and unvisited, 0 % (not blank).
    expect(byCode.get('900102')!.getCell(col('ความครอบคลุมการเยี่ยม')).value).toBe(0);
    expect(byCode.get('900102')!.getCell(col('ถึงกำหนดเยี่ยมเดือนนี้')).value).toBe(6);

    const visits = book.getWorksheet('การเยี่ยมรายเดือน')!;
    expect(visits.getRow(visits.rowCount - 1).values).toEqual([undefined, LAST, formatMonth(LAST), 2, 2]);
    const needs = book.getWorksheet('ความต้องการ 12 เดือน')!;
    const needRows = (needs.getSheetValues() as unknown[][]).slice(4).filter((v) => v && (v[2] as number) > 0);
    expect(needRows.map((v) => v.slice(1))).toEqual([
      ['อุปกรณ์ช่วยเหลือคนพิการ/ผู้สูงอายุ', 1, 1],
      ['อาหาร', 1, 0],
    ]);

    const en = await download(province, '/api/dashboard/export.xlsx?area=9001&lang=en');
    const enBook = new ExcelJS.Workbook();
    await enBook.xlsx.load(en.body as never);
    expect(enBook.worksheets[0]!.name).toBe('Headline counts');
    expect(String(enBook.worksheets[0]!.getCell('A1').value)).toContain('Data as of');
    expect(enBook.worksheets[0]!.getRow(2).values).toEqual([undefined, 'Measure', 'Count']);
    expect(enBook.worksheets[0]!.getCell('A3').value).toBe('Persons registered');
    expect(enBook.worksheets[0]!.getCell('B3').value).toBe(18);
  });

  it('exports one table as CSV with a byte-order mark', async () => {
    const r = await download(province, '/api/dashboard/export.csv?area=9001&table=children');
    expect(r.status).toBe(200);
    expect(r.type).toBe('text/csv; charset=utf-8');
    expect(r.disposition).toBe(`attachment; filename="dashboard-9001-children-${TODAY}.csv"`);
    expect([...r.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows: string[][] = parse(r.body.toString('utf8').slice(1));
    expect(rows[0]!.slice(0, 3)).toEqual(['รหัสพื้นที่', 'พื้นที่', 'จำนวนคนในทะเบียน']);
    const codes = rows.slice(1).map((x) => x[0]);
    expect(codes[0]).toBe('9001');
    expect(codes).toContain('900101');
    expect(rows.find((x) => x[0] === '900103')!.slice(2, 4)).toEqual(['7', '6']);
    expect(rows.find((x) => x[0] === '9001')!.at(-1)).toBe('0'); // coverage 0 of 16 due

    const ages = await download(province, '/api/dashboard/export.csv?area=900101&table=ageBands&lang=en');
    expect(parse(ages.body.toString('utf8').slice(1))).toEqual([
      ['Age band', 'Persons'],
      ['0–14', '0'],
      ['15–59', '0'],
      ['60–69', '0'],
      ['70–79', '5'],
      ['80+', '0'],
      ['Age unknown', '0'],
    ]);
    expect((await province.get('/api/dashboard/export.csv?area=9001&table=nope')).status).toBe(400);
  });

  it("prints a past month's report in Thai with that month's visits, coverage and needs", async () => {
    const r = await download(province, `/api/dashboard/report.pdf?area=9001&month=${LAST}`);
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/pdf');
    expect(r.disposition).toBe(`attachment; filename="report-9001-${LAST}.pdf"`);
    const flat = await pdfText(r.body);
    for (const expected of [
      'รายงานการดูแลกลุ่มเปราะบางประจำเดือน',
      `เดือน${formatMonth(LAST).replace(' ', '')}`, // e.g. ตุลาคม2569
      'จำนวนคนในทะเบียน18',
      'การเยี่ยมบ้าน(ครั้ง)2', // B1, B4
      'คนที่ได้รับการเยี่ยม2',
      'ถึงกำหนดเยี่ยมในเดือน18', // everyone: B1 B2 set a day in it, nobody else had a visit before it
      'ถึงกำหนดและได้รับการเยี่ยม2', // B1, B4
      'ความครอบคลุมการเยี่ยม11.1%',
      'อุปกรณ์ช่วยเหลือคนพิการ/ผู้สูงอายุ11', // B4's wheelchair, lent at the visit
      'อาหาร10', // B1 food
      'รวม21',
      'บ่อยาง(900101)522/52/100', // persons 5, visits 2, visited/due 2/5, needs found/met 2/1, referrals 0, tasks 0
    ])
      expect(flat).toContain(expected);

    // This month: due counted by the rollups (B2, B3, B5), nobody visited yet.
    const now = await download(province, `/api/dashboard/report.pdf?area=900101&month=${MONTH}`);
    const nowText = await pdfText(now.body);
    expect(nowText).toContain('ถึงกำหนดเยี่ยมในเดือน3');
    expect(nowText).toContain('การเยี่ยมบ้าน(ครั้ง)0');
    expect((await province.get(`/api/dashboard/report.pdf?area=9001&month=${addMonths(MONTH, 1)}`)).status).toBe(400);

    // The past-month rule, run on this month, agrees with the rollups' own due/visited per child area.
    const d = (await province.get<Dashboard>('/api/dashboard?area=9001')).body;
    const area = { code: '9001', level: 'district' as const, nameTh: '', nameEn: '' };
    const m = await asUser(f.database.db, { userId: '', scopes: ['90'] }, (tx) => monthFigures(tx, area, MONTH, null));
    expect([m.total.visitDue, m.total.visitDueVisited]).toEqual([d.counts.visitDue, d.counts.visitDueVisited]);
    expect(m.byChild.get('900101')).toMatchObject({ visitDue: 3, visitDueVisited: 0 });
  });

  it('publishes open data with small cells blanked, and one more where the total would give one back', async () => {
    const r = await province.get('/api/open-data/aggregates?area=9001&format=json');
    expect(r.status).toBe(200);
    expect(r.body.minCell).toBe(5);
    const row = (code: string) => r.body.rows.find((x: { code: string }) => x.code === code);
    expect(row('9001')).toMatchObject({ total: true, persons: 18, disability: 8, elderly: 8, bedridden: 0, with_gaps: 11 });
    // persons 5 / 6 / 7: nothing small, nothing blanked.
    expect([row('900101').persons, row('900102').persons, row('900103').persons]).toEqual([5, 6, 7]);
    // elderly 5 / 3 / 0 of 8: the 3 goes, and so does the 5 (8 − 5 − 0 would give it back); the 0 stays.
    expect([row('900101').elderly, row('900102').elderly, row('900103').elderly]).toEqual([null, null, 0]);
    // disability 2 / 0 / 6 of 8: the 2 goes, and the 6 with it.
    expect([row('900101').disability, row('900102').disability, row('900103').disability]).toEqual([null, 0, null]);
    // gaps 2 / 3 / 6 of 11: two small cells hide each other; the 6 stays.
    expect([row('900101').with_gaps, row('900102').with_gaps, row('900103').with_gaps]).toEqual([null, null, 6]);
    expect(row('900104')).toMatchObject({ persons: 0, disability: 0 });
    expect(JSON.stringify(r.body)).not.toContain('ส่งออก'); // no names

    const csv = await download(province, '/api/open-data/aggregates?area=9001&format=csv');
    expect([...csv.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows: string[][] = parse(csv.body.toString('utf8').slice(1));
    expect(rows[0]).toEqual([
      'area_code',
      'level',
      'area_name_th',
      'area_name_en',
      ...['persons', 'disability', 'elderly', 'bedridden', 'awaiting_rehabilitation', 'with_gaps'],
    ]);
    expect(rows.find((x) => x[0] === '900102')!.slice(4)).toEqual(['6', '0', '', '0', '0', '']);

    // A village of five: its total 5 is published, its single child row is the area itself.
    const sub = await province.get('/api/open-data/aggregates?area=900101&format=json');
    expect(sub.body.rows.map((x: { code: string; persons: number | null; disability: number | null }) => [x.code, x.persons, x.disability])).toEqual([
      ['900101', 5, null],
      ['90010101', 5, null],
    ]);
  });

  it('suppresses column by column, complementing only where the total is published', () => {
    const z = { persons: 0, disability: 0, elderly: 0, bedridden: 0, awaiting_rehabilitation: 0, with_gaps: 0 };
    const out = suppressAggregates({ ...z, persons: 12, elderly: 4 }, [
      { ...z, persons: 3, elderly: 1 },
      { ...z, persons: 4, elderly: 3 },
      { ...z, persons: 5, elderly: 0 },
    ]);
    expect(out.total).toEqual({ ...z, persons: 12, elderly: null });
    // persons: 3 and 4 blanked together; elderly: the total is blank, so no complement is needed.
    expect(out.rows.map((x) => [x.persons, x.elderly])).toEqual([
      [null, null],
      [null, null],
      [5, 0],
    ]);
  });

  it('keeps exports inside the scope, to the permitted, and audits each one', async () => {
    for (const path of [
      '/api/dashboard/export.xlsx?area=9001',
      '/api/dashboard/export.csv?area=9001&table=counts',
      `/api/dashboard/report.pdf?area=900102&month=${LAST}`,
      '/api/open-data/aggregates?area=9001',
    ]) {
      const r = await boyang.get(path);
      expect(r.status, path).toBe(403);
      expect(r.body.code).toBe('forbidden.out_of_scope');
    }
    const osm = await f.as('osm.boyang');
    expect((await osm.get('/api/dashboard/export.xlsx')).status).toBe(403);
    expect((await f.client().get('/api/open-data/aggregates?area=90')).status).toBe(401);
    expect((await boyang.download('/api/dashboard/export.xlsx')).status).toBe(200); // default: my area

    const exports = await f.database.db
      .selectFrom('audit_log')
      .select(['actor_username', 'area_code', 'subject_type', 'details'])
      .where('action', '=', 'dashboard.export')
      .orderBy('at')
      .execute();
    const details = (d: unknown) => (typeof d === 'string' ? JSON.parse(d) : d);
    expect(exports.filter((e) => e.actor_username === 'songkhla').map((e) => details(e.details).format)).toEqual(
      expect.arrayContaining(['xlsx', 'csv', 'pdf', 'json']),
    );
    expect(exports).toContainEqual(expect.objectContaining({ actor_username: 'songkhla', area_code: '9001', subject_type: 'report' }));
    expect(exports).toContainEqual(expect.objectContaining({ actor_username: 'boyang', area_code: '900101' }));
    expect(exports.some((e) => e.actor_username === 'boyang' && e.area_code !== '900101')).toBe(false);
  });

  it('serves open data without signing in only when CAREHUB_OPEN_DATA=true, and audits it as public', async () => {
    process.env.CAREHUB_OPEN_DATA = 'true';
    try {
      const r = await f.client().get('/api/open-data/aggregates?area=9001&format=json');
      expect(r.status).toBe(200);
      expect(r.body.rows[0]).toMatchObject({ code: '9001', persons: 18, elderly: 8 });
      // A signed-in user outside the area gets the same public table.
      expect((await boyang.get('/api/open-data/aggregates?area=9001&format=json')).body.rows).toEqual(r.body.rows);
    } finally {
      delete process.env.CAREHUB_OPEN_DATA;
    }
    const anon = await f.database.db
      .selectFrom('audit_log')
      .select(['actor_id', 'details'])
      .where('action', '=', 'dashboard.export')
      .where('actor_id', 'is', null)
      .execute();
    expect(anon.length).toBe(2);
  });
});
