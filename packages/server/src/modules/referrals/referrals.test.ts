import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import type { ApiClient } from '../../testing/server.js';

let f: Fixture;
let sw: ApiClient; // social worker of ต.บ่อยาง (รพ.สต.บ่อยาง)
let nurse: ApiClient; // nurse of โรงพยาบาลหาดใหญ่, another district
let personId: string;
let hospital: string;

beforeAll(async () => {
  f = await createFixture({}, 0);
  [sw, nurse] = await Promise.all([f.as('sw.boyang'), f.as('nurse.hatyai')]);
  const p = await sw.post('/api/persons', {
    cidMissingReason: 'unknown',
    titleTh: 'นาย',
    firstNameTh: 'สมหมาย',
    lastNameTh: 'ส่งต่อทดสอบ',
    birthDate: '2490',
    sex: 'male',
    areaCode: '900101',
  });
  expect(p.status).toBe(201);
  personId = p.body.id;
  hospital = (await nurse.get('/api/me')).body.organisation.id;
});
afterAll(() => f?.close());

const refer = (extra: Record<string, unknown> = {}) =>
  sw.post('/api/referrals', { personId, toOrganisationId: hospital, urgency: 'urgent', reason: 'ต้องการกายภาพบำบัดหลังโรคหลอดเลือดสมอง', ...extra });

