import { randomUUID } from 'node:crypto';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import type { ApiClient } from '../../testing/server.js';

/**
 * The visits and referrals lists as XLSX/CSV (one fixture for both, to keep the file fast): each
 * export holds exactly what its list returns for the same user and filters, and is audited once.
 */
let f: Fixture;
let admin: ApiClient; // boyang: subdistrict admin of ต.บ่อยาง (รพ.สต.บ่อยาง), supervises visits
let osm: ApiClient; // osm.boyang: volunteer of ต.บ่อยาง
let swHatyai: ApiClient; // sw.hatyai: social worker of ต.หาดใหญ่ (เทศบาลนครหาดใหญ่)
let nurse: ApiClient; // nurse.hatyai: โรงพยาบาลหาดใหญ่, district 9011
let province: ApiClient; // songkhla
let boyangPersons: string[];
let hatyaiPerson: string;
let osmId: string;
const visitIds: Record<string, string[]> = { osm: [], admin: [], hatyai: [] };

const visit = (personId: string, hoursAgo: number) => ({
  id: randomUUID(),
  personId,
  visitedAt: new Date(Date.now() - hoursAgo * 3600_000).toISOString(),
  gps: null,
  present: ['self'],
  vitals: { systolic: 128, diastolic: 82 },
  needs: [{ code: 'income.no_income' }],
  help: [],
  photos: [],
  note: 'เยี่ยมตามนัด',
  nextVisitOn: new Date(Date.now() + 14 * 864e5).toISOString().slice(0, 10),
  assessmentIds: [],
});

