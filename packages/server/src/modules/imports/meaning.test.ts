import { cidCheckDigit } from '@carehub/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import { saveDemoSources } from '../../testing/import-sources.js';
import type { ApiClient } from '../../testing/server.js';
import { runImport } from './service.js';

/**
 * Issue 19, items 2 and 3: every column meant. Disability types written in words are read (never
 * dropped silently); values nobody knows are warned on their row and listed in the preview; a source's
 * value map says what the agency's own words mean; an old subdistrict code is read as today's area
 * with a warning naming both, and an unknown one is refused with a clear reason.
 */
const cid = (first12: string) => `${first12}${cidCheckDigit(first12)}`;
const HEADER = 'ลำดับ,ชื่อ-สกุล,เลขประจำตัวประชาชน,วันเกิด,ที่อยู่,ประเภทความพิการ';
const row = (key: string, name: string, id: string, type: string, place = '"ต.บ่อยาง อ.เมืองสงขลา จ.สงขลา"') =>
  `${key},${name},${cid(id)},5/3/2490,${place},${type}`;
const csv = (lines: string[]) => new TextEncoder().encode(`${[HEADER, ...lines].join('\r\n')}\r\n`);

let f: Fixture;
let pmj: ApiClient;
let songkhla: ApiClient;

const post = (c: ApiClient, path: string, data: Uint8Array) =>
  fetch(`${c.base}${path}`, { method: 'POST', headers: { cookie: c.cookie, 'content-type': 'application/octet-stream' }, body: data }).then(async (r) => ({
    status: r.status,
    body: await r.json(),
  }));
const personsByKey = async (batch: string) =>
  Object.fromEntries(
    (
      await f.database.db
        .selectFrom('source_records as r')
        .leftJoin('persons as p', 'p.id', 'r.person_id')
        .select(['r.record_key', 'r.status', 'r.reasons', 'r.area_code', 'p.disability_types'])
        .where('r.batch_id', '=', batch)
        .execute()
    ).map((r) => [r.record_key, r]),
  );

beforeAll(async () => {
  f = await createFixture({}, 0);
  [pmj, songkhla] = await Promise.all([f.as('steward.pmj'), f.as('songkhla')]);
  await saveDemoSources(f);
});
afterAll(() => f?.close());

describe('disability types and other values in the agency’s words', () => {
  const file = csv([
    row('W1', 'นางสมศรี ใจดี', '310060011111', 'ทางการเห็น'),
    row('W2', 'นายมานะ ดีใจ', '310060022222', '"ตาบอด, ทางการเคลื่อนไหวหรือทางร่างกาย"'),
    row('W3', 'นางมาลี สุขใจ', '310060033333', 'Autism'),
    row('W4', 'นายปิติ ชูใจ', '310060044444', 'พิการซ้ำซ้อน'),
    row('W5', 'นายวีระ กล้าหาญ', '310060055555', '๕'),
  ]);

  it('lists each column’s values in the preview, and the values the product reads by itself', async () => {
    const p = await post(pmj, '/api/imports/preview?fileName=words.csv', file);
    expect(p.status, JSON.stringify(p.body)).toBe(200);
    expect(p.body.encoding).toBe('utf-8');
    expect(p.body.values['ประเภทความพิการ']).toEqual(['Autism', 'พิการซ้ำซ้อน', 'ตาบอด, ทางการเคลื่อนไหวหรือทางร่างกาย', 'ทางการเห็น', '๕'].sort());
  });

  it('stores the types written in words, and keeps a row whose value is unknown with a warning instead of dropping it silently', async () => {
    const r = await post(pmj, '/api/imports?source=pmj_disability&fileName=words.csv', file);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ total: 5, accepted: 5, rejected: 0, warned: 1 });
    const warned = await pmj.get(`/api/imports/${r.body.id}/rejections?format=json&rows=warned`);
    expect(warned.body.map((w: { recordKey: string }) => w.recordKey)).toEqual(['W4']);
    const rows = await personsByKey(r.body.id);
    expect(rows.W1?.disability_types).toEqual([1]);
    expect(rows.W2?.disability_types).toEqual([1, 3]);
    expect(rows.W3?.disability_types).toEqual([7]);
    expect(rows.W5?.disability_types).toEqual([5]);
    expect(rows.W4?.disability_types ?? []).toEqual([]);
    expect(rows.W4?.reasons).toEqual([expect.objectContaining({ path: 'disabilityTypes', message_en: expect.stringContaining('"พิการซ้ำซ้อน"') })]);
    expect(rows.W1?.reasons).toEqual([]);
  });

  it('reads a value through the source’s value map once the steward says what it means, and refuses a code that is not one', async () => {
    const source = (await pmj.get('/api/import-sources')).body.find((s: { code: string }) => s.code === 'pmj_disability');
    const bad = await songkhla.put('/api/import-sources/pmj_disability', {
      code: source.code,
      name: source.name,
      organisationId: source.organisationId,
      mapping: { ...source.mapping, values: { disabilityTypes: { พิการซ้ำซ้อน: '9' } } },
    });
    expect(bad.status).toBe(400);
    const saved = await songkhla.put('/api/import-sources/pmj_disability', {
      code: source.code,
      name: source.name,
      organisationId: source.organisationId,
      mapping: { ...source.mapping, values: { disabilityTypes: { พิการซ้ำซ้อน: '3' } } },
    });
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    const again = await post(pmj, '/api/imports?source=pmj_disability&fileName=words-2.csv', csv([row('W4', 'นายปิติ ชูใจ', '310060044444', 'พิการซ้ำซ้อน ')]));
    expect(again.body).toMatchObject({ accepted: 1, rejected: 0 });
    const rows = await personsByKey(again.body.id);
    // The same person, linked by ID: the registry keeps its record, and the agency's value is its provenance.
    expect(rows.W4?.status).toBe('linked');
    expect(rows.W4?.reasons).toEqual([]);
    const said = await f.database.db
      .selectFrom('field_provenance')
      .select('value')
      .where('field', '=', 'disabilityTypes')
      .where('source_ref', 'like', `import:${again.body.id}:%`)
      .execute();
    expect(said.map((p) => p.value)).toEqual([[3]]);
  });
});