describe('referrals', () => {
  it('need the person’s consent to sharing, since the receiver will see the case', async () => {
    const r = await refer();
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('consent.required');
    const c = await sw.post(`/api/persons/${personId}/consents`, { purpose: 'data_sharing', givenBy: 'self', method: 'written', givenAt: '2026-11-01' });
    expect(c.status).toBe(200);
  });

  it('give the receiving organisation the person’s case while open, and take it away when closed', async () => {
    expect((await nurse.get(`/api/persons/${personId}`)).status).toBe(404);
    // Both organisations hear each move live, each stream once, though the hospital is in another district.
    const theirs = nurse.listen();
    const mine = sw.listen();
    await Promise.all([theirs.ready, mine.ready]);
    const q2 = await sw.post(`/api/persons/${personId}/assessments`, {
      instrumentCode: 'q2',
      instrumentVersion: 1,
      answers: { q1: true, q2: true },
      sign: true,
    });
    expect(q2.status, JSON.stringify(q2.body)).toBe(201);
    const sent = await refer({ assessmentIds: [q2.body.id] });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body).toMatchObject({ state: 'sent', side: 'sender', overdue: false, events: [{ action: 'send', toState: 'sent' }] });
    expect((await nurse.get(`/api/persons/${personId}`)).status).toBe(200);
    // The receiver reads the assessments sent along, by name, and may open them while the referral is open.
    const received = await nurse.get(`/api/referrals/${sent.body.id}`);
    expect(received.body.assessments).toEqual([expect.objectContaining({ id: q2.body.id, instrumentCode: 'q2', bands: ['positive'] })]);
    expect(received.body.assessments[0].name.th).toContain('2Q');
    expect((await nurse.get(`/api/assessments/${q2.body.id}`)).status).toBe(200);
    const inbox = await nurse.get('/api/referrals?box=inbox');
    expect(inbox.body.map((r: { id: string }) => r.id)).toContain(sent.body.id);

    const id = sent.body.id;
    // Only the legal moves, by the right side.
    expect((await sw.post(`/api/referrals/${id}/move`, { action: 'accept' })).body.code).toBe('referral.wrong_side');
    expect((await nurse.post(`/api/referrals/${id}/move`, { action: 'start' })).body.code).toBe('referral.illegal_transition');
    expect((await nurse.post(`/api/referrals/${id}/move`, { action: 'decline' })).status).toBe(400);
    expect((await nurse.post(`/api/referrals/${id}/move`, { action: 'accept' })).body.state).toBe('accepted');
    expect((await nurse.post(`/api/referrals/${id}/move`, { action: 'accept' })).status).toBe(409);
    expect((await nurse.post(`/api/referrals/${id}/move`, { action: 'start', note: 'นัดกายภาพครั้งแรก 25 พ.ย.' })).body.state).toBe('in_progress');
    const done = await nurse.post(`/api/referrals/${id}/move`, { action: 'complete', outcome: 'ฟื้นฟูครบ 10 ครั้ง เดินได้ด้วยไม้เท้า' });
    expect(done.body).toMatchObject({ state: 'completed', outcome: 'ฟื้นฟูครบ 10 ครั้ง เดินได้ด้วยไม้เท้า' });
    expect((await nurse.get(`/api/persons/${personId}`)).status).toBe(404);
    expect((await nurse.get(`/api/assessments/${q2.body.id}`)).status).toBe(404);
    const heard = (stream: typeof mine) => stream.events.filter((e) => e.type === 'referral.changed' && e.id === id).length;
    for (const stream of [theirs, mine]) await expect.poll(() => heard(stream)).toBe(4);
    await new Promise((r) => setTimeout(r, 300)); // and no duplicate arrives late
    expect([heard(theirs), heard(mine)]).toEqual([4, 4]);
    theirs.stop();
    mine.stop();

    const history = await sw.get(`/api/referrals/${id}`);
    expect(history.body.events.map((e: { toState: string }) => e.toState)).toEqual(['sent', 'accepted', 'in_progress', 'completed']);
    // The hospital keeps its record of the referral, but no longer who the person is.
    const kept = await nurse.get(`/api/referrals/${id}`);
    expect(kept.status).toBe(200);
    expect(kept.body).toMatchObject({ personName: null, state: 'completed', outcome: 'ฟื้นฟูครบ 10 ครั้ง เดินได้ด้วยไม้เท้า' });
    expect(kept.body.events.map((e: { organisation: string }) => e.organisation)).toEqual([
      'โรงพยาบาลส่งเสริมสุขภาพตำบลบ่อยาง',
      'โรงพยาบาลหาดใหญ่',
      'โรงพยาบาลหาดใหญ่',
      'โรงพยาบาลหาดใหญ่',
    ]);
    expect((await nurse.get('/api/referrals?box=inbox')).body.find((r: { id: string }) => r.id === id)).toMatchObject({ personName: null });
    expect(history.body.personName).toBe('นาย สมหมาย ส่งต่อทดสอบ');
    // The person's referrals, for whoever sees the person.
    expect((await sw.get(`/api/referrals?box=person&personId=${personId}`)).body.map((r: { id: string }) => r.id)).toContain(id);
    expect((await nurse.get(`/api/referrals?box=person&personId=${personId}`)).status).toBe(404);
    const audits = await f.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', personId)
      .where('action', 'like', 'referral.%')
      .orderBy('id')
      .execute();
    // The hospital's read of the closed referral is audited without counting as a read of the person.
    expect(audits.map((a) => a.action)).toEqual(['referral.sent', 'referral.accept', 'referral.start', 'referral.complete', 'referral.read']);
  });

  it('attach only signed assessments of the person referred', async () => {
    const other = await sw.post('/api/persons', {
      cidMissingReason: 'unknown',
      firstNameTh: 'อื่น',
      lastNameTh: 'ทดสอบ',
      birthDate: '2500',
      sex: 'female',
      areaCode: '900101',
    });
    const theirs = await sw.post(`/api/persons/${other.body.id}/assessments`, {
      instrumentCode: 'q2',
      instrumentVersion: 1,
      answers: { q1: false, q2: false },
      sign: true,
    });
    const r = await refer({ assessmentIds: [theirs.body.id] });
    expect(r.status).toBe(400);
    expect(r.body.details.fields[0].path).toBe('assessmentIds');
  });

  it('ends the receiver’s access when consent is withdrawn, even with the referral open', async () => {
    const sent = await refer({ urgency: 'emergency' });
    expect((await nurse.get(`/api/persons/${personId}`)).status).toBe(200);
    const person = await sw.get(`/api/persons/${personId}`);
    const consent = person.body.consents.find((c: { purpose: string; withdrawnAt: string | null }) => c.purpose === 'data_sharing' && !c.withdrawnAt);
    expect((await sw.post(`/api/persons/${personId}/consents/${consent.id}/withdraw`, {})).status).toBe(200);
    expect((await nurse.get(`/api/persons/${personId}`)).status).toBe(404);
    // The hospital cannot act on a referral whose person it may no longer see.
    expect((await nurse.post(`/api/referrals/${sent.body.id}/move`, { action: 'accept' })).body.code).toBe('consent.required');
    expect((await sw.post(`/api/referrals/${sent.body.id}/move`, { action: 'cancel', reason: 'ญาติขอยกเลิก' })).body.state).toBe('cancelled');
  });
});
