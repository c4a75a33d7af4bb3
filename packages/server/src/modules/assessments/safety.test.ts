import { PUBLISHED_VERSIONS, STANDARD_INSTRUMENTS } from '@carehub/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem } from '../../db/context.js';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import type { ApiClient } from '../../testing/server.js';
import { safetyRecall } from './recall.js';

/**
 * Screening never stays silent on self-harm (issue 16): the answers that must alert do, the team's
 * task arrives live, an urgent referral goes without consent on a stated danger to life and closes
 * its task when accepted, and publishing safer rules recalls the persons the old ones missed.
 */
let f: Fixture;
let sw: ApiClient; // social worker of ต.บ่อยาง: on the alert's team there
let osm: ApiClient; // volunteer of ต.บ่อยาง: records, is not on the team
let nurse: ApiClient; // nurse of โรงพยาบาลหาดใหญ่, another district: the referral's receiver
let hospital: string;

const Q9_NONE = { q1: 0, q2: 0, q3: 0, q4: 0, q5: 0, q6: 0, q7: 0, q8: 0, q9: 0 };
const Q8_NONE = { q1: false, q2: false, q3: false, q4: false, q5: false, q6: false, q7: false, q8: false };

async function newPerson(lastName: string): Promise<string> {
  const r = await sw.post('/api/persons', {
    cidMissingReason: 'unknown',
    titleTh: 'นาง',
    firstNameTh: 'ทดสอบ',
    lastNameTh: lastName,
    birthDate: '2500',
    sex: 'female',
    areaCode: '900101',
    confirmNotDuplicate: true,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}

/** Signs a response with the given version of the instrument, by default the newest shipped one. */
const sign = (c: ApiClient, personId: string, instrumentCode: string, answers: Record<string, unknown>, instrumentVersion?: number) =>
  c.post(`/api/persons/${personId}/assessments`, {
    instrumentCode,
    instrumentVersion: instrumentVersion ?? STANDARD_INSTRUMENTS.find((d) => d.code === instrumentCode)!.version,
    answers,
    sign: true,
  });

const tasksOf = async (c: ApiClient, personId: string) =>
  (await c.get(`/api/tasks?personId=${personId}&status=all`)).body as Array<{
    id: string;
    kind: string;
    severity: string;
    action: string;
    status: string;
    message: { th: string };
    proposedOrganisation: { id: string } | null;
    referralId: string | null;
  }>;

beforeAll(async () => {
  f = await createFixture({}, 0);
  [sw, osm, nurse] = await Promise.all([f.as('sw.boyang'), f.as('osm.boyang'), f.as('nurse.hatyai')]);
  hospital = (await nurse.get('/api/me')).body.organisation.id;
});
afterAll(() => f?.close());

describe('a self-harm answer always alerts, and the team hears it live', () => {
  it('9Q item 9 "every day" with all else 0: urgent alert, 8Q next, a task live for the subdistrict team', async () => {
    const personId = await newPerson('ข้อเก้า');
    const stream = sw.listen();
    await stream.ready;
    const r = await sign(sw, personId, 'q9', { ...Q9_NONE, q9: 3 });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ instrumentVersion: 2, scores: { total: 3 }, next: ['q8'] });
    expect(r.body.alerts).toEqual([expect.objectContaining({ severity: 'urgent' })]);
    await expect.poll(() => stream.events.filter((e) => e.type === 'task.created' && e.personId === personId).length).toBe(1);
    const tasks = await tasksOf(sw, personId);
    expect(tasks.map((t) => t.id)).toEqual([stream.events.find((e) => e.type === 'task.created' && e.personId === personId)!.id]);
    expect(tasks[0]).toMatchObject({ kind: 'assessment_alert:q9', severity: 'urgent', status: 'open' });
    expect(tasks[0]!.message.th).toMatch(/1323/);
    stream.stop();
  });

  it('2Q plus "yes" alone: urgent alert and 8Q next, outside the 2Q total', async () => {
    const personId = await newPerson('สองคิวพลัส');
    const r = await sign(sw, personId, 'q2', { q1: false, q2: false, q3: true });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ scores: { total: 0 }, next: ['q8'] });
    expect(r.body.bands[0].code).toBe('negative');
    expect((await tasksOf(sw, personId)).map((t) => t.severity)).toEqual(['urgent']);
  });

  it('8Q "attempted" alone: one urgent referral task to the nearest hospital, not one per rule that fired', async () => {
    const personId = await newPerson('แปดคิว');
    const r = await sign(sw, personId, 'q8', { ...Q8_NONE, q7: true });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.alerts.map((a: { severity: string }) => a.severity).sort()).toEqual(['urgent', 'warning']);
    const tasks = await tasksOf(sw, personId);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ severity: 'urgent', action: 'propose_referral' });
    expect(tasks[0]!.proposedOrganisation).not.toBeNull();
  });

  it('a volunteer records it too: the alert is shown to them and the task still reaches the team', async () => {
    const personId = await newPerson('อาสาบันทึก');
    const boyang = await f.as('boyang');
    const userId = (await osm.get('/api/me')).body.id;
    expect((await boyang.post('/api/caseload', { personId, userId })).status).toBe(201);
    const r = await sign(osm, personId, 'q9', { ...Q9_NONE, q9: 1 });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.alerts[0].severity).toBe('urgent');
    expect((await tasksOf(sw, personId)).map((t) => t.severity)).toEqual(['urgent']);
  });
});