describe('historical subdistrict codes', () => {
  it('knows the superseded codes the geography packages list, with their successors', async () => {
    const row = await f.database.db.selectFrom('area_successors').selectAll().where('old_code', '=', '300602').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ old_name_th: 'ท่าช้าง', new_code: '303202', source: 'geography' });
  });

  it('lets an administrator add a former code in their area (not a live code, not outside their scope), audited', async () => {
    const live = await songkhla.post('/api/areas/successors', { oldCode: '900101', oldNameTh: 'บ่อยาง', newCode: '901502' });
    expect(live.status).toBe(400);
    const outside = await songkhla.post('/api/areas/successors', { oldCode: '100199', oldNameTh: 'ทดสอบ', newCode: '100101' });
    expect(outside.status).toBe(403);
    const volunteer = await (await f.as('osm.boyang')).post('/api/areas/successors', { oldCode: '900108', oldNameTh: 'สทิงหม้อ', newCode: '901502' });
    expect(volunteer.status).toBe(403);
    const ok = await songkhla.post('/api/areas/successors', { oldCode: '900108', oldNameTh: 'สทิงหม้อ', newCode: '901502', note: 'อ.สิงหนคร แยกจาก อ.เมืองสงขลา' });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({ oldCode: '900108', newCode: '901502', newNameTh: 'สทิงหม้อ', source: 'admin' });
    const audit = await f.database.db.selectFrom('audit_log').select(['action', 'area_code']).where('action', '=', 'area_successor.create').execute();
    expect(audit).toEqual([{ action: 'area_successor.create', area_code: '901502' }]);
  });

  it('reads an old code as today’s area with a warning naming both, and refuses an unknown one with a clear reason', async () => {
    const file = new TextEncoder().encode(
      ['PID,FNAME,LNAME,SEX,DOB,TAMBON', `${cid('390060066666')},สมใจ,ริมทะเล,2,2490,900108`, `${cid('390060077777')},สมปอง,ไม่มีที่,1,2490,909999`].join('\n'),
    );
    const r = await runImport(f.database.db, { kind: 'operator' }, { source: 'nhso_ltc', fileName: 'old-codes.csv', data: file });
    expect(r).toMatchObject({ total: 2, accepted: 1, rejected: 1 });
    const rows = await f.database.db
      .selectFrom('source_records')
      .select(['row_number', 'status', 'area_code', 'reasons'])
      .where('batch_id', '=', r.id)
      .orderBy('row_number')
      .execute();
    expect(rows[0]).toMatchObject({
      area_code: '901502',
      reasons: [expect.objectContaining({ path: 'areaCode', message_en: expect.stringMatching(/900108.*901502/) })],
    });
    expect(rows[1]).toMatchObject({
      status: 'rejected',
      reasons: [expect.objectContaining({ path: 'areaCode', message_th: expect.stringContaining('909999') })],
    });
  });
});
