import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import type { ApiClient } from '../../testing/server.js';

let f: Fixture;
let osm: ApiClient; // volunteer of ต.บ่อยาง
let boyang: ApiClient; // subdistrict admin of ต.บ่อยาง: the supervisor who decides
let nurse: ApiClient; // health professional of อ.หาดใหญ่: another area
let osmId: string;

const newcomer = (over: Record<string, unknown> = {}) => ({
  cidMissingReason: 'no_card',
  titleTh: 'นาย',
  firstNameTh: 'ทองใบ',
  lastNameTh: 'พบใหม่ภาคสนาม',
  birthDate: '2485',
  sex: 'male',
  areaCode: '900101',
  address: { houseNo: '7', villageNo: 2 },
  ...over,
});

async function actions(subjectId: string) {
  const rows = await f.database.db.selectFrom('audit_log').select('action').where('subject_id', '=', subjectId).orderBy('id').execute();
  return rows.map((r) => r.action);
}

const persons = async (lastNameTh: string) =>
  (await f.database.db.selectFrom('persons').select('id').where('last_name_th', '=', lastNameTh).execute()).map((r) => r.id);

beforeAll(async () => {
  f = await createFixture({}, 0);
  [osm, boyang, nurse] = await Promise.all([f.as('osm.boyang'), f.as('boyang'), f.as('nurse.hatyai')]);
  osmId = (await osm.get('/api/me')).body.id;
});
afterAll(() => f?.close());