describe('an urgent referral is never blocked by missing consent', () => {
  let personId: string;
  let taskId: string;

  beforeAll(async () => {
    personId = await newPerson('ไม่มีความยินยอม');
    await sign(sw, personId, 'q8', { ...Q8_NONE, q4: true, q5: true });
    taskId = (await tasksOf(sw, personId))[0]!.id;
  });

  const refer = (extra: Record<string, unknown>) =>
    sw.post('/api/referrals', { personId, toOrganisationId: hospital, urgency: 'emergency', reason: 'เสี่ยงฆ่าตัวตายสูง 8Q = 17', taskId, ...extra });

  it('says consent is missing and that the vital-interest path is open for an urgent referral', async () => {
    const r = await refer({});
    expect(r.status).toBe(409);
    expect(r.body).toMatchObject({ code: 'consent.required', details: { vitalInterestAllowed: true } });
    const routine = await refer({ urgency: 'routine' });
    expect(routine.body.details.vitalInterestAllowed).toBe(false);
  });

  it('refuses the path for a routine referral or without a real reason, and writes nothing', async () => {
    expect((await refer({ urgency: 'routine', vitalInterest: { reason: 'มีความเสี่ยงต่อชีวิตสูงมาก' } })).status).toBe(400);
    expect((await refer({ vitalInterest: { reason: 'สั้น' } })).status).toBe(400);
    expect((await sw.get('/api/referrals?box=outbox')).body.filter((x: { personId: string }) => x.personId === personId)).toHaveLength(0);
  });

  it('sends on a stated danger to life: audited, shown on the record, live at the hospital; accepting closes the task', async () => {
    expect((await nurse.get(`/api/persons/${personId}`)).status).toBe(404);
    const inbox = nurse.listen();
    await inbox.ready;
    const reason = 'มีแผนและเตรียมการฆ่าตัวตาย ญาติไม่อยู่ ติดต่อขอความยินยอมไม่ได้';
    const sent = await refer({ vitalInterest: { reason } });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect(sent.body).toMatchObject({ legalBasis: 'vital_interest', basisReason: reason, urgency: 'emergency' });
    await expect.poll(() => inbox.events.some((e) => e.type === 'referral.changed' && e.id === sent.body.id)).toBe(true);
    inbox.stop();
    // The receiver sees the case while the referral is open, though there is no consent.
    expect((await nurse.get(`/api/persons/${personId}`)).status).toBe(200);
    // On the person's record for everyone who sees it.
    const onRecord = (await sw.get(`/api/referrals?box=person&personId=${personId}`)).body;
    expect(onRecord[0]).toMatchObject({ legalBasis: 'vital_interest', basisReason: reason });
    const audit = await f.database.db.selectFrom('audit_log').select(['action', 'purpose', 'details']).where('subject_id', '=', personId).execute();
    expect(audit.find((a) => a.action === 'referral.vital_interest')).toMatchObject({ purpose: 'vital_interest' });
    expect((await tasksOf(sw, personId))[0]).toMatchObject({ id: taskId, status: 'open', referralId: sent.body.id });

    const accepted = await nurse.post(`/api/referrals/${sent.body.id}/move`, { action: 'accept' });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect((await tasksOf(sw, personId))[0]).toMatchObject({ id: taskId, status: 'done' });
  });

  it('a declined referral leaves the task open for another', async () => {
    const other = await newPerson('ถูกปฏิเสธ');
    await sign(sw, other, 'q8', { ...Q8_NONE, q7: true });
    const task = (await tasksOf(sw, other))[0]!;
    const sent = await sw.post('/api/referrals', {
      personId: other,
      toOrganisationId: hospital,
      urgency: 'urgent',
      reason: 'พยายามฆ่าตัวตาย',
      taskId: task.id,
      vitalInterest: { reason: 'พยายามฆ่าตัวตายเมื่อสัปดาห์ก่อน ยังอยู่คนเดียว' },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect((await nurse.post(`/api/referrals/${sent.body.id}/move`, { action: 'decline', reason: 'ไม่มีจิตแพทย์' })).status).toBe(200);
    expect((await tasksOf(sw, other))[0]).toMatchObject({ id: task.id, status: 'open', referralId: null });
  });
});

describe('safety recall', () => {
  const v2 = (code: string) => PUBLISHED_VERSIONS.find((d) => d.code === code && d.version === 2)!;

  it('creates exactly one review task per person the new rules alert on, and nothing when run again', async () => {
    const missed9 = await newPerson('เรียกทบทวนเก้า');
    const fine9 = await newPerson('ไม่ต้องทบทวนเก้า');
    const corrected9 = await newPerson('แก้ไขแล้วเก้า');
    const missed8 = await newPerson('เรียกทบทวนแปด');
    const alerted8 = await newPerson('แจ้งเตือนแล้วแปด');
    // Old responses, made with version 1.
    expect((await sign(sw, missed9, 'q9', { ...Q9_NONE, q9: 3 }, 1)).body.alerts).toEqual([]);
    expect((await sign(sw, fine9, 'q9', Q9_NONE, 1)).status).toBe(201);
    const wrong = await sign(sw, corrected9, 'q9', { ...Q9_NONE, q9: 2 }, 1);
    // A correction replaces the response: only the latest counts.
    const fixed = await sw.post(`/api/persons/${corrected9}/assessments`, {
      instrumentCode: 'q9',
      instrumentVersion: 1,
      answers: Q9_NONE,
      sign: true,
      replaces: wrong.body.id,
    });
    expect(fixed.status, JSON.stringify(fixed.body)).toBe(201);
    expect((await sign(sw, missed8, 'q8', { ...Q8_NONE, q7: true }, 1)).body.alerts).toEqual([]);
    expect((await sign(sw, alerted8, 'q8', { ...Q8_NONE, q7: true, q3: true, q3_1: true }, 1)).body.alerts).toHaveLength(1);

    const run = () => asSystem(f.database.db, async (tx) => [await safetyRecall(tx, v2('q9'), null), await safetyRecall(tx, v2('q8'), null)]);
    const [r9, r8] = await run();
    const mine = new Set([missed9, fine9, corrected9, missed8, alerted8]);
    expect(r9!.persons.filter((p) => mine.has(p.personId)).map((p) => [p.personId, p.severity])).toEqual([[missed9, 'urgent']]);
    expect(r8!.persons.filter((p) => mine.has(p.personId)).map((p) => [p.personId, p.severity])).toEqual([[missed8, 'urgent']]);
    const recall = (await tasksOf(sw, missed9)).filter((t) => t.kind === 'safety_recall:q9');
    expect(recall).toHaveLength(1);
    expect(recall[0]!.message.th).toMatch(/ทบทวน/);
    for (const p of [fine9, corrected9, alerted8]) expect((await tasksOf(sw, p)).filter((t) => t.kind.startsWith('safety_recall'))).toEqual([]);
    const audited = await f.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', missed8)
      .where('action', '=', 'assessment.safety_recall')
      .execute();
    expect(audited).toHaveLength(1);

    const again = await run();
    expect(again.flatMap((r) => r.persons)).toEqual([]);
  });
});
