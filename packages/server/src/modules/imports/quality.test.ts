import { cidCheckDigit } from '@carehub/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import { saveDemoSources } from '../../testing/import-sources.js';
import type { ApiClient } from '../../testing/server.js';

/**
 * Issue 19, item 8: the stewards' data-quality page. Per source and area: completeness of the persons
 * the source's rows are linked to (valid national ID, birth date to the day, address to the village),
 * warned values (invalid IDs, old area codes, unknown values, placeholder birth dates), rejected rows,
 * duplicates waiting for review, persons known to this source only, and each batch. Counts only.
 */
const cid = (first12: string) => `${first12}${cidCheckDigit(first12)}`;
const MANA = cid('310060054321');
const SOMSRI = cid('310060012345');
/** สมศรี's ID with its 3rd digit mistyped: the checksum still passes, so the row goes to review. */
const SOMSRI_SLIP = `${SOMSRI.slice(0, 2)}${(Number(SOMSRI[2]) + 5) % 10}${SOMSRI.slice(3)}`;
const WIRA = cid('310060098765');
const PITI = cid('310060011223');
const SOMJAI = cid('390060066666');
const CHUJAI = cid('310060044556');
const PRAPAI_VALID = cid('310060077777');
/** A check digit that fails: kept with a warning, the person registered without an ID. */
const PRAPAI_BAD = `${PRAPAI_VALID.slice(0, 12)}${(Number(PRAPAI_VALID[12]) + 1) % 10}`;

const PMJ_HEADER = 'ลำดับ,ชื่อ-สกุล,เลขประจำตัวประชาชน,วันเกิด,ที่อยู่,ประเภทความพิการ';

let f: Fixture;
let pmj: ApiClient;

const upload = (c: ApiClient, source: string, fileName: string, lines: string[]) =>
  fetch(`${c.base}/api/imports?source=${source}&fileName=${encodeURIComponent(fileName)}`, {
    method: 'POST',
    headers: { cookie: c.cookie, 'content-type': 'application/octet-stream' },
    body: new TextEncoder().encode(`${lines.join('\r\n')}\r\n`),
  }).then(async (r) => ({ status: r.status, body: await r.json() }));

