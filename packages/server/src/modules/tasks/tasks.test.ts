import { randomUUID } from 'node:crypto';
import { addDays, HELP, HELP_CODES, STANDARD_INSTRUMENTS, thaiToday } from '@carehub/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asSystem } from '../../db/context.js';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import type { ApiClient } from '../../testing/server.js';
import { refreshFollowUps } from '../visits/service.js';
import { escalateOverdue, startEscalation } from './escalation.js';

/**
 * Tasks with owners (issue 17, item 4): a due day by severity, a source, one open task per person and
 * rule, closing by themselves when answered or superseded (audited with the reason), queues with claim,
 * assign and hand-back, and escalation of overdue tasks to the supervisor level with a notice.
 */
let f: Fixture;
let sw: ApiClient; // social worker of ต.บ่อยาง (รพ.สต.บ่อยาง): on the alerts' team
let osm: ApiClient; // volunteer of ต.บ่อยาง: a caseload
let boyang: ApiClient; // subdistrict admin of ต.บ่อยาง (รพ.สต.บ่อยาง)
let nurse: ApiClient; // nurse of โรงพยาบาลหาดใหญ่ (9011): outside ต.บ่อยาง; the referrals' receiver
let ids: { sw: string; osm: string; boyang: string; rpst: string; hospital: string; nurseBoyang: string };
const today = thaiToday();

const Q9_NONE = { q1: 0, q2: 0, q3: 0, q4: 0, q5: 0, q6: 0, q7: 0, q8: 0, q9: 0 };
const Q8_NONE = { q1: false, q2: false, q3: false, q4: false, q5: false, q6: false, q7: false, q8: false };
const BARTHEL_ITEMS = ['feeding', 'grooming', 'transfer', 'toilet', 'mobility', 'dressing', 'stairs', 'bathing', 'bowels', 'bladder'];
const BARTHEL_MAX: Record<string, number> = { grooming: 1, bathing: 1, transfer: 3, mobility: 3 };
const barthel = (value: number) => Object.fromEntries(BARTHEL_ITEMS.map((id) => [id, Math.min(value, BARTHEL_MAX[id] ?? 2)]));

type Item = {
  id: string;
  kind: string;
  severity: string;
  action: string;
  status: string;
  dueOn: string | null;
  overdue: boolean;
  assignee: { id: string; name: string } | null;
  teamOrganisation: { id: string } | null;
  source: { type: string; id: string; label: { th: string } | null } | null;
  seenCount: number;
  closeReason: string | null;
  referralId: string | null;
  escalatedTo: { id: string } | null;
  canClaim: boolean;
};