beforeAll(async () => {
  f = await createFixture({}, 0);
  [admin, osm, swHatyai, nurse, province] = await Promise.all([f.as('boyang'), f.as('osm.boyang'), f.as('sw.hatyai'), f.as('nurse.hatyai'), f.as('songkhla')]);
  osmId = (await osm.get('/api/me')).body.id;
  boyangPersons = [];
  for (const [i, name] of ['บุญมา', 'สมจิต', 'ประไพ'].entries()) {
    const r = await admin.post('/api/persons', {
      cidMissingReason: 'unknown',
      titleTh: 'นาง',
      firstNameTh: name,
      lastNameTh: 'ส่งออกเยี่ยม',
      birthDate: String(2480 + i),
      sex: 'female',
      areaCode: '900101',
      confirmNotDuplicate: true,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    boyangPersons.push(r.body.id);
  }
  for (const personId of boyangPersons.slice(0, 2)) expect((await admin.post('/api/caseload', { personId, userId: osmId })).status).toBe(201);
  const h = await swHatyai.post('/api/persons', {
    cidMissingReason: 'unknown',
    firstNameTh: 'ประยูร',
    lastNameTh: 'เยี่ยมหาดใหญ่',
    sex: 'male',
    areaCode: '901101',
  });
  expect(h.status).toBe(201);
  hatyaiPerson = h.body.id;
  const record = async (c: ApiClient, who: string, personId: string, hoursAgo: number) => {
    const v = visit(personId, hoursAgo);
    const r = await c.post('/api/visits', v);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    visitIds[who]!.push(v.id);
  };
  await record(osm, 'osm', boyangPersons[0]!, 5);
  await record(osm, 'osm', boyangPersons[1]!, 4);
  await record(osm, 'osm', boyangPersons[0]!, 3);
  await record(admin, 'admin', boyangPersons[2]!, 2);
  await record(swHatyai, 'hatyai', hatyaiPerson, 1);
  expect((await admin.post(`/api/visits/${visitIds.osm[0]}/review`, { decision: 'approve' })).status).toBe(200);
}, 120_000);
afterAll(() => f?.close());

const qs = (q: Record<string, string>) => new URLSearchParams(q).toString();

async function csvOf(c: ApiClient, path: string) {
  const res = await c.download(path);
  expect(res.status, path).toBe(200);
  const bytes = Buffer.from(await res.arrayBuffer());
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  return { res, rows: parse(bytes.subarray(3).toString('utf8'), { columns: true }) as Array<Record<string, string>> };
}

const lastAudit = (action: string) =>
  f.database.db.selectFrom('audit_log').select(['details', 'actor_username']).where('action', '=', action).orderBy('id', 'desc').executeTakeFirstOrThrow();

describe('visits list export', () => {
  const VISIT_ID = 'รหัสการเยี่ยม';
  const listIds = async (c: ApiClient, q: Record<string, string>) => {
    const r = await c.get(`/api/visits?${qs({ ...q, limit: '500' })}`);
    expect(r.status).toBe(200);
    return (r.body as Array<{ id: string }>).map((v) => v.id);
  };

  it('holds exactly the visits the list returns, newest first, for each user and filter', async () => {
    const cases: Array<[ApiClient, Record<string, string>, string[]]> = [
      // Hand-counted from the setup: 3 by the volunteer and 1 by the admin in ต.บ่อยาง, 1 in ต.หาดใหญ่.
      [admin, {}, [visitIds.admin[0]!, visitIds.osm[2]!, visitIds.osm[1]!, visitIds.osm[0]!]],
      [admin, { status: 'approved' }, [visitIds.osm[0]!]],
      [admin, { status: 'pending', recordedBy: osmId }, [visitIds.osm[2]!, visitIds.osm[1]!]],
      [admin, { personId: boyangPersons[0]! }, [visitIds.osm[2]!, visitIds.osm[0]!]],
      [swHatyai, {}, [visitIds.hatyai[0]!]],
      [province, {}, [visitIds.hatyai[0]!, visitIds.admin[0]!, visitIds.osm[2]!, visitIds.osm[1]!, visitIds.osm[0]!]],
      [province, { area: '9011' }, [visitIds.hatyai[0]!]],
    ];
    for (const [c, q, want] of cases) {
      const { rows, res } = await csvOf(c, `/api/visits/export.csv?${qs(q)}`);
      expect(
        rows.map((r) => r[VISIT_ID]),
        JSON.stringify(q),
      ).toEqual(want);
      expect(await listIds(c, q)).toEqual(want);
      expect(res.headers.get('x-export-rows')).toBe(String(want.length));
    }
  });

  it('refuses a volunteer any list file: they read their caseload in the app, not in spreadsheets', async () => {
    for (const path of ['/api/visits/export.csv', '/api/persons/export.xlsx', '/api/referrals/export.csv?box=inbox']) {
      const r = await osm.get(path);
      expect(r.status, path).toBe(403);
      expect(r.body.code, path).toBe('forbidden');
    }
    expect((await osm.get('/api/visits')).status).toBe(200); // the list itself, their own visits
  });

  it('shows names, Thai labels and BE dates, and records one audit event with the count and persons', async () => {
    const { rows } = await csvOf(admin, '/api/visits/export.csv?status=approved');
    expect(rows[0]).toMatchObject({
      'ชื่อ-นามสกุล': 'นาง บุญมา ส่งออกเยี่ยม',
      รหัสพื้นที่: '900101',
      ผู้เยี่ยม: 'สมศรี อาสา',
      สถานะการตรวจ: 'อนุมัติแล้ว',
      ผู้ตรวจ: 'อรุณี บ่อยาง',
      ความต้องการที่พบ: 'ไม่มีรายได้',
    });
    expect(rows[0]!['วันเวลาที่เยี่ยม (พ.ศ.)']).toMatch(/25\d\d/);
    expect((await lastAudit('visits.export')).details).toMatchObject({
      format: 'csv',
      filters: { status: 'approved' },
      rows: 1,
      total: 1,
      capped: false,
      persons: [boyangPersons[0]],
    });
  });

  it('is a workbook with a title and both header rows', async () => {
    const res = await province.download('/api/visits/export.xlsx');
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(String(sheet.getCell(1, 1).value)).toContain('การเยี่ยมบ้าน');
    expect(String(sheet.getCell(1, 1).value)).toContain('5 ครั้ง');
    expect(sheet.getRow(3).values).toContain('Visit ID');
    expect(sheet.rowCount).toBe(3 + 5);
    expect((await lastAudit('visits.export')).actor_username).toBe('songkhla');
  });
});

describe('referrals list export', () => {
  const REF_ID = 'รหัสการส่งต่อ';
  let referralId: string;

  beforeAll(async () => {
    const person = boyangPersons[2]!;
    const consent = await admin.post(`/api/persons/${person}/consents`, { purpose: 'data_sharing', givenBy: 'self', method: 'written', givenAt: '2026-11-01' });
    expect(consent.status).toBe(200);
    const hospital = (await nurse.get('/api/me')).body.organisation.id;
    const sent = await admin.post('/api/referrals', { personId: person, toOrganisationId: hospital, urgency: 'urgent', reason: 'ต้องการกายภาพบำบัด' });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    referralId = sent.body.id;
  });

  it('holds exactly the referrals of the list for each box and user', async () => {
    const cases: Array<[ApiClient, string, string[]]> = [
      [admin, 'outbox', [referralId]],
      [admin, 'inbox', []],
      [nurse, 'inbox', [referralId]],
      [swHatyai, 'inbox', []],
    ];
    for (const [c, box, want] of cases) {
      const { rows } = await csvOf(c, `/api/referrals/export.csv?box=${box}`);
      expect(rows.map((r) => r[REF_ID])).toEqual(want);
      expect(((await c.get(`/api/referrals?box=${box}`)).body as Array<{ id: string }>).map((r) => r.id)).toEqual(want);
    }
    const byPerson = await csvOf(admin, `/api/referrals/export.csv?box=person&personId=${boyangPersons[2]}`);
    expect(byPerson.rows.map((r) => r[REF_ID])).toEqual([referralId]);
    expect((await admin.download('/api/referrals/export.csv?box=person')).status).toBe(400);
    // A person of another area: refused as the list refuses it.
    expect((await admin.download(`/api/referrals/export.csv?box=person&personId=${hatyaiPerson}`)).status).toBe(404);
  });

  it('shows the receiver the person while open, with Thai labels, and is audited once', async () => {
    const { rows } = await csvOf(nurse, '/api/referrals/export.csv?box=inbox');
    expect(rows[0]).toMatchObject({
      'ชื่อ-นามสกุล': 'นาง ประไพ ส่งออกเยี่ยม',
      ความเร่งด่วน: 'เร่งด่วน',
      สถานะ: 'ส่งแล้ว รอตอบรับ',
      เหตุผลการส่งต่อ: 'ต้องการกายภาพบำบัด',
      หน่วยงานผู้รับ: 'โรงพยาบาลหาดใหญ่',
    });
    expect((await lastAudit('referrals.export')).details).toMatchObject({ format: 'csv', box: 'inbox', rows: 1, total: 1, capped: false });
    const res = await nurse.download('/api/referrals/export.xlsx?box=inbox&lang=en');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    expect(sheet.name).toBe('Referrals');
    expect(sheet.getRow(2).values).toContain('Referral ID');
    expect(sheet.rowCount).toBe(2 + 1);
    expect(sheet.getCell(3, 2).value).toBe('Urgent');
  });
});
