import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import { inspectPdf, pagesWith } from '../../testing/pdf-render.js';
import type { ApiClient } from '../../testing/server.js';
import { DEFAULT_TARGET_VISITS, STIPEND_AMOUNT_BAHT } from './service.js';

/**
 * The monthly stipend over HTTP on PGlite and PostgreSQL: eligibility from approved visits of the Thai
 * calendar month on both sides of the target, the sign-off that locks the month (targets, reviews, a
 * second signature), re-opening with a reason, the payment list as XLSX and PDF, and scope.
 */
let f: Fixture;
let boyang: ApiClient; // subdistrict admin of ต.บ่อยาง: supervises
let osm: ApiClient; // volunteer of ต.บ่อยาง
let hatyai: ApiClient; // district admin of อ.หาดใหญ่: another district
let osmId: string;
const MONTH = '2026-10';
const visits: Record<string, string> = {};

const visit = (personId: string, visitedAt: string) => ({
  id: randomUUID(),
  personId,
  visitedAt,
  gps: { lat: 7.1901, lng: 100.5951 },
  present: ['self'],
  vitals: { systolic: 128, diastolic: 80, pulse: 76 },
  needs: [],
  help: [],
  photos: [],
  note: 'เยี่ยมตามนัด',
  nextVisitOn: '2026-12-20',
  assessmentIds: [],
});

const month = (m = MONTH) => boyang.get(`/api/stipends?area=900101&month=${m}`);
const rowOf = (body: { rows: Array<{ userId: string }> }) => body.rows.find((r) => r.userId === osmId) as Record<string, unknown>;
const review = (key: string, decision: 'approve' | 'return') =>
  boyang.post(`/api/visits/${visits[key]}/review`, decision === 'approve' ? { decision } : { decision, comment: 'ไม่พบหลักฐานการเยี่ยม กรุณาบันทึกใหม่' });

beforeAll(async () => {
  f = await createFixture({}, 30);
  [boyang, osm, hatyai] = await Promise.all([f.as('boyang'), f.as('osm.boyang'), f.as('hatyai')]);
  osmId = (await osm.get('/api/me')).body.id;
  const persons = await f.database.db
    .insertInto('persons')
    .values(
      Array.from({ length: 6 }, (_, i) => ({
        first_name_th: `ค่าตอบแทน${i}`,
        last_name_th: 'ทดสอบ',
        sex: 'male' as const,
        area_code: '900101',
        village_no: 2,
        cid_missing_reason: 'unknown',
      })),
    )
    .returning('id')
    .execute();
  await f.database.db
    .insertInto('caseload_assignments')
    .values(persons.map((p) => ({ person_id: p.id, user_id: osmId })))
    .execute();
  const at: Array<[string, string]> = [
    ['a', '2026-10-05T09:00:00+07:00'],
    ['b', '2026-10-12T09:00:00+07:00'],
    ['c', '2026-10-31T23:30:00+07:00'], // the last half hour of October in Thai time (16:30 UTC)
    ['d', '2026-11-01T00:10:00+07:00'], // already November in Thai time (still 31 October in UTC)
    ['e', '2026-10-20T09:00:00+07:00'],
    ['f', '2026-10-25T09:00:00+07:00'],
  ];
  for (const [i, [key, when]] of at.entries()) {
    const body = visit(persons[i]!.id, when);
    const r = await osm.post('/api/visits', body);
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    visits[key] = body.id;
  }
}, 180_000);
afterAll(() => f?.close());

describe('eligibility', () => {
  it('lists the volunteer with the default target until one is set, counting nothing unapproved', async () => {
    const r = await month();
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ amountBaht: STIPEND_AMOUNT_BAHT, defaultTarget: DEFAULT_TARGET_VISITS, signoff: null });
    expect(rowOf(r.body)).toMatchObject({ target: DEFAULT_TARGET_VISITS, targetSet: false, approved: 0, pending: 5, eligible: false, amountBaht: 0 });
  });

  it('is eligible at the target of approved visits of the Thai month, and not one visit below it', async () => {
    expect((await boyang.put('/api/stipends/targets', { areaCode: '900101', month: MONTH, userIds: [osmId], targetVisits: 3 })).status).toBe(200);
    for (const k of ['a', 'b']) expect((await review(k, 'approve')).status).toBe(200);
    expect((await review('e', 'return')).status).toBe(200);
    expect((await review('d', 'approve')).status).toBe(200); // November's: does not count for October
    const below = await month();
    expect(rowOf(below.body)).toMatchObject({ target: 3, targetSet: true, approved: 2, pending: 2, returned: 1, eligible: false, amountBaht: 0 });
    expect(below.body.totals).toMatchObject({ eligible: 0, totalBaht: 0 });

    expect((await review('c', 'approve')).status).toBe(200);
    const at = await month();
    expect(rowOf(at.body)).toMatchObject({ approved: 3, pending: 1, eligible: true, amountBaht: STIPEND_AMOUNT_BAHT, persons: 3 });
    expect(at.body.totals).toMatchObject({ eligible: 1, totalBaht: STIPEND_AMOUNT_BAHT });
    expect(rowOf((await month('2026-11')).body)).toMatchObject({ approved: 1 });
  });

  it('refuses a target out of range or for someone who is not a volunteer of the subdistrict', async () => {
    const zero = await boyang.put('/api/stipends/targets', { areaCode: '900101', month: MONTH, userIds: [osmId], targetVisits: 0 });
    expect(zero.status).toBe(400);
    const me = (await boyang.get('/api/me')).body.id;
    const notVolunteer = await boyang.put('/api/stipends/targets', { areaCode: '900101', month: MONTH, userIds: [me], targetVisits: 5 });
    expect(notVolunteer.status).toBe(400);
    expect(notVolunteer.body.details.fields[0].path).toBe('userIds');
  });
});