let n = 0;
async function newPerson(): Promise<string> {
  const r = await sw.post('/api/persons', {
    cidMissingReason: 'unknown',
    titleTh: 'นาง',
    firstNameTh: 'งาน',
    lastNameTh: `มีเจ้าของ${++n}`,
    birthDate: String(2480 + n),
    sex: 'female',
    areaCode: '900101',
    confirmNotDuplicate: true,
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id;
}

const sign = (c: ApiClient, personId: string, instrumentCode: string, answers: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  c.post(`/api/persons/${personId}/assessments`, {
    instrumentCode,
    instrumentVersion: STANDARD_INSTRUMENTS.find((d) => d.code === instrumentCode)!.version,
    answers,
    sign: true,
    ...extra,
  });

const tasksOf = async (c: ApiClient, personId: string, query = 'status=all'): Promise<Item[]> => {
  const r = await c.get(`/api/tasks?personId=${personId}&${query}`);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};

const audits = (personId: string, action: string) =>
  f.database.db
    .selectFrom('audit_log')
    .select(['action', 'details', 'actor_id'])
    .where('subject_id', '=', personId)
    .where('action', '=', action)
    .orderBy('id')
    .execute();

const setDue = (taskId: string, due: string) =>
  asSystem(f.database.db, (tx) => tx.updateTable('tasks').set({ due_on: due }).where('id', '=', taskId).execute());

beforeAll(async () => {
  f = await createFixture({}, 0);
  [sw, osm, boyang, nurse] = await Promise.all([f.as('sw.boyang'), f.as('osm.boyang'), f.as('boyang'), f.as('nurse.hatyai')]);
  const me = async (c: ApiClient) => (await c.get('/api/me')).body;
  const [s, o, b, h] = await Promise.all([me(sw), me(osm), me(boyang), me(nurse)]);
  // A nurse of รพ.สต.บ่อยาง: the volunteers' supervisor in JOURNEYS.md (the demo has none).
  const nurseBoyang = await asSystem(f.database.db, (tx) =>
    tx
      .insertInto('users')
      .values({
        username: 'nurse.boyang',
        display_name: 'พยาบาล บ่อยาง',
        password_hash: 'x',
        role: 'health_professional',
        organisation_id: s.organisation.id,
        area_code: '900101',
        scopes: ['900101'],
      })
      .returning('id')
      .executeTakeFirstOrThrow(),
  );
  ids = { sw: s.id, osm: o.id, boyang: b.id, rpst: s.organisation.id, hospital: h.organisation.id, nurseBoyang: nurseBoyang.id };
}, 180_000);
afterAll(() => f?.close());

describe('due day, source and team', () => {
  it('an urgent alert is due the day it is raised, a warning three days later; both name their source and the assessor’s team', async () => {
    const p = await newPerson();
    // 9Q item 9 (urgent: tell the team) with a total of 7 (a warning: refer to a doctor).
    const r = await sign(sw, p, 'q9', { ...Q9_NONE, q1: 3, q2: 3, q9: 1 });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const tasks = await tasksOf(sw, p);
    expect(tasks.map((t) => [t.action, t.severity, t.dueOn, t.overdue])).toEqual([
      ['notify', 'urgent', today, false],
      ['propose_referral', 'warning', addDays(today, 3), false],
    ]);
    for (const t of tasks) {
      expect(t.source).toMatchObject({ type: 'assessment', id: r.body.id, label: { th: expect.stringContaining('9Q') } });
      expect(t.teamOrganisation?.id).toBe(ids.rpst);
      expect(t.assignee).toBeNull();
      expect(t.canClaim).toBe(true);
    }
    expect((await audits(p, 'task.raised')).map((a) => (a.details as { dueOn: string }).dueOn).sort()).toEqual([today, addDays(today, 3)]);
  });

  it('is overdue only after its due day: due today is not, due yesterday is', async () => {
    const p = await newPerson();
    await sign(sw, p, 'q9', { ...Q9_NONE, q9: 2 });
    const [t] = await tasksOf(sw, p);
    expect(t).toMatchObject({ dueOn: today, overdue: false });
    await setDue(t!.id, addDays(today, -1));
    expect((await tasksOf(sw, p))[0]).toMatchObject({ dueOn: addDays(today, -1), overdue: true });
  });
});

describe('a repeated alert updates the open task', () => {
  it('each new Barthel of a bedridden person bumps one task (count, source), and a newer one that no longer alerts supersedes it', async () => {
    const p = await newPerson();
    const first = await sign(sw, p, 'barthel', barthel(0));
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const second = await sign(sw, p, 'barthel', barthel(0));
    const third = await sign(sw, p, 'barthel', barthel(1));
    const open = await tasksOf(sw, p, 'status=open');
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ kind: 'assessment_alert:barthel', seenCount: 3, source: { id: third.body.id } });
    expect((await audits(p, 'task.repeated')).map((a) => (a.details as { count: number }).count)).toEqual([2, 3]);
    expect(second.body.id).not.toBe(third.body.id);

    // Still raised: the task stays; no longer raised by the newest response: superseded, with the reason audited.
    const better = await sign(sw, p, 'barthel', barthel(3));
    const all = await tasksOf(sw, p);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ status: 'dismissed', closeReason: 'superseded' });
    const closed = await audits(p, 'task.closed');
    expect(closed.map((a) => a.details)).toEqual([{ task: all[0]!.id, reason: 'superseded', by: { assessment: better.body.id } }]);
    expect(closed[0]!.actor_id).toBe(ids.sw);
    // A later alert opens a new task: the old one stays closed.
    await sign(sw, p, 'barthel', barthel(0));
    expect((await tasksOf(sw, p, 'status=open')).map((t) => t.id)).not.toContain(all[0]!.id);
  });

  it('the same alert signed twice at the same moment still leaves one open task, counted twice', async () => {
    const p = await newPerson();
    const both = await Promise.all([sign(sw, p, 'q9', { ...Q9_NONE, q9: 1 }), sign(sw, p, 'q9', { ...Q9_NONE, q9: 1 })]);
    expect(both.map((r) => r.status)).toEqual([201, 201]);
    const open = await tasksOf(sw, p, 'status=open');
    expect(open.map((t) => [t.kind, t.seenCount])).toEqual([['assessment_alert:q9', 2]]);
  });

  it('a higher severity raises the open task and brings its due day forward; a back-dated calm response supersedes nothing', async () => {
    const p = await newPerson();
    // 9Q 7–18: a warning to refer to a doctor; 9Q ≥ 19: the same action, urgent.
    await sign(sw, p, 'q9', { ...Q9_NONE, q1: 3, q2: 3, q3: 1 });
    const [warning] = await tasksOf(sw, p, 'status=open');
    expect(warning).toMatchObject({ action: 'propose_referral', severity: 'warning', dueOn: addDays(today, 3) });
    await sign(sw, p, 'q9', { ...Q9_NONE, q1: 3, q2: 3, q3: 3, q4: 3, q5: 3, q6: 3, q7: 1 });
    const [urgent] = await tasksOf(sw, p, 'status=open');
    expect(urgent).toMatchObject({ id: warning!.id, severity: 'urgent', dueOn: today, seenCount: 2 });
    const calmBefore = await sign(sw, p, 'q9', Q9_NONE, { performedAt: '2026-01-05T09:00:00+07:00' });
    expect(calmBefore.status, JSON.stringify(calmBefore.body)).toBe(201);
    expect((await tasksOf(sw, p, 'status=open')).map((t) => t.id)).toEqual([warning!.id]);
  });
});

