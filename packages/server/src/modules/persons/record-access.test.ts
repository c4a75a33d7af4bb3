import { cidCheckDigit } from '@carehub/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import type { ApiClient } from '../../testing/server.js';

/**
 * Issue 18 item 9: check-duplicates told any volunteer whether a national ID exists anywhere in the
 * country (and described persons of their area outside their caseload); volunteers could download a
 * whole record as JSON or PDF. Both failed on the code before this change: a volunteer's check of an
 * ID in another district came back as a candidate with a similarity score and no `existsElsewhere`,
 * one in their own subdistrict but outside their caseload with the name and area, and the export
 * answered 200.
 */
let f: Fixture;
let osm: ApiClient; // volunteer of ต.บ่อยาง
let boyang: ApiClient; // subdistrict admin of ต.บ่อยาง
let hatyai: ApiClient; // district admin of อ.หาดใหญ่
let osmId: string;

const cid = (first12: string) => `${first12}${cidCheckDigit(first12)}`;
const CID = { far: cid('390010000001'), area: cid('390010000002'), mine: cid('390010000003') };

async function register(admin: ApiClient, over: Record<string, unknown>): Promise<string> {
  const r = await admin.post('/api/persons', {
    titleTh: 'นาง',
    birthDate: '2490',
    sex: 'female',
    confirmNotDuplicate: true,
    ...over,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}

let ids: { far: string; area: string; mine: string };

beforeAll(async () => {
  f = await createFixture({}, 0);
  [osm, boyang, hatyai] = await Promise.all([f.as('osm.boyang'), f.as('boyang'), f.as('hatyai')]);
  osmId = (await osm.get('/api/me')).body.id;
  ids = {
    // In อ.หาดใหญ่ but another subdistrict (คอหงส์, 901104... any outside 900101): outside the volunteer's areas.
    far: await register(hatyai, { cid: CID.far, firstNameTh: 'ไกลบ้าน', lastNameTh: 'ต่างตำบล', areaCode: '901101' }),
    // In ต.บ่อยาง, not on the volunteer's caseload.
    area: await register(boyang, { cid: CID.area, firstNameTh: 'ในตำบล', lastNameTh: 'ไม่ได้ดูแล', areaCode: '900101' }),
    // In ต.บ่อยาง, on the volunteer's caseload.
    mine: await register(boyang, { cid: CID.mine, firstNameTh: 'ในความดูแล', lastNameTh: 'ของอาสา', areaCode: '900101' }),
  };
  expect((await boyang.post('/api/caseload', { personId: ids.mine, userId: osmId })).status).toBe(201);
}, 300_000);
afterAll(() => f?.close());

const check = (c: ApiClient, body: Record<string, unknown>) => c.post('/api/persons/check-duplicates', body);
const ELSEWHERE = {
  id: null,
  existsElsewhere: true,
  name: null,
  birthDate: null,
  areaName: null,
  score: null,
  message_th: 'มีบุคคลนี้ในพื้นที่อื่น ติดต่อหน่วยงานเจ้าของข้อมูล',
  message_en: 'This person exists elsewhere — ask the owning organisation',
};

describe('check-duplicates answers only within the caller’s scope', () => {
  it('tells a volunteer only that a national ID of another area exists elsewhere: no id, name, area or score', async () => {
    const r = await check(osm, { cid: CID.far, firstNameTh: 'สมมุติ', lastNameTh: 'ทดสอบ' });
    expect(r.status).toBe(200);
    expect(r.body).toEqual([{ ...ELSEWHERE, reason: 'same_cid' }]);
    expect(JSON.stringify(r.body)).not.toMatch(/ไกลบ้าน|ต่างตำบล|หาดใหญ่|901101/);
  });

  it('treats a person of the volunteer’s own subdistrict outside their caseload as elsewhere too', async () => {
    const r = await check(osm, { cid: CID.area, firstNameTh: 'สมมุติ', lastNameTh: 'ทดสอบ' });
    expect(r.body).toEqual([{ ...ELSEWHERE, reason: 'same_cid' }]);
    expect(JSON.stringify(r.body)).not.toContain(ids.area);
    // By name the same: a similar name in the area but off the caseload is not described.
    const byName = await check(osm, { firstNameTh: 'ในตำบล', lastNameTh: 'ไม่ได้ดูแล', birthDate: '2490' });
    expect(byName.body).toEqual([{ ...ELSEWHERE, reason: 'similar_name_and_birth' }]);
  });

  it('describes a person the caller may read: the volunteer’s own caseload, the area for its staff', async () => {
    const mine = await check(osm, { cid: CID.mine, firstNameTh: 'สมมุติ', lastNameTh: 'ทดสอบ' });
    expect(mine.body).toEqual([expect.objectContaining({ id: ids.mine, reason: 'same_cid', existsElsewhere: false, name: 'นางในความดูแล ของอาสา' })]);
    const staff = await check(boyang, { cid: CID.area, firstNameTh: 'สมมุติ', lastNameTh: 'ทดสอบ' });
    expect(staff.body).toEqual([expect.objectContaining({ id: ids.area, existsElsewhere: false, areaName: expect.any(String) })]);
    // The subdistrict admin does not see อ.หาดใหญ่'s person either.
    expect((await check(boyang, { cid: CID.far, firstNameTh: 'สมมุติ', lastNameTh: 'ทดสอบ' })).body).toEqual([{ ...ELSEWHERE, reason: 'same_cid' }]);
  });

  it('folds several matches elsewhere into one entry, so not even their number is told', async () => {
    await register(hatyai, { cidMissingReason: 'unknown', firstNameTh: 'ในตำบล', lastNameTh: 'ไม่ได้ดูแล', areaCode: '901101' });
    const r = await check(osm, { cid: CID.far, firstNameTh: 'ในตำบล', lastNameTh: 'ไม่ได้ดูแล', birthDate: '2490' });
    expect(r.body).toEqual([{ ...ELSEWHERE, reason: 'same_cid' }]);
  });

  it('a registration refused for an ID registered elsewhere says so, with nothing about the match', async () => {
    const r = await boyang.post('/api/persons', {
      cid: CID.far,
      firstNameTh: 'ซ้ำ',
      lastNameTh: 'เลขบัตร',
      sex: 'male',
      areaCode: '900101',
    });
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ code: 'conflict.duplicate', details: { candidates: [{ ...ELSEWHERE, reason: 'same_cid' }] } });
  });
});

describe('the whole record as a file', () => {
  it('is refused to a volunteer, even for a person on their caseload, and given to area staff', async () => {
    for (const format of ['json', 'pdf']) {
      const refused = await osm.download(`/api/persons/${ids.mine}/export?format=${format}`);
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ code: 'forbidden' });
    }
    // The volunteer still reads the person in the app.
    expect((await osm.get(`/api/persons/${ids.mine}`)).status).toBe(200);
    const given = await boyang.download(`/api/persons/${ids.mine}/export?format=json`);
    expect(given.status).toBe(200);
    expect((await given.json()).person.id).toBe(ids.mine);
    const actions = await f.database.db
      .selectFrom('audit_log')
      .select('actor_id')
      .where('action', '=', 'person.export')
      .where('subject_id', '=', ids.mine)
      .execute();
    expect(actions).toHaveLength(1); // the admin's; the volunteer's refusals exported nothing
    expect(actions[0]!.actor_id).not.toBe(osmId);
  });

  it('is declared as persons.export in the OpenAPI document', async () => {
    const doc = (await boyang.get('/api/openapi.json')).body;
    expect(doc.paths['/api/persons/{id}/export'].get['x-carehub-permission']).toBe('persons.export');
  });
});