describe('sign-off', () => {
  it('has no payment list before the month is signed', async () => {
    const r = await boyang.get(`/api/stipends/payment-list?area=900101&month=${MONTH}&format=xlsx`);
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('stipend.not_signed');
  });

  it('signs the month once, by whom and when, and then locks its targets and its visits’ review', async () => {
    expect((await boyang.post('/api/stipends/signoff', { areaCode: '900101', month: MONTH })).status).toBe(400); // no confirmation
    const signed = await boyang.post('/api/stipends/signoff', { areaCode: '900101', month: MONTH, confirm: true });
    expect(signed.status, JSON.stringify(signed.body)).toBe(201);
    expect(signed.body).toMatchObject({ eligible: 1, totalBaht: STIPEND_AMOUNT_BAHT, pending: 1 });
    const r = await month();
    expect(r.body.signoff).toMatchObject({ signedBy: 'อรุณี บ่อยาง', eligible: 1, totalBaht: 600, reopenedAt: null });
    expect(Date.now() - Date.parse(r.body.signoff.signedAt)).toBeLessThan(60_000);
    expect(r.body.signoff.fund).toContain('ต.บ่อยาง');

    const again = await boyang.post('/api/stipends/signoff', { areaCode: '900101', month: MONTH, confirm: true });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('stipend.month_signed');
    const target = await boyang.put('/api/stipends/targets', { areaCode: '900101', month: MONTH, userIds: [osmId], targetVisits: 2 });
    expect(target.status).toBe(409);
    expect(target.body.code).toBe('stipend.month_signed');
    const late = await review('f', 'approve');
    expect(late.status).toBe(409);
    expect(late.body).toMatchObject({ code: 'stipend.month_signed', details: { visits: [visits.f] } });
    const batch = await boyang.post('/api/visits/review', { visitIds: [visits.f], decision: 'approve' });
    expect(batch.status).toBe(409);
    // The lock holds in the database too, whoever writes.
    await expect(f.database.db.updateTable('visits').set({ review_status: 'approved' }).where('id', '=', visits.f!).execute()).rejects.toThrow();
    expect((await month()).body.rows.find((x: { userId: string }) => x.userId === osmId).pending).toBe(1);
    const audits = await f.database.db.selectFrom('audit_log').select(['actor_username', 'details']).where('action', '=', 'stipend.signed').execute();
    expect(audits).toEqual([{ actor_username: 'boyang', details: { month: MONTH, eligible: 1, totalBaht: 600, volunteers: expect.any(Number), pending: 1 } }]);
  });

  it('gives the signed payment list as a workbook with Thai headers, Buddhist-era dates and the total', async () => {
    const res = await boyang.download(`/api/stipends/payment-list?area=900101&month=${MONTH}&format=xlsx`);
    expect(res.status).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(await res.arrayBuffer()) as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const cells = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(String(cells(1)[0])).toBe('บัญชีรายชื่อ อสม. ผู้มีสิทธิ์รับค่าตอบแทนการเยี่ยมบ้าน ประจำเดือนตุลาคม 2569');
    expect(String(cells(2)[0])).toMatch(/^ต\.บ่อยาง อ\.เมืองสงขลา จ\.สงขลา · กองทุนหลักประกันสุขภาพระดับท้องถิ่น ต\.บ่อยาง$/);
    expect(String(cells(3)[0])).toMatch(/^ลงนามรับรองโดย อรุณี บ่อยาง เมื่อ \d{1,2} \S+ 25\d\d \d{2}:\d{2}$/);
    expect(cells(4).slice(0, 6)).toEqual(['ลำดับ', 'ชื่อ-สกุล อสม.', 'หมู่ที่รับผิดชอบ', 'เยี่ยมบ้านที่อนุมัติ (ครั้ง)', 'เป้าหมาย (ครั้ง)', 'จำนวนเงิน (บาท)']);
    expect(cells(5)[1]).toBe('Volunteer');
    expect(cells(6).slice(0, 6)).toEqual([1, 'สมศรี อาสา', '-', 3, 3, 600]);
    expect(cells(7)[1]).toBe('รวม 1 คน');
    expect(cells(7)[5]).toBe(600);
    expect(sheet.rowCount).toBe(7);
  });

  it('gives the same list as a PDF that opens and reads back in Thai', async () => {
    const res = await boyang.download(`/api/stipends/payment-list?area=900101&month=${MONTH}&format=pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const bytes = await res.arrayBuffer();
    const doc = await getDocument({ data: new Uint8Array(bytes.slice(0)) }).promise;
    expect(doc.numPages).toBe(1);
    const text = (await (await doc.getPage(1)).getTextContent()).items.map((it) => ('str' in it ? it.str : '')).join('');
    // Sarabun draws SARA AM as two glyphs, read back as ำ + า.
    const flat = text.replace(/\s+/g, '').replaceAll('\u0e33\u0e32', '\u0e33');
    for (const expected of ['ประจำเดือนตุลาคม2569', 'สมศรีอาสา', 'รวม1คน', '600', 'ลงนามรับรองโดยอรุณีบ่อยาง', 'ลายมือชื่อผู้รับเงิน']) expect(flat).toContain(expected);
    // Looked at as a reader would: nothing outside the page, no Thai word broken across lines.
    const seen = inspectPdf(new Uint8Array(bytes));
    expect(seen.problems).toEqual([]);
    expect(pagesWith(seen, 'บัญชีรายชื่ออสม.ผู้มีสิทธิ์รับค่าตอบแทนการเยี่ยมบ้าน')).toEqual([1]);
  });

  it('re-opens only with a reason, kept and audited, and can then be corrected and signed again', async () => {
    const short = await boyang.post('/api/stipends/reopen', { areaCode: '900101', month: MONTH, reason: 'แก้' });
    expect(short.status).toBe(400);
    const reason = 'อนุมัติการเยี่ยมที่ตกหล่นของวันที่ 25 ตุลาคม';
    const reopened = await boyang.post('/api/stipends/reopen', { areaCode: '900101', month: MONTH, reason });
    expect(reopened.status, JSON.stringify(reopened.body)).toBe(200);
    expect((await boyang.post('/api/stipends/reopen', { areaCode: '900101', month: MONTH, reason })).status).toBe(409);
    const r = await month();
    expect(r.body.signoff).toBeNull();
    expect(r.body.reopened[0]).toMatchObject({ reopenedBy: 'อรุณี บ่อยาง', reopenReason: reason });
    const audit = await f.database.db.selectFrom('audit_log').select('details').where('action', '=', 'stipend.reopened').execute();
    expect(audit).toEqual([{ details: { month: MONTH, reason } }]);

    expect((await review('f', 'approve')).status).toBe(200);
    expect(rowOf((await month()).body)).toMatchObject({ approved: 4, pending: 0 });
    const resigned = await boyang.post('/api/stipends/signoff', { areaCode: '900101', month: MONTH, fund: 'กองทุนหลักประกันสุขภาพ อบต.บ่อยาง', confirm: true });
    expect(resigned.status).toBe(201);
    const now = await month();
    expect(now.body.signoff.fund).toBe('กองทุนหลักประกันสุขภาพ อบต.บ่อยาง');
    expect(rowOf(now.body)).toMatchObject({ approved: 4 });
    expect(now.body.reopened).toHaveLength(1);
  });

  it('keeps every supervisor to their own subdistrict, and volunteers out', async () => {
    for (const r of [
      await boyang.get('/api/stipends?area=901101&month=2026-10'),
      await boyang.post('/api/stipends/signoff', { areaCode: '901101', month: MONTH, confirm: true }),
      await boyang.post('/api/stipends/reopen', { areaCode: '901101', month: MONTH, reason: 'ทดสอบขอบเขตพื้นที่ของผู้ใช้' }),
      await boyang.put('/api/stipends/targets', { areaCode: '901101', month: MONTH, userIds: [osmId], targetVisits: 1 }),
      await boyang.get(`/api/stipends/payment-list?area=901101&month=${MONTH}&format=pdf`),
      await hatyai.get('/api/stipends?area=900101&month=2026-10'),
      await hatyai.get(`/api/stipends/payment-list?area=900101&month=${MONTH}&format=xlsx`),
    ]) {
      expect(r.status).toBe(403);
      expect(r.body.code).toBe('forbidden.out_of_scope');
    }
    expect((await osm.get('/api/stipends?area=900101&month=2026-10')).status).toBe(403);
    expect((await boyang.get('/api/stipends?area=9001&month=2026-10')).status).toBe(400);
  });
});