describe('queues: claim, assign, hand back', () => {
  let p: string;
  let task: Item;
  beforeAll(async () => {
    p = await newPerson();
    await sign(sw, p, 'q9', { ...Q9_NONE, q9: 1 });
    [task] = await tasksOf(sw, p);
  });

  it('an unclaimed alert is in the team queue, not in anybody’s own; outside the area it is not there at all', async () => {
    const team = (await sw.get('/api/tasks?queue=team')).body.map((t: Item) => t.id);
    expect(team).toContain(task.id);
    expect((await sw.get('/api/tasks?queue=mine')).body.map((t: Item) => t.id)).not.toContain(task.id);
    expect((await nurse.get('/api/tasks?status=all')).body.map((t: Item) => t.id)).not.toContain(task.id);
    expect((await nurse.post(`/api/tasks/${task.id}/claim`)).status).toBe(404);
  });

  it('a team member claims it once; a second claim is refused; it is then in my tasks', async () => {
    const claimed = await sw.post(`/api/tasks/${task.id}/claim`);
    expect(claimed.status, JSON.stringify(claimed.body)).toBe(200);
    expect(claimed.body).toMatchObject({ assignee: { id: ids.sw }, canClaim: false });
    expect((await sw.post(`/api/tasks/${task.id}/claim`)).status).toBe(409);
    expect((await sw.get('/api/tasks?queue=mine')).body.map((t: Item) => t.id)).toContain(task.id);
    expect((await sw.get('/api/tasks?queue=team')).body.map((t: Item) => t.id)).not.toContain(task.id);
    expect((await audits(p, 'task.claimed')).map((a) => a.actor_id)).toEqual([ids.sw]);
  });

  it('is handed only to an active team member seeing the person; back to the queue by its holder; a stranger may not', async () => {
    const candidates = await sw.get(`/api/tasks/${task.id}/candidates`);
    expect(candidates.status).toBe(200);
    expect(candidates.body.map((c: { id: string }) => c.id)).toContain(ids.sw);
    expect(candidates.body.map((c: { id: string }) => c.id)).not.toContain(ids.boyang);
    // The subdistrict admin is not on a 9Q alert's team.
    const wrong = await sw.post(`/api/tasks/${task.id}/assign`, { userId: ids.boyang });
    expect(wrong.status).toBe(400);
    expect(wrong.body.details.fields[0]).toMatchObject({ path: 'userId', message_th: expect.stringMatching(/ทีม/), message_en: expect.stringMatching(/team/) });
    expect((await sw.post(`/api/tasks/${task.id}/assign`, { userId: 'not-a-uuid' })).status).toBe(400);
    expect((await osm.post(`/api/tasks/${task.id}/assign`, { userId: null })).status).toBe(404); // not on the volunteer's caseload
    const released = await sw.post(`/api/tasks/${task.id}/assign`, { userId: null });
    expect(released.status).toBe(200);
    expect(released.body).toMatchObject({ assignee: null, canClaim: true });
    // The area admin (a supervisor) hands it to the social worker, who is told.
    const given = await boyang.post(`/api/tasks/${task.id}/assign`, { userId: ids.sw });
    expect(given.status, JSON.stringify(given.body)).toBe(200);
    expect(given.body.assignee).toMatchObject({ id: ids.sw });
    expect((await audits(p, 'task.released')).map((a) => a.details)).toEqual([{ task: task.id, from: ids.sw, to: null }]);
    expect((await audits(p, 'task.assigned')).map((a) => a.details)).toEqual([{ task: task.id, from: null, to: ids.sw }]);
    const notice = await sql<{ kind: string; url: string }>`SELECT kind, url FROM notification_outbox WHERE user_id = ${ids.sw}`.execute(f.database.db);
    expect(notice.rows).toContainEqual({ kind: 'task.assigned', url: `/tasks?queue=mine&task=${task.id}` });
  });

  it('closing by hand is audited with the reason', async () => {
    expect((await sw.post(`/api/tasks/${task.id}/close`, { status: 'done', note: 'โทรติดตามแล้ว' })).status).toBe(204);
    expect((await sw.post(`/api/tasks/${task.id}/close`, { status: 'done' })).status).toBe(409);
    expect((await audits(p, 'task.closed')).map((a) => a.details)).toEqual([{ task: task.id, reason: 'done' }]);
    expect((await tasksOf(sw, p))[0]).toMatchObject({ status: 'done', closeReason: 'done' });
  });
});