describe('a person registered on the volunteer’s phone', () => {
  it('with no likely duplicate is registered at once, joins the volunteer’s caseload, and a resend stores nothing new', async () => {
    const id = randomUUID();
    const consent = { purpose: 'care_coordination', givenBy: 'self', method: 'verbal', givenAt: '2026-12-01' };
    const r = await osm.post('/api/persons/registrations', { id, person: newcomer(), consent });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ id, status: 'created', name: 'นาย ทองใบ พบใหม่ภาคสนาม', reason: null });
    const personId = r.body.personId as string;
    expect(personId).toMatch(/^[0-9a-f-]{36}$/);
    // The volunteer may now read the person and visit them: they are in the caseload.
    const caseload = (await osm.get('/api/caseload')).body.map((c: { personId: string }) => c.personId);
    expect(caseload).toContain(personId);
    const person = await osm.get(`/api/persons/${personId}`);
    expect(person.status).toBe(200);
    expect(person.body.consents).toEqual([expect.objectContaining({ purpose: 'care_coordination', method: 'verbal', givenAt: '2026-12-01' })]);
    // The outbox retried after a lost answer: the same answer, no second person.
    const again = await osm.post('/api/persons/registrations', { id, person: newcomer() });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'created', personId });
    expect(await persons('พบใหม่ภาคสนาม')).toEqual([personId]);
    expect(await actions(personId)).toEqual(expect.arrayContaining(['person.create', 'consent.given', 'caseload.assigned', 'person_registration.created']));
    const provenance = await f.database.db.selectFrom('field_provenance').select(['source_ref', 'recorded_by']).where('person_id', '=', personId).execute();
    expect(provenance.length).toBeGreaterThan(0);
    expect(provenance.every((p) => p.source_ref === `registration:${id}` && p.recorded_by === osmId)).toBe(true);
    // A visit queued on the phone for the new person goes through under the server's id.
    const visit = await osm.post('/api/visits', {
      id: randomUUID(),
      personId,
      visitedAt: new Date().toISOString(),
      present: ['self'],
      vitals: {},
      needs: [],
      help: [],
      gps: null,
      photos: [],
      note: '',
      assessmentIds: [],
      nextVisitOn: '2027-01-05',
    });
    expect(visit.status, JSON.stringify(visit.body)).toBe(201);
  });

  it('with a likely duplicate waits for review: no second person, and the volunteer learns nothing of the match', async () => {
    const first = await boyang.post('/api/persons', newcomer({ firstNameTh: 'ศรีสมร', lastNameTh: 'ซ้ำกันไหม', birthDate: '2490' }));
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const id = randomUUID();
    // A slip of the same name (ศรี/สี) with the same birth year.
    const r = await osm.post('/api/persons/registrations', { id, person: newcomer({ firstNameTh: 'สีสมร', lastNameTh: 'ซ้ำกันไหม', birthDate: '2490' }) });
    expect(r.status, JSON.stringify(r.body)).toBe(202);
    expect(r.body).toEqual(expect.objectContaining({ id, status: 'review', personId: null }));
    expect(JSON.stringify(r.body)).not.toContain(first.body.id);
    expect(await persons('ซ้ำกันไหม')).toEqual([first.body.id]);
    expect((await osm.get(`/api/persons/registrations/${id}`)).body.status).toBe('review');
    // The volunteer is no reviewer.
    expect((await osm.get('/api/persons/registrations')).status).toBe(403);
    expect((await osm.post(`/api/persons/registrations/${id}/decide`, { decision: 'new' })).status).toBe(403);
    // A supervisor of another area sees nothing of it.
    expect((await nurse.get('/api/persons/registrations')).body.map((x: { id: string }) => x.id)).not.toContain(id);
    expect((await nurse.post(`/api/persons/registrations/${id}/decide`, { decision: 'new' })).status).toBe(404);

    // The area's supervisor sees it with the person already registered, and decides it is that person.
    expect((await boyang.get('/api/persons/registrations/count')).body.review).toBeGreaterThanOrEqual(1);
    const queue = await boyang.get('/api/persons/registrations');
    const item = queue.body.find((x: { id: string }) => x.id === id);
    expect(item).toMatchObject({ name: 'นาย สีสมร ซ้ำกันไหม', person: { birthDate: '1947', areaName: 'บ่อยาง' }, submittedBy: 'สมศรี อาสา' });
    expect(item.candidates[0]).toMatchObject({ personId: first.body.id, reason: 'similar_name_and_birth', person: { name: 'นาย ศรีสมร ซ้ำกันไหม' } });
    const d = await boyang.post(`/api/persons/registrations/${id}/decide`, { decision: 'same', personId: first.body.id });
    expect(d.status, JSON.stringify(d.body)).toBe(200);
    expect(d.body).toMatchObject({ status: 'linked', personId: first.body.id });
    expect(await persons('ซ้ำกันไหม')).toEqual([first.body.id]);
    // The phone asks again and now maps its id to the registered person, who is in the caseload.
    expect((await osm.get(`/api/persons/registrations/${id}`)).body).toMatchObject({ status: 'linked', personId: first.body.id });
    expect((await osm.get('/api/caseload')).body.map((c: { personId: string }) => c.personId)).toContain(first.body.id);
    // Decided once: a second decision is stale.
    expect((await boyang.post(`/api/persons/registrations/${id}/decide`, { decision: 'new' })).status).toBe(409);
    expect(await actions(id)).toEqual(['person_registration.queued', 'person_registration.read']);
    expect(await actions(first.body.id)).toEqual(expect.arrayContaining(['person_registration.linked', 'caseload.assigned']));
  });

  it('a reviewer may register it as someone else, or refuse it with a reason the volunteer sees', async () => {
    await boyang.post('/api/persons', newcomer({ firstNameTh: 'บุญเรือน', lastNameTh: 'แยกคน', birthDate: '2479' }));
    const a = randomUUID();
    const b = randomUUID();
    expect(
      (await osm.post('/api/persons/registrations', { id: a, person: newcomer({ firstNameTh: 'บุญเรือน', lastNameTh: 'แยกคน', birthDate: '2479' }) })).status,
    ).toBe(202);
    expect(
      (await osm.post('/api/persons/registrations', { id: b, person: newcomer({ firstNameTh: 'บุญเรือน', lastNameTh: 'แยกคน', birthDate: '2479' }) })).status,
    ).toBe(202);
    const created = await boyang.post(`/api/persons/registrations/${a}/decide`, { decision: 'new' });
    expect(created.body).toMatchObject({ status: 'created' });
    expect(await persons('แยกคน')).toHaveLength(2);
    expect((await osm.get(`/api/persons/${created.body.personId}`)).status).toBe(200);
    // The first one, registered a moment ago, is a match the reviewer of the second has not seen yet.
    const late = await boyang.post(`/api/persons/registrations/${b}/decide`, { decision: 'new' });
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('person.possible_duplicate');
    const held = (await boyang.get('/api/persons/registrations')).body.find((x: { id: string }) => x.id === b);
    expect(held.candidates.map((c: { personId: string }) => c.personId)).toContain(created.body.personId);
    expect(held.status).toBe('review');
    expect(await persons('แยกคน')).toHaveLength(2);
    const short = await boyang.post(`/api/persons/registrations/${b}/decide`, { decision: 'reject', reason: 'ซ้ำ' });
    expect(short.status).toBe(400);
    const refused = await boyang.post(`/api/persons/registrations/${b}/decide`, { decision: 'reject', reason: 'บันทึกซ้ำกับรายการก่อนหน้า' });
    expect(refused.body).toMatchObject({ status: 'rejected', personId: null, reason: 'บันทึกซ้ำกับรายการก่อนหน้า' });
    expect((await osm.get(`/api/persons/registrations/${b}`)).body).toMatchObject({ status: 'rejected', reason: 'บันทึกซ้ำกับรายการก่อนหน้า' });
    expect(await persons('แยกคน')).toHaveLength(2);
  });

  it('the same national ID is always one person: it waits for review and cannot be registered again', async () => {
    const cid = '3100601234581';
    const first = await boyang.post('/api/persons', newcomer({ cid, cidMissingReason: null, firstNameTh: 'เลขเดียว', lastNameTh: 'คนเดิม' }));
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const id = randomUUID();
    const r = await osm.post('/api/persons/registrations', {
      id,
      person: newcomer({ cid, cidMissingReason: null, firstNameTh: 'ต่างชื่อ', lastNameTh: 'สิ้นเชิง' }),
    });
    expect(r.status).toBe(202);
    const item = (await boyang.get('/api/persons/registrations')).body.find((x: { id: string }) => x.id === id);
    expect(item.candidates[0]).toMatchObject({ reason: 'same_cid', personId: first.body.id });
    expect(item.person.cid).not.toContain('234581'.slice(0, 5));
    expect((await boyang.post(`/api/persons/registrations/${id}/decide`, { decision: 'new' })).status).toBe(409);
  });

  it('refuses what no registration may do: outside the volunteer’s areas, bad input, an id another user used', async () => {
    const out = await osm.post('/api/persons/registrations', { id: randomUUID(), person: newcomer({ areaCode: '901101' }) });
    expect(out.status).toBe(403);
    expect(out.body.code).toBe('forbidden.out_of_scope');
    const bad = await osm.post('/api/persons/registrations', { id: randomUUID(), person: newcomer({ cidMissingReason: null }) });
    expect(bad.status).toBe(400);
    expect(bad.body.details.fields[0]).toMatchObject({ path: 'person.cidMissingReason', message_th: expect.any(String), message_en: expect.any(String) });
    expect((await osm.post('/api/persons/registrations', { id: 'local-1', person: newcomer() })).status).toBe(400);
    // An id stored by the volunteer is not another user's to read.
    const id = randomUUID();
    expect((await osm.post('/api/persons/registrations', { id, person: newcomer({ firstNameTh: 'เฉพาะ', lastNameTh: 'ของอาสา' }) })).status).toBe(201);
    const sw = await f.as('sw.hatyai');
    expect((await sw.get(`/api/persons/registrations/${id}`)).status).toBe(404);
    expect(await persons('ของอาสา')).toHaveLength(1);
  });
});
