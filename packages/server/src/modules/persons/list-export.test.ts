import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableXlsx, tableXlsxStreamed } from '../../http/tables.js';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import type { ApiClient } from '../../testing/server.js';
import { listExportLimits } from './list-export.js';

/**
 * The persons list as XLSX/CSV: exactly the persons the list shows for the same filters and user, in
 * the same order, within the same scope and sharing rules; one `persons.export` audit event.
 */
let f: Fixture;
let province: ApiClient; // songkhla: province admin, scope 90
let boyang: ApiClient; // sw.boyang: social worker, 900101
let hatyai: ApiClient; // sw.hatyai: social worker, 901101 (organisation hy_city)
let boyangPerson: string;
let hatyaiPerson: string;

const ID = 'รหัสในระบบ';
const NAME = 'ชื่อ-นามสกุล';

beforeAll(async () => {
  f = await createFixture({}, 150);
  [province, boyang, hatyai] = await Promise.all([f.as('songkhla'), f.as('sw.boyang'), f.as('sw.hatyai')]);
  const a = await boyang.post('/api/persons', {
    cid: '1-1037-02071-81-1',
    titleTh: 'นาง',
    firstNameTh: 'สมศรี',
    lastNameTh: 'ส่งออกทดสอบ',
    birthDate: '1950-03-01',
    sex: 'female',
    areaCode: '900101',
  });
  expect(a.status, JSON.stringify(a.body)).toBe(201);
  boyangPerson = a.body.id;
  const b = await hatyai.post('/api/persons', {
    cidMissingReason: 'unknown',
    firstNameTh: 'ประยูร',
    lastNameTh: 'หาดใหญ่ทดสอบ',
    sex: 'male',
    areaCode: '901101',
  });
  expect(b.status, JSON.stringify(b.body)).toBe(201);
  hatyaiPerson = b.body.id;
}, 120_000);
afterAll(() => f?.close());

const qs = (q: Record<string, string | number>) => new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)])).toString();

/** Every page of the list, in its order. */
async function listed(c: ApiClient, q: Record<string, string | number>) {
  const out: Array<{ id: string; name: string }> = [];
  for (let page = 1; ; page++) {
    const r = await c.get(`/api/persons?${qs({ ...q, page, pageSize: 200 })}`);
    expect(r.status).toBe(200);
    for (const p of r.body.items) out.push({ id: p.id, name: [p.titleTh, p.firstNameTh, p.lastNameTh].filter(Boolean).join(' ') });
    if (out.length >= r.body.total) return out;
  }
}