describe('answered by a referral', () => {
  it('a referral carrying the alert’s assessment answers its task: accepted, the task closes by itself', async () => {
    const p = await newPerson();
    const q8 = await sign(sw, p, 'q8', { ...Q8_NONE, q7: true });
    const [task] = await tasksOf(sw, p);
    expect(task).toMatchObject({ action: 'propose_referral', status: 'open' });
    // Sent from the person's page, not from the task: still linked by the assessment it carries.
    const sent = await sw.post('/api/referrals', {
      personId: p,
      toOrganisationId: ids.hospital,
      urgency: 'urgent',
      reason: 'พยายามฆ่าตัวตาย',
      assessmentIds: [q8.body.id],
      vitalInterest: { reason: 'พยายามฆ่าตัวตายเมื่อสัปดาห์ก่อน อยู่คนเดียว' },
    });
    expect(sent.status, JSON.stringify(sent.body)).toBe(201);
    expect((await tasksOf(sw, p))[0]).toMatchObject({ id: task!.id, status: 'open', referralId: sent.body.id });
    expect((await nurse.post(`/api/referrals/${sent.body.id}/move`, { action: 'accept' })).status).toBe(200);
    expect((await tasksOf(sw, p))[0]).toMatchObject({ id: task!.id, status: 'done', closeReason: 'referral_accepted' });
    expect((await audits(p, 'task.closed')).map((a) => a.details)).toEqual([{ task: task!.id, reason: 'referral_accepted', by: { referral: sent.body.id } }]);
  });

  it('a referral completed closes a task still open on it; a declined one leaves it open and unlinked', async () => {
    const p = await newPerson();
    await sign(sw, p, 'q8', { ...Q8_NONE, q7: true });
    const [task] = await tasksOf(sw, p);
    const send = () =>
      sw.post('/api/referrals', {
        personId: p,
        toOrganisationId: ids.hospital,
        urgency: 'urgent',
        reason: 'พยายามฆ่าตัวตาย',
        taskId: task!.id,
        vitalInterest: { reason: 'พยายามฆ่าตัวตายเมื่อสัปดาห์ก่อน อยู่คนเดียว' },
      });
    const declined = await send();
    expect((await nurse.post(`/api/referrals/${declined.body.id}/move`, { action: 'decline', reason: 'ไม่มีจิตแพทย์' })).status).toBe(200);
    expect((await tasksOf(sw, p))[0]).toMatchObject({ status: 'open', referralId: null });
    const sent = await send();
    expect((await nurse.post(`/api/referrals/${sent.body.id}/move`, { action: 'accept' })).status).toBe(200);
    expect((await nurse.post(`/api/referrals/${sent.body.id}/move`, { action: 'start' })).status).toBe(200);
    // The same alert raised again after the acceptance, and tied to the referral under way: its completion answers it.
    await sign(sw, p, 'q8', { ...Q8_NONE, q7: true });
    const [again] = await tasksOf(sw, p, 'status=open');
    expect(again!.id).not.toBe(task!.id);
    await asSystem(f.database.db, (tx) => tx.updateTable('tasks').set({ referral_id: sent.body.id }).where('id', '=', again!.id).execute());
    const done = await nurse.post(`/api/referrals/${sent.body.id}/move`, { action: 'complete', outcome: 'พบจิตแพทย์ ปรับยา นัดติดตาม' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect((await tasksOf(sw, p, 'status=all')).find((t) => t.id === again!.id)).toMatchObject({ status: 'done', closeReason: 'referral_completed' });
  });
});

describe('follow-ups of home visits', () => {
  const need = 'income.no_income';
  const help = HELP_CODES.find((h) => (HELP[h].addresses as readonly string[]).includes(need))!;
  const visit = (personId: string, visitedAt: string, extra: Record<string, unknown> = {}) => ({
    id: randomUUID(),
    personId,
    visitedAt,
    gps: { lat: 7.1901, lng: 100.5951 },
    present: ['self'],
    vitals: {},
    needs: [],
    help: [],
    photos: [],
    note: 'เยี่ยม',
    nextVisitOn: addDays(today, 20),
    assessmentIds: [],
    ...extra,
  });

  it('a need unmet is the volunteer’s task, due three days after it is raised (not already overdue); met, it closes by itself', async () => {
    const p = await newPerson();
    expect((await boyang.post('/api/caseload', { personId: p, userId: ids.osm })).status).toBe(201);
    const found = addDays(today, -20);
    const first = await osm.post('/api/visits', visit(p, `${found}T10:00:00+07:00`, { needs: [{ code: need }] }));
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    const [task] = (await tasksOf(osm, p, 'status=open')).filter((t) => t.kind === 'need_unmet');
    expect(task).toMatchObject({ assignee: { id: ids.osm }, dueOn: addDays(today, 3), overdue: false, source: { type: 'visit', id: first.body.id } });
    // The daily pass finds it again: still one task, unchanged.
    for (let i = 0; i < 2; i++) await asSystem(f.database.db, (tx) => refreshFollowUps(tx, p, today));
    expect((await tasksOf(osm, p, 'status=open')).filter((t) => t.kind === 'need_unmet').map((t) => [t.id, t.seenCount])).toEqual([[task!.id, 1]]);
    const helped = await osm.post('/api/visits', visit(p, `${addDays(today, -1)}T10:00:00+07:00`, { help: [{ code: help }] }));
    expect(helped.status, JSON.stringify(helped.body)).toBe(201);
    expect((await tasksOf(osm, p)).find((t) => t.id === task!.id)).toMatchObject({ status: 'done', closeReason: 'need_met' });
    expect((await audits(p, 'task.closed')).map((a) => a.details)).toContainEqual({ task: task!.id, reason: 'need_met', by: { visit: helped.body.id } });
  });
});

describe('follow-ups answered by a later visit', () => {
  const visit = (personId: string, visitedAt: string, extra: Record<string, unknown> = {}) => ({
    id: randomUUID(),
    personId,
    visitedAt,
    gps: { lat: 7.1901, lng: 100.5951 },
    present: ['self'],
    vitals: {},
    needs: [],
    help: [],
    photos: [],
    note: 'เยี่ยม',
    nextVisitOn: addDays(today, 20),
    assessmentIds: [],
    ...extra,
  });

  it('a red reading stays open after a visit that measured nothing, and is superseded by one that measured it without the alarm', async () => {
    const p = await newPerson();
    expect((await boyang.post('/api/caseload', { personId: p, userId: ids.osm })).status).toBe(201);
    await osm.post('/api/visits', visit(p, `${addDays(today, -3)}T10:00:00+07:00`, { vitals: { systolic: 190, diastolic: 115 } }));
    const [alarm] = (await tasksOf(osm, p, 'status=open')).filter((t) => t.kind === 'vital_alarm');
    expect(alarm).toMatchObject({ severity: 'urgent', assignee: { id: ids.osm } });
    await osm.post('/api/visits', visit(p, `${addDays(today, -2)}T10:00:00+07:00`));
    expect((await tasksOf(osm, p)).find((t) => t.id === alarm!.id)).toMatchObject({ status: 'open' });
    const calm = await osm.post('/api/visits', visit(p, `${addDays(today, -1)}T10:00:00+07:00`, { vitals: { systolic: 128, diastolic: 82 } }));
    expect((await tasksOf(osm, p)).find((t) => t.id === alarm!.id)).toMatchObject({ status: 'dismissed', closeReason: 'superseded' });
    expect((await audits(p, 'task.closed')).map((a) => a.details)).toContainEqual({ task: alarm!.id, reason: 'superseded', by: { visit: calm.body.id } });
  });

  it('an overdue visit closes as visited when the visit is made', async () => {
    const p = await newPerson();
    expect((await boyang.post('/api/caseload', { personId: p, userId: ids.osm })).status).toBe(201);
    await osm.post('/api/visits', visit(p, `${addDays(today, -20)}T10:00:00+07:00`, { nextVisitOn: addDays(today, -3) }));
    const [late] = (await tasksOf(osm, p, 'status=open')).filter((t) => t.kind === 'visit_overdue');
    expect(late).toMatchObject({ severity: 'warning', dueOn: addDays(today, 3) });
    // Now: a fixed hour of today would lie in the future before 09:00 in Thailand, which a visit may not.
    const made = await osm.post('/api/visits', visit(p, new Date().toISOString()));
    expect((await tasksOf(osm, p)).find((t) => t.id === late!.id)).toMatchObject({ status: 'done', closeReason: 'visited' });
    expect((await audits(p, 'task.closed')).map((a) => a.details)).toContainEqual({ task: late!.id, reason: 'visited', by: { visit: made.body.id } });
  });
});

describe('escalation of overdue tasks', () => {
  it('due today is left; after its day it goes once to the supervisor level, with a notice, and a second pass does nothing', async () => {
    // A volunteer's task (their supervisor: the รพ.สต. nurse) and an unclaimed staff alert (the subdistrict admin).
    const p = await newPerson();
    expect((await boyang.post('/api/caseload', { personId: p, userId: ids.osm })).status).toBe(201);
    await osm.post('/api/visits', {
      id: randomUUID(),
      personId: p,
      visitedAt: `${addDays(today, -30)}T10:00:00+07:00`,
      gps: { lat: 7.19, lng: 100.59 },
      present: ['self'],
      vitals: {},
      needs: [],
      help: [],
      photos: [],
      note: 'เยี่ยม',
      nextVisitOn: addDays(today, -2),
      assessmentIds: [],
    });
    const volunteerTask = (await tasksOf(osm, p, 'status=open')).find((t) => t.kind === 'visit_overdue')!;
    expect(volunteerTask).toMatchObject({ assignee: { id: ids.osm }, severity: 'warning', dueOn: addDays(today, 3) });
    await sign(sw, p, 'q9', { ...Q9_NONE, q9: 1 });
    const staffTask = (await tasksOf(sw, p, 'status=open')).find((t) => t.kind === 'assessment_alert:q9')!;
    expect(staffTask).toMatchObject({ assignee: null, dueOn: today });

    const mine = (r: Array<{ taskId: string }>) => r.filter((e) => e.taskId === volunteerTask.id || e.taskId === staffTask.id);
    expect(mine(await escalateOverdue(f.database, today))).toEqual([]);
    await setDue(volunteerTask.id, addDays(today, -1));
    const passed = mine(await escalateOverdue(f.database, today));
    expect(passed).toEqual([{ taskId: volunteerTask.id, personId: p, to: ids.nurseBoyang, holder: ids.osm }]);
    // The staff task falls due at the end of today: escalated tomorrow, to the area admin, who now holds it.
    const tomorrow = mine(await escalateOverdue(f.database, addDays(today, 1)));
    expect(tomorrow).toEqual([{ taskId: staffTask.id, personId: p, to: ids.boyang, holder: null }]);
    expect(mine(await escalateOverdue(f.database, addDays(today, 2)))).toEqual([]);

    const after = await tasksOf(boyang, p, 'status=open');
    expect(after.find((t) => t.id === volunteerTask.id)).toMatchObject({ assignee: { id: ids.osm }, escalatedTo: { id: ids.nurseBoyang } });
    expect(after.find((t) => t.id === staffTask.id)).toMatchObject({ assignee: { id: ids.boyang }, escalatedTo: { id: ids.boyang } });
    expect((await boyang.get('/api/tasks?queue=mine')).body.map((t: Item) => t.id)).toContain(staffTask.id);
    const notices = await sql<{ user_id: string; kind: string; url: string; urgent: boolean }>`
      SELECT user_id, kind, url, urgent FROM notification_outbox WHERE url LIKE ${`%${volunteerTask.id}`} OR url LIKE ${`%${staffTask.id}`} ORDER BY user_id`.execute(
      f.database.db,
    );
    const byUser = (u: string) => notices.rows.filter((r) => r.user_id === u).map(({ user_id: _, ...r }) => r);
    expect(notices.rows).toHaveLength(3);
    expect(byUser(ids.nurseBoyang)).toEqual([{ kind: 'task.escalated', url: `/tasks?queue=mine&task=${volunteerTask.id}`, urgent: false }]);
    expect(byUser(ids.osm)).toEqual([{ kind: 'task.escalated', url: `/tasks?queue=mine&task=${volunteerTask.id}`, urgent: false }]);
    expect(byUser(ids.boyang)).toEqual([{ kind: 'task.escalated', url: `/tasks?queue=mine&task=${staffTask.id}`, urgent: true }]);
    expect((await audits(p, 'task.escalated')).map((a) => (a.details as { task: string; to: string }).to)).toEqual([ids.nurseBoyang, ids.boyang]);
  });

  it('runs by itself every interval once started, as the server starts it', async () => {
    const p = await newPerson();
    await sign(sw, p, 'q9', { ...Q9_NONE, q9: 1 });
    const [t] = await tasksOf(sw, p, 'status=open');
    await setDue(t!.id, addDays(today, -1));
    const seen: string[] = [];
    const job = startEscalation(f.database, { force: true, firstMs: 10, intervalMs: 100, onPass: (r) => seen.push(...r.map((e) => e.taskId)) });
    try {
      await expect.poll(() => seen.includes(t!.id), { timeout: 10_000 }).toBe(true);
    } finally {
      await job.stop();
    }
    expect(seen.filter((id) => id === t!.id)).toHaveLength(1);
    expect((await tasksOf(sw, p))[0]).toMatchObject({ escalatedTo: { id: ids.boyang } });
  });
});