type SourceQuality = {
  code: string;
  rows: number;
  statuses: Record<string, number>;
  persons: number;
  completeness: Record<'validId' | 'birthDay' | 'village', { count: number; percent: number | null }>;
  invalidId: { count: number; percent: number | null };
  staleArea: { count: number; percent: number | null };
  unknownValue: { count: number; percent: number | null };
  placeholderBirthDate: { count: number; percent: number | null };
  warned: { count: number; percent: number | null };
  rejected: { count: number; percent: number | null };
  duplicatesWaiting: number;
  onlyThisSource: { count: number; percent: number | null };
  trend: Array<Record<string, unknown>>;
};
const qualityOf = async (c: ApiClient, query: string) => {
  const r = await c.get(`/api/imports/quality${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { area: string | null; sources: SourceQuality[] };
};
const share = (count: number, percent: number | null) => ({ count, percent });

beforeAll(async () => {
  f = await createFixture({}, 0);
  const [nhso, songkhla] = await Promise.all([f.as('steward.nhso'), f.as('songkhla')]);
  pmj = await f.as('steward.pmj');
  await saveDemoSources(f);
  // An old subdistrict code (สทิงหม้อ before อ.สิงหนคร was split from อ.เมืองสงขลา) read as today's.
  const successor = await songkhla.post('/api/areas/successors', { oldCode: '900108', oldNameTh: 'สทิงหม้อ', newCode: '901502' });
  expect(successor.status, JSON.stringify(successor.body)).toBe(201);

  const a = await upload(pmj, 'pmj_disability', 'คนพิการ.csv', [
    PMJ_HEADER,
    // Complete: a valid ID, a birth date to the day, a village.
    `Q1,นายมานะ ดีใจ,${MANA},5/3/2495,"4 ม.1 ต.บ่อยาง อ.เมืองสงขลา จ.สงขลา",1`,
    // An ID failing its checksum: kept with a 'cid' warning, registered without an ID.
    `Q2,นางประไพ ทองคำ,${PRAPAI_BAD},20/8/2500,"9 ม.2 ต.บ่อยาง อ.เมืองสงขลา จ.สงขลา",3`,
    // No village, and a disability type nobody knows.
    `Q3,นางสมศรี ใจดี,${SOMSRI},3/5/2490,"ต.บ่อยาง อ.เมืองสงขลา จ.สงขลา",พิการซ้ำซ้อน`,
    // In Hat Yai, born "1 January": the year of birth only.
    `Q4,นายวีระ กล้าหาญ,${WIRA},1/1/2480,"7 ม.5 ต.หาดใหญ่ อ.หาดใหญ่ จ.สงขลา",1`,
    // An area that does not exist: rejected before it is placed.
    `Q5,นายปิติ ชูใจ,${PITI},5/3/2490,"ต.ไม่มีจริง อ.ไม่มีจริง จ.สงขลา",1`,
  ]);
  expect(a.status, JSON.stringify(a.body)).toBe(200);
  expect(a.body).toMatchObject({ total: 5, accepted: 4, rejected: 1, created: 4, warned: 3 });

  const b = await upload(nhso, 'nhso_ltc', 'ltc.csv', [
    'PID,FNAME,LNAME,SEX,DOB,TAMBON',
    // มานะ again: linked, so he is no longer known to พมจ. only.
    `${MANA},มานะ,ดีใจ,1,5 มี.ค. 2495,900101`,
    // สมศรี with one digit mistyped: a duplicate waiting for review.
    `${SOMSRI_SLIP},สมศรี,ใจดี,2,3 พ.ค. 2490,900101`,
    // An old area code: taken as 901502 with a warning.
    `${SOMJAI},สมใจ,ริมทะเล,2,5 มี.ค. 2490,900108`,
  ]);
  expect(b.status, JSON.stringify(b.body)).toBe(200);
  expect(b.body).toMatchObject({ total: 3, accepted: 3, rejected: 0, linked: 1, created: 1, review: 1, warned: 1 });
});
afterAll(() => f?.close());

describe('GET /api/imports/quality', () => {
  it('counts each source in all of my areas: completeness of its linked persons, warned and rejected rows, duplicates, persons known to it only', async () => {
    const q = await qualityOf(pmj, '');
    expect(q.area).toBeNull();
    expect(q.sources.map((s) => s.code)).toEqual(['nhso_ltc', 'pmj_disability', 'ssj_elderly']);
    const [nhso, pmjSource, ssj] = q.sources as [SourceQuality, SourceQuality, SourceQuality];
    expect(pmjSource).toMatchObject({
      rows: 5,
      statuses: { linked: 0, new: 4, review: 0, rejected: 1, pending: 0 },
      persons: 4,
      // Of the 4 persons: ประไพ has no valid ID, วีระ's birth date is a year, สมศรี has no village.
      completeness: { validId: share(3, 75), birthDay: share(3, 75), village: share(3, 75) },
      // Of the 5 rows.
      invalidId: share(1, 20),
      staleArea: share(0, 0),
      unknownValue: share(1, 20),
      placeholderBirthDate: share(1, 20),
      warned: share(3, 60),
      rejected: share(1, 20),
      duplicatesWaiting: 0,
      // มานะ is known to สปสช. as well.
      onlyThisSource: share(3, 75),
    });
    expect(nhso).toMatchObject({
      rows: 3,
      statuses: { linked: 1, new: 1, review: 1, rejected: 0, pending: 0 },
      persons: 2,
      completeness: { validId: share(2, 100), birthDay: share(2, 100), village: share(1, 50) },
      invalidId: share(0, 0),
      staleArea: share(1, 33.3),
      unknownValue: share(0, 0),
      warned: share(1, 33.3),
      rejected: share(0, 0),
      duplicatesWaiting: 1,
      onlyThisSource: share(1, 50),
    });
    // A source with nothing imported yet: zeros, and no share of nothing.
    expect(ssj).toMatchObject({ rows: 0, persons: 0, completeness: { validId: share(0, null) }, warned: share(0, null), trend: [] });
    expect(pmjSource.trend).toEqual([{ startedAt: expect.any(String), status: 'done', total: 5, accepted: 4, rejected: 1, warned: 3, review: 0 }]);
    expect(nhso.trend).toEqual([{ startedAt: expect.any(String), status: 'done', total: 3, accepted: 3, rejected: 0, warned: 1, review: 1 }]);
  });

  it('never names anyone or gives an ID, and audits the read', async () => {
    const r = await pmj.get('/api/imports/quality?source=pmj_disability');
    const text = JSON.stringify(r.body);
    for (const secret of [MANA, SOMSRI, PRAPAI_BAD, WIRA, 'มานะ', 'ใจดี', 'Q1']) expect(text).not.toContain(secret);
    const audits = await f.database.db.selectFrom('audit_log').select(['action', 'actor_username', 'details']).where('action', '=', 'import.quality').execute();
    expect(audits.length).toBeGreaterThanOrEqual(2);
    expect(audits.at(-1)).toMatchObject({ actor_username: 'steward.pmj', details: { source: 'pmj_disability' } });
  });

  it('narrows to one source and one area: a district, a subdistrict (rows never placed count in province views only)', async () => {
    const hatyai = await qualityOf(pmj, '?source=pmj_disability&area=9011');
    expect(hatyai.area).toBe('9011');
    expect(hatyai.sources).toHaveLength(1);
    expect(hatyai.sources[0]).toMatchObject({
      code: 'pmj_disability',
      rows: 1,
      persons: 1,
      completeness: { validId: share(1, 100), birthDay: share(0, 0), village: share(1, 100) },
      placeholderBirthDate: share(1, 100),
      rejected: share(0, 0),
      onlyThisSource: share(1, 100),
    });
    const boyang = await qualityOf(pmj, '?source=pmj_disability&area=900101');
    expect(boyang.sources[0]).toMatchObject({
      rows: 3,
      persons: 3,
      completeness: { validId: share(2, 66.7), birthDay: share(3, 100), village: share(2, 66.7) },
      invalidId: share(1, 33.3),
      unknownValue: share(1, 33.3),
      warned: share(2, 66.7),
      rejected: share(0, 0),
      onlyThisSource: share(2, 66.7),
    });
    // The old code's row was placed in today's area.
    const singhanakhon = await qualityOf(pmj, '?source=nhso_ltc&area=901502');
    expect(singhanakhon.sources[0]).toMatchObject({ rows: 1, persons: 1, staleArea: share(1, 100), duplicatesWaiting: 0 });
  });

  it('adds each import to the trend, oldest first', async () => {
    const c = await upload(pmj, 'pmj_disability', 'คนพิการ-2.csv', [PMJ_HEADER, `Q6,นายชูใจ รักดี,${CHUJAI},7/7/2491,"3 ม.4 ต.บ่อยาง อ.เมืองสงขลา จ.สงขลา",2`]);
    expect(c.status, JSON.stringify(c.body)).toBe(200);
    const q = await qualityOf(pmj, '?source=pmj_disability');
    const s = q.sources[0] as SourceQuality;
    expect(s.trend.map((t) => [t.total, t.accepted, t.rejected, t.warned])).toEqual([
      [5, 4, 1, 3],
      [1, 1, 0, 0],
    ]);
    expect(Date.parse(s.trend[0]?.startedAt as string)).toBeLessThan(Date.parse(s.trend[1]?.startedAt as string));
    expect(s).toMatchObject({ rows: 6, persons: 5, completeness: { validId: share(4, 80), birthDay: share(4, 80), village: share(4, 80) } });
  });

  it('answers within my areas only: another area is refused, a district admin sees their district', async () => {
    expect((await pmj.get('/api/imports/quality?area=10')).status).toBe(403);
    const hatyaiAdmin = await f.as('hatyai');
    expect((await hatyaiAdmin.get('/api/imports/quality?area=9001')).status).toBe(403);
    const own = await qualityOf(hatyaiAdmin, '?source=pmj_disability');
    expect(own.sources[0]).toMatchObject({ rows: 1, persons: 1, rejected: share(0, 0) });
  });

  it('refuses volunteers, a malformed area and an unknown source', async () => {
    const volunteer = await f.as('osm.boyang');
    expect((await volunteer.get('/api/imports/quality')).status).toBe(403);
    expect((await volunteer.get('/api/imports/quality?area=900101')).status).toBe(403);
    expect((await pmj.get('/api/imports/quality?area=90x')).status).toBe(400);
    expect((await pmj.get('/api/imports/quality?area=901')).status).toBe(400);
    expect((await pmj.get('/api/imports/quality?source=nope')).status).toBe(404);
  });
});