async function csvOf(c: ApiClient, q: Record<string, string | number>) {
  const res = await c.download(`/api/persons/export.csv?${qs(q)}`);
  expect(res.status).toBe(200);
  const bytes = Buffer.from(await res.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const rows: Array<Record<string, string>> = parse(bytes.subarray(3).toString('utf8'), { columns: true });
  return { res, rows };
}

const lastExportAudit = () =>
  f.database.db
    .selectFrom('audit_log')
    .select(['action', 'details', 'actor_username', 'area_code'])
    .where('action', '=', 'persons.export')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();

describe('persons list export', () => {
  it('holds exactly the persons the list shows, in its order, for each filter', async () => {
    const all = await listed(province, {});
    expect(all.length).toBe(152); // 150 demo persons and the two made here
    const someone = all[17]!;
    const filters: Array<Record<string, string | number>> = [
      {},
      { vulnerability: 'elderly' },
      { vulnerability: 'disability' },
      { disabilityType: 3 },
      { adlGroup: 'social' },
      { gap: 'elderly_allowance' },
      { status: 'alive' },
      { area: '9011' },
      { q: someone.name.split(' ').slice(-2).join(' ') },
      { vulnerability: 'elderly', gap: 'elderly_allowance' },
    ];
    const sizes: number[] = [];
    for (const q of filters) {
      const want = await listed(province, q);
      const { res, rows } = await csvOf(province, q);
      expect(
        rows.map((r) => r[ID]),
        JSON.stringify(q),
      ).toEqual(want.map((p) => p.id));
      expect(rows.map((r) => r[NAME])).toEqual(want.map((p) => p.name));
      expect(res.headers.get('x-export-rows')).toBe(String(want.length));
      expect(res.headers.get('x-export-capped')).toBe('false');
      sizes.push(want.length);
    }
    // The filters did filter: each a non-empty part of the whole, the name search finds the person.
    expect(sizes[0]).toBe(152);
    for (const [i, n] of sizes.entries()) if (i > 0 && i < 9) expect(n, JSON.stringify(filters[i])).toBeGreaterThan(0);
    for (const i of [1, 2, 3, 4, 5, 7, 9]) expect(sizes[i], JSON.stringify(filters[i])).toBeLessThan(152);
    expect((await csvOf(province, filters[8]!)).rows.map((r) => r[ID])).toContain(someone.id);
  });

  it('shows a row as the list does: masked ID, BE date, Thai labels', async () => {
    const { rows } = await csvOf(boyang, { q: 'สมศรี ส่งออกทดสอบ' });
    expect(rows).toHaveLength(1);
    const now = new Date(Date.now() + 7 * 3600_000);
    const age = now.getUTCFullYear() - 1950 - (now.getUTCMonth() < 2 ? 1 : 0);
    expect(rows[0]).toMatchObject({
      [NAME]: 'นาง สมศรี ส่งออกทดสอบ',
      'เลขประจำตัวประชาชน (ปิดบางส่วน)': '1-1037-xxxxx-81-1',
      เพศ: 'หญิง',
      'วันเกิด (พ.ศ.)': '1 มี.ค. 2493',
      'อายุ (ปี)': String(age),
      สถานะ: 'มีชีวิต',
      รหัสพื้นที่: '900101',
      กลุ่มเปราะบาง: 'ผู้สูงอายุ',
      [ID]: boyangPerson,
    });
    // No full national ID anywhere in the file.
    const res = await boyang.download('/api/persons/export.csv');
    expect(await res.text()).not.toContain('1103702071811');
  });

  it('keeps to the user’s scope: another subdistrict gets none of its persons', async () => {
    const mine = await csvOf(boyang, {});
    expect(mine.rows.map((r) => r[ID])).toContain(boyangPerson);
    expect(mine.rows.map((r) => r[ID])).not.toContain(hatyaiPerson);
    expect(mine.rows.every((r) => r['รหัสพื้นที่']!.startsWith('900101'))).toBe(true);
    expect(mine.rows.map((r) => r[ID])).toEqual((await listed(boyang, {})).map((p) => p.id));
    const theirs = await csvOf(hatyai, {});
    expect(theirs.rows.map((r) => r[ID])).toContain(hatyaiPerson);
    expect(theirs.rows.map((r) => r[ID])).not.toContain(boyangPerson);
    expect(theirs.rows.every((r) => r['รหัสพื้นที่']!.startsWith('901101'))).toBe(true);
    const outside = await boyang.download('/api/persons/export.xlsx?area=901101');
    expect(outside.status).toBe(403);
    expect((await outside.json()).code).toBe('forbidden.out_of_scope');
  });

  it('includes a shared person only while the data-sharing consent stands, as the list does', async () => {
    const org = (await hatyai.get('/api/me')).body.organisation.id;
    const consent = await boyang.post(`/api/persons/${boyangPerson}/consents`, {
      purpose: 'data_sharing',
      givenBy: 'self',
      method: 'written',
      givenAt: '2026-01-05',
    });
    expect(consent.status, JSON.stringify(consent.body)).toBe(200);
    const share = await boyang.post(`/api/persons/${boyangPerson}/shares`, { organisationId: org });
    expect(share.status, JSON.stringify(share.body)).toBeLessThan(300);
    const shared = await csvOf(hatyai, {});
    expect(shared.rows.map((r) => r[ID])).toContain(boyangPerson);
    expect(shared.rows.map((r) => r[ID])).toEqual((await listed(hatyai, {})).map((p) => p.id));
    const consentId = consent.body.consents.find((c: { purpose: string }) => c.purpose === 'data_sharing').id;
    const withdrawn = await boyang.post(`/api/persons/${boyangPerson}/consents/${consentId}/withdraw`, {});
    expect(withdrawn.status, JSON.stringify(withdrawn.body)).toBe(200);
    const after = await csvOf(hatyai, {});
    expect(after.rows.map((r) => r[ID])).not.toContain(boyangPerson);
    expect(after.rows.map((r) => r[ID])).toEqual((await listed(hatyai, {})).map((p) => p.id));
  });

  it('records one audit event with the filters and the count, never the search text', async () => {
    const before = await f.database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const { rows } = await csvOf(province, { vulnerability: 'elderly', q: 'สมศรี' });
    const after = await f.database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n) - Number(before.n)).toBe(1);
    const a = await lastExportAudit();
    expect(a.actor_username).toBe('songkhla');
    expect(a.area_code).toBe('90');
    expect(a.details).toMatchObject({ format: 'csv', by: 'name', filters: { vulnerability: 'elderly' }, rows: rows.length, total: rows.length, capped: false });
    expect(JSON.stringify(a.details)).not.toContain('สมศรี');
  });

  it('is a workbook with a title line, Thai and English headers, and every row', async () => {
    const want = await listed(province, { vulnerability: 'disability' });
    const res = await province.download('/api/persons/export.xlsx?vulnerability=disability');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="persons-my-areas-\d{4}-\d{2}-\d{2}\.xlsx"$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.name).toBe('ทะเบียนบุคคล');
    expect(String(sheet.getCell(1, 1).value)).toContain('ทะเบียนบุคคล');
    expect(String(sheet.getCell(1, 1).value)).toContain(`${want.length} คน`);
    expect(sheet.getRow(2).values).toContain('เลขประจำตัวประชาชน (ปิดบางส่วน)');
    expect(sheet.getRow(3).values).toContain('National ID (masked)');
    expect(sheet.rowCount).toBe(3 + want.length);
    const ids = Array.from({ length: want.length }, (_, i) => sheet.getCell(4 + i, 13).value);
    expect(ids).toEqual(want.map((p) => p.id));
    expect(sheet.getCell(4, 9).value).toContain('คนพิการ');
    const en = await csvOf(province, { lang: 'en', vulnerability: 'disability' });
    expect(Object.keys(en.rows[0]!)).toEqual(expect.arrayContaining(['Name', 'National ID (masked)', 'CareHub ID']));
    expect(en.rows[0]!.Vulnerability).toContain('Disability');
  });

  it('says so in the file, the headers and the audit when the cap cuts it', async () => {
    listExportLimits.maxRows = 5;
    try {
      const res = await province.download('/api/persons/export.xlsx?status=alive');
      expect(res.status).toBe(200);
      const total = Number(res.headers.get('x-export-total'));
      expect(total).toBeGreaterThan(5);
      expect(res.headers.get('x-export-rows')).toBe('5');
      expect(res.headers.get('x-export-capped')).toBe('true');
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
      const sheet = book.worksheets[0]!;
      expect(sheet.rowCount).toBe(3 + 5);
      expect(String(sheet.getCell(1, 1).value)).toContain(`มีเพียง 5 คนแรกจากทั้งหมด ${total} คน`);
      expect((await lastExportAudit()).details).toMatchObject({ format: 'xlsx', rows: 5, total, capped: true });
      const { rows } = await csvOf(province, { status: 'alive' });
      expect(rows.map((r) => r[ID])).toEqual((await listed(province, { status: 'alive' })).slice(0, 5).map((p) => p.id));
    } finally {
      listExportLimits.maxRows = 50_000;
    }
  });

  it('writes a large list row by row into the same layout as the in-memory workbook', async () => {
    const file = {
      filename: 'x',
      title: 'ทะเบียนบุคคล · 3 คน',
      sheets: [
        {
          name: 'ทะเบียน[บุคคล]',
          columns: [
            { key: 'name', th: 'ชื่อ', en: 'Name', format: 'text' as const },
            { key: 'age', th: 'อายุ', en: 'Age', format: 'int' as const },
          ],
          rows: [
            { name: 'นาง ก', age: 1234 },
            { name: '=1+1', age: null },
            { name: 'นาย ข', age: 70 },
          ],
        },
      ],
    };
    const read = async (buf: Buffer) => {
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(buf as unknown as ArrayBuffer);
      const sheet = book.worksheets[0]!;
      const cells = Array.from({ length: sheet.rowCount }, (_, r) => [sheet.getCell(r + 1, 1).value, sheet.getCell(r + 1, 2).value]);
      return {
        name: sheet.name,
        cells,
        frozen: sheet.views[0],
        fmt: [sheet.getCell(4, 1).numFmt, sheet.getCell(4, 2).numFmt],
        bold: sheet.getCell(2, 1).font?.bold,
      };
    };
    const streamed = await read(await tableXlsxStreamed(file));
    expect(streamed).toEqual(await read(await tableXlsx(file)));
    expect(streamed).toMatchObject({
      name: 'ทะเบียน บุคคล ',
      cells: [
        ['ทะเบียนบุคคล · 3 คน', null],
        ['ชื่อ', 'อายุ'],
        ['Name', 'Age'],
        ['นาง ก', 1234],
        ['=1+1', null],
        ['นาย ข', 70],
      ],
      frozen: { state: 'frozen', ySplit: 3 },
      fmt: ['@', '#,##0'],
      bold: true,
    });
  });
});
