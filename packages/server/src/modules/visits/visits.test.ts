import { randomUUID } from 'node:crypto';
import { thaiToday } from '@carehub/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { asSystem } from '../../db/context.js';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import type { ApiClient } from '../../testing/server.js';
import { refreshFollowUps } from './service.js';

let f: Fixture;
let osm: ApiClient; // volunteer of ต.บ่อยาง, with a caseload
let nurse: ApiClient; // health professional of อ.หาดใหญ่: another area
let boyang: ApiClient; // subdistrict admin of ต.บ่อยาง: supervises
let mine: string[]; // osm.boyang's caseload
let other: string; // a person of ต.บ่อยาง outside that caseload
let caseload: string[]; // everything assigned to osm.boyang (the seed assigns some too)

// A JPEG's first bytes (FF D8 FF E0 …): photos are checked by magic number.
const PHOTO = `data:image/jpeg;base64,/9j/4AAQSkZJRgAB${'A'.repeat(984)}`;
const visit = (personId: string, extra: Record<string, unknown> = {}) => ({
  id: randomUUID(),
  personId,
  visitedAt: '2026-11-20T10:00:00+07:00',
  gps: { lat: 7.1901, lng: 100.5951 },
  present: ['self', 'caregiver'],
  vitals: { systolic: 130, diastolic: 80, pulse: 76 },
  needs: [],
  help: [],
  photos: [],
  note: 'เยี่ยมตามนัด',
  nextVisitOn: '2026-12-04',
  assessmentIds: [],
  ...extra,
});

/** Registers `n` persons in ต.บ่อยาง as the admin and assigns the first `assign` to the volunteer. */
async function registerAndAssign(admin: ApiClient, volunteer: ApiClient, n: number, assign: number): Promise<string[]> {
  const userId = (await volunteer.get('/api/me')).body.id;
  const names = ['บุญมา', 'สมจิต', 'ประไพ', 'ละเอียด', 'จันทร์เพ็ญ', 'ทองใบ', 'สายสุนีย์'];
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const r = await admin.post('/api/persons', {
      cidMissingReason: 'unknown',
      titleTh: 'นาง',
      firstNameTh: names[i],
      lastNameTh: 'เยี่ยมบ้านทดสอบ',
      birthDate: String(2480 + i),
      sex: 'female',
      areaCode: '900101',
      confirmNotDuplicate: true,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    ids.push(r.body.id);
  }
  for (const personId of ids.slice(0, assign)) expect((await admin.post('/api/caseload', { personId, userId })).status).toBe(201);
  return ids;
}

beforeAll(async () => {
  f = await createFixture({}, 60);
  [osm, nurse, boyang] = await Promise.all([f.as('osm.boyang'), f.as('nurse.hatyai'), f.as('boyang')]);
  // Seven people of ต.บ่อยาง registered by the subdistrict admin; six go to the volunteer's caseload.
  const created = await registerAndAssign(boyang, osm, 7, 6);
  other = created[6]!;
  mine = created.slice(0, 6);
  caseload = (await osm.get('/api/caseload')).body.map((c: { personId: string }) => c.personId);
  expect(caseload).toEqual(expect.arrayContaining(mine));
});
afterAll(() => f?.close());

describe('a volunteer’s scope is their caseload', () => {
  it('lists, reads and records only the persons assigned to them', async () => {
    const list = await osm.get('/api/persons?pageSize=100');
    expect(list.body.items.map((p: { id: string }) => p.id).sort()).toEqual([...caseload].sort());
    expect((await osm.get(`/api/persons/${other}`)).status).toBe(404);
    expect((await osm.post('/api/visits', visit(other))).status).toBe(404);
    expect((await osm.get(`/api/persons/${mine[0]}`)).status).toBe(200);
    // The staff of the area still see everyone there.
    expect((await boyang.get(`/api/persons/${other}`)).status).toBe(200);
  });

  it('refuses to let a volunteer register a new person, with a clear message', async () => {
    const r = await osm.post('/api/persons', { cidMissingReason: 'unknown', firstNameTh: 'ใหม่', lastNameTh: 'ทดสอบ', sex: 'female', areaCode: '900101' });
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('forbidden.caseload_only');
  });

  it('follows assignment: a person added to the caseload becomes visible, and ending it hides them again', async () => {
    const me = await osm.get('/api/me');
    const assigned = await boyang.post('/api/caseload', { personId: other, userId: me.body.id });
    expect(assigned.status).toBe(201);
    expect((await osm.get(`/api/persons/${other}`)).status).toBe(200);
    expect((await boyang.post('/api/caseload', { personId: other, userId: me.body.id })).status).toBe(409);
    expect((await osm.post('/api/caseload', { personId: other, userId: me.body.id })).status).toBe(403);
    expect((await boyang.delete(`/api/caseload/${assigned.body.id}`)).status).toBe(204);
    expect((await osm.get(`/api/persons/${other}`)).status).toBe(404);
  });
});

describe('recording a visit', () => {
  it('stores a visit once, however many times and however concurrently it is sent', async () => {
    const v = visit(mine[0]!);
    const replies = await Promise.all(Array.from({ length: 8 }, () => osm.post('/api/visits', v)));
    expect(replies.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 200, 200, 200, 201]);
    expect(new Set(replies.map((r) => r.body.id))).toEqual(new Set([v.id]));
    const { n } = await f.database.db
      .selectFrom('visits')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('id', '=', v.id)
      .executeTakeFirstOrThrow();
    expect(n).toBe(1);
    const audits = await f.database.db.selectFrom('audit_log').select('details').where('action', '=', 'visit.recorded').execute();
    expect(audits.filter((a) => (a.details as { visit: string }).visit === v.id)).toHaveLength(1);
    // Another user cannot reuse the id.
    expect((await boyang.post('/api/visits', v)).status).toBe(409);
  });

  it('range-checks vital signs and answers 400 naming the field', async () => {
    const cases: Array<[Record<string, number>, string]> = [
      [{ systolic: 400 }, 'vitals.systolic'],
      [{ pulse: 5 }, 'vitals.pulse'],
      [{ weight: 0 }, 'vitals.weight'],
      [{ systolic: 80, diastolic: 120 }, 'vitals.diastolic'],
    ];
    for (const [vitals, path] of cases) {
      const r = await osm.post('/api/visits', visit(mine[1]!, { vitals }));
      expect(r.status, JSON.stringify(vitals)).toBe(400);
      expect(r.body.details.fields.map((x: { path: string }) => x.path)).toContain(path);
      expect(r.body.details.fields[0].message_th).toMatch(/[\u0E00-\u0E7F]/);
    }
  });

  it('limits photos in number and size', async () => {
    expect((await osm.post('/api/visits', visit(mine[1]!, { photos: Array(7).fill(PHOTO) }))).status).toBe(400);
    expect((await osm.post('/api/visits', visit(mine[1]!, { photos: [`data:image/jpeg;base64,${'A'.repeat(400_001)}`] }))).status).toBe(400);
    expect((await osm.post('/api/visits', visit(mine[1]!, { photos: ['data:text/html;base64,PGh0bWw+'] }))).status).toBe(400);
    const ok = await osm.post('/api/visits', visit(mine[1]!, { photos: [PHOTO, PHOTO] }));
    expect(ok.status).toBe(201);
    expect(ok.body.photoCount).toBe(2);
    const one = await boyang.get(`/api/visits/${ok.body.id}`);
    expect(one.body.photos).toEqual([PHOTO, PHOTO]);
  });

  it('keeps visits append-only in the database itself', async () => {
    const v = (await osm.post('/api/visits', visit(mine[2]!))).body;
    await expect(sql`UPDATE visits SET note = 'changed' WHERE id = ${v.id}`.execute(f.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM visits WHERE id = ${v.id}`.execute(f.database.db)).rejects.toThrow(/append-only/);
  });
});

describe('review', () => {
  it('lets a supervisor approve or return with a comment, which the volunteer then sees; nobody reviews their own', async () => {
    const a = (await osm.post('/api/visits', visit(mine[0]!, { visitedAt: '2026-11-21T09:00:00+07:00' }))).body;
    const b = (await osm.post('/api/visits', visit(mine[1]!, { visitedAt: '2026-11-21T10:00:00+07:00' }))).body;
    expect((await osm.post(`/api/visits/${a.id}/review`, { decision: 'approve' })).status).toBe(403);
    expect((await nurse.post(`/api/visits/${a.id}/review`, { decision: 'approve' })).status).toBe(404);
    expect((await boyang.post(`/api/visits/${b.id}/review`, { decision: 'return' })).status).toBe(400);
    expect((await boyang.post(`/api/visits/${a.id}/review`, { decision: 'approve' })).body.review).toMatchObject({ status: 'approved' });
    const returned = await boyang.post(`/api/visits/${b.id}/review`, { decision: 'return', comment: 'ความดันสูงผิดปกติ กรุณาวัดซ้ำ' });
    expect(returned.body.review).toMatchObject({ status: 'returned', comment: 'ความดันสูงผิดปกติ กรุณาวัดซ้ำ' });
    expect((await boyang.post(`/api/visits/${a.id}/review`, { decision: 'return', comment: 'x' })).status).toBe(409);
    const me = await osm.get('/api/me');
    const seen = await osm.get(`/api/visits?recordedBy=${me.body.id}&status=returned`);
    expect(seen.body.map((v: { id: string; review: { comment: string } }) => [v.id, v.review.comment])).toContainEqual([b.id, 'ความดันสูงผิดปกติ กรุณาวัดซ้ำ']);
  });
});

describe('review that protects the stipend (issue 17)', () => {
  const stored = async (id: string) =>
    Number(
      (
        await f.database.db
          .selectFrom('visits')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('refuses an impossible reading (BP 300/20, 45 °C) naming the field in Thai and English, and stores nothing; an alarming one is kept with its alarms', async () => {
    const [person] = await registerAndAssign(boyang, osm, 1, 1);
    const cases: Array<[Record<string, number>, string[]]> = [
      [{ systolic: 300, diastolic: 20 }, ['vitals.diastolic', 'vitals.systolic']],
      [{ temperature: 45 }, ['vitals.temperature']],
      [{ systolic: 130, diastolic: 25 }, ['vitals.diastolic']],
    ];
    for (const [vitals, paths] of cases) {
      const v = visit(person!, { vitals });
      const r = await osm.post('/api/visits', v);
      expect(r.status, JSON.stringify(vitals)).toBe(400);
      const fields = r.body.details.fields as Array<{ path: string; message_th: string; message_en: string }>;
      expect(fields.map((x) => x.path).sort()).toEqual(paths);
      expect(fields[0]!.message_th).toContain('วัดซ้ำ');
      expect(fields[0]!.message_en).toContain('not a possible reading');
      expect(await stored(v.id)).toBe(0);
    }
    expect((await boyang.get(`/api/visits?personId=${person}`)).body).toEqual([]);
    const ok = await osm.post('/api/visits', visit(person!, { vitals: { systolic: 220, diastolic: 120, temperature: 40.5 } }));
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body.alarms.map((a: { code: string }) => a.code)).toEqual(['bp.crisis', 'temperature.fever']);
  });

  it('shows the reviewer the Barthel recorded inside a visit, in the pending list and the visit itself, within the same scope', async () => {
    const [person] = await registerAndAssign(boyang, osm, 1, 1);
    const v = visit(person!, { visitedAt: '2026-11-24T09:00:00+07:00' });
    // As the phone sends it: the assessment first, naming the visit, then the visit naming it.
    const answers = Object.fromEntries(
      ['feeding', 'grooming', 'transfer', 'toilet', 'mobility', 'dressing', 'stairs', 'bathing', 'bowels', 'bladder'].map((id) => [id, 1]),
    );
    const a = await osm.post(`/api/persons/${person}/assessments`, { instrumentCode: 'barthel', instrumentVersion: 1, answers, sign: true, visitId: v.id });
    expect(a.status, JSON.stringify(a.body)).toBe(201);
    expect((await osm.post('/api/visits', { ...v, assessmentIds: [a.body.id] })).status).toBe(201);
    const expected = {
      id: a.body.id,
      instrumentCode: 'barthel',
      instrumentTitle: expect.objectContaining({ en: expect.stringContaining('Barthel') }),
      status: 'signed',
      scores: { total: 10 },
      bands: [expect.objectContaining({ code: 'homebound', label: expect.objectContaining({ th: 'ติดบ้าน' }) })],
      // Barthel ≤ 11 raises the long-term-care alert: the reviewer sees it with the visit.
      alerts: [expect.objectContaining({ severity: 'warning', message: expect.objectContaining({ en: expect.stringContaining('long-term care') }) })],
    };
    const pending = (await boyang.get('/api/visits?status=pending&limit=500')).body.find((x: { id: string }) => x.id === v.id);
    expect(pending.assessments).toEqual([expect.objectContaining(expected)]);
    expect((await boyang.get(`/api/visits/${v.id}`)).body.assessments).toEqual([expect.objectContaining(expected)]);
    // A visit without one lists none; a reviewer of another area sees neither the visit nor its assessment.
    expect((await boyang.get('/api/visits?status=pending&limit=500')).body.every((x: { assessments?: unknown[] }) => Array.isArray(x.assessments))).toBe(true);
    expect((await nurse.get(`/api/visits/${v.id}`)).status).toBe(404);
    expect((await nurse.get('/api/visits?limit=500')).body.map((x: { id: string }) => x.id)).not.toContain(v.id);
  });

  it('approves several visits at once, returns several with one reason, and decides none when one cannot be', async () => {
    const people = await registerAndAssign(boyang, osm, 4, 4);
    const ids: string[] = [];
    for (const [i, p] of people.entries()) {
      const r = await osm.post('/api/visits', visit(p, { visitedAt: `2026-11-26T0${i + 1}:00:00+07:00` }));
      expect(r.status).toBe(201);
      ids.push(r.body.id);
    }
    const status = async (id: string) => (await boyang.get(`/api/visits/${id}`)).body.review.status;
    // Returning needs a reason; a volunteer may not review; another area's supervisor finds nothing.
    const noReason = await boyang.post('/api/visits/review', { visitIds: ids.slice(0, 2), decision: 'return' });
    expect(noReason.status).toBe(400);
    expect(noReason.body.details.fields.map((x: { path: string }) => x.path)).toContain('comment');
    expect((await boyang.post('/api/visits/review', { visitIds: ids.slice(0, 2), decision: 'return', comment: '   ' })).status).toBe(400);
    expect((await boyang.post('/api/visits/review', { visitIds: [ids[0], ids[0]], decision: 'approve' })).status).toBe(400);
    expect((await boyang.post('/api/visits/review', { visitIds: [], decision: 'approve' })).status).toBe(400);
    expect((await osm.post('/api/visits/review', { visitIds: ids.slice(0, 2), decision: 'approve' })).status).toBe(403);
    expect((await nurse.post('/api/visits/review', { visitIds: ids.slice(0, 2), decision: 'approve' })).status).toBe(404);
    // One already decided: the batch is refused, naming it, and the others stay pending.
    expect((await boyang.post(`/api/visits/${ids[3]}/review`, { decision: 'approve' })).status).toBe(200);
    const stale = await boyang.post('/api/visits/review', { visitIds: [ids[0], ids[3]], decision: 'approve' });
    expect(stale.status).toBe(409);
    expect(stale.body.details.visits).toEqual([ids[3]]);
    expect(await status(ids[0]!)).toBe('pending');
    for (const id of ids.slice(0, 3)) expect(await status(id)).toBe('pending');

    const approved = await boyang.post('/api/visits/review', { visitIds: ids.slice(0, 2), decision: 'approve' });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toEqual({ reviewed: ids.slice(0, 2), status: 'approved' });
    for (const id of ids.slice(0, 2)) expect(await status(id)).toBe('approved');
    const audits = await f.database.db.selectFrom('audit_log').select('details').where('action', '=', 'visit.approved').execute();
    expect(audits.map((x) => x.details).filter((d) => ids.slice(0, 2).includes((d as { visit: string }).visit))).toEqual([
      expect.objectContaining({ batch: 2 }),
      expect.objectContaining({ batch: 2 }),
    ]);

    const returned = await boyang.post('/api/visits/review', { visitIds: [ids[2]], decision: 'return', comment: 'ไม่มีรูปถ่าย กรุณาแนบรูป' });
    expect(returned.body).toEqual({ reviewed: [ids[2]], status: 'returned' });
    expect((await boyang.get(`/api/visits/${ids[2]}`)).body.review).toMatchObject({ status: 'returned', comment: 'ไม่มีรูปถ่าย กรุณาแนบรูป' });
  });

  it('gives a too-fast flag its minutes and a same-place flag its households and point, for each language to word', async () => {
    const people = await registerAndAssign(boyang, osm, 3, 3);
    const at = (hm: string) => `2026-11-27T${hm}:00+07:00`;
    const gps = { lat: 7.18, lng: 100.58 };
    const ids: string[] = [];
    for (const [p, when] of [
      [people[0], at('09:00')],
      [people[1], at('09:03')],
      [people[2], at('11:00')],
    ] as const) {
      const r = await osm.post('/api/visits', visit(p!, { visitedAt: when, gps }));
      expect(r.status).toBe(201);
      ids.push(r.body.id);
    }
    const flags = (await boyang.get('/api/visits-implausible?from=2026-11-27&to=2026-11-27')).body;
    expect(flags).toContainEqual({ kind: 'too_fast', volunteer: 'สมศรี อาสา', visits: [ids[0], ids[1]], minutes: 3 });
    expect(flags).toContainEqual({ kind: 'same_place', volunteer: 'สมศรี อาสา', visits: expect.arrayContaining(ids), households: 3, lat: 7.18, lng: 100.58 });
    expect(flags.every((x: { detail?: string }) => x.detail === undefined)).toBe(true);
    // Two visits stamped the same minute are one pair, flagged once.
    const [p4, p5] = await registerAndAssign(boyang, osm, 2, 2);
    const same: string[] = [];
    for (const p of [p4, p5]) same.push((await osm.post('/api/visits', visit(p!, { visitedAt: at('14:00'), gps: null }))).body.id);
    const again = (await boyang.get('/api/visits-implausible?from=2026-11-27&to=2026-11-27')).body.filter(
      (x: { kind: string; visits: string[] }) => x.kind === 'too_fast' && x.visits.some((id) => same.includes(id)),
    );
    expect(again).toEqual([{ kind: 'too_fast', volunteer: 'สมศรี อาสา', visits: expect.arrayContaining(same), minutes: 0 }]);
    expect(flags.filter((x: { kind: string }) => x.kind === 'too_fast')).toHaveLength(1);
    expect((await osm.get('/api/visits-implausible?from=2026-11-27&to=2026-11-27')).status).toBe(403);
  });
});

describe('visit intervals', () => {
  it('come from VISIT_INTERVALS, default by ADL group, and a bad value stops the start with a clear message', async () => {
    expect((await osm.get('/api/visits/settings')).body).toEqual({ intervals: { bedridden: 7, homebound: 14, social: 30, unknown: 30 } });
    const before = process.env.VISIT_INTERVALS;
    try {
      process.env.VISIT_INTERVALS = 'bedridden=3,homebound=10';
      expect(loadConfig().visitIntervals).toEqual({ bedridden: 3, homebound: 10, social: 30, unknown: 30 });
      process.env.VISIT_INTERVALS = 'bedridden=0';
      expect(() => loadConfig()).toThrow(/VISIT_INTERVALS must look like/);
      process.env.VISIT_INTERVALS = 'weekly=7';
      expect(() => loadConfig()).toThrow(/VISIT_INTERVALS/);
    } finally {
      if (before === undefined) delete process.env.VISIT_INTERVALS;
      else process.env.VISIT_INTERVALS = before;
    }
  });
});

describe('supervisor overview', () => {
  it('counts each volunteer’s caseload, overdue persons, recent visits and pending reviews, within the supervisor’s areas', async () => {
    const me = (await osm.get('/api/me')).body.id;
    const pending = (await boyang.get(`/api/visits?recordedBy=${me}&status=pending&limit=500`)).body.length;
    const caseloadNow = (await osm.get('/api/caseload')).body;
    const overdue = caseloadNow.filter(
      (c: { nextVisitOn: string | null }) => c.nextVisitOn === null || c.nextVisitOn < new Date(Date.now() + 7 * 3600_000).toISOString().slice(0, 10),
    ).length;
    const rows = (await boyang.get('/api/visits-overview')).body;
    expect(rows.find((r: { userId: string }) => r.userId === me)).toMatchObject({ volunteer: 'สมศรี อาสา', persons: caseloadNow.length, overdue, pending });
    expect((await nurse.get('/api/visits-overview')).body.map((r: { userId: string }) => r.userId)).not.toContain(me);
    expect((await osm.get('/api/visits-overview')).status).toBe(403);
  });
});

describe('follow-up tasks', () => {
  it('opens an overdue-visit task once for the volunteer, however often the rules run, and closes it when the visit is made', async () => {
    const person = mine[3]!;
    await osm.post('/api/visits', visit(person, { visitedAt: '2026-10-01T09:00:00+07:00', nextVisitOn: '2026-10-15' }));
    for (let i = 0; i < 3; i++) await asSystem(f.database.db, (tx) => refreshFollowUps(tx, person, '2026-11-23'));
    const tasks = await osm.get(`/api/tasks?personId=${person}`);
    const overdue = tasks.body.filter((t: { kind: string }) => t.kind === 'visit_overdue');
    expect(overdue).toHaveLength(1);
    expect(overdue[0]).toMatchObject({ severity: 'urgent', status: 'open' });
    // Visited now, next visit in two weeks: relative to today, so the test does not age into a new overdue task.
    const inTwoWeeks = new Date(Date.parse(thaiToday()) + 14 * 86_400_000).toISOString().slice(0, 10);
    await osm.post('/api/visits', visit(person, { visitedAt: new Date().toISOString(), nextVisitOn: inTwoWeeks }));
    const after = await osm.get(`/api/tasks?personId=${person}`);
    expect(after.body.filter((t: { kind: string }) => t.kind === 'visit_overdue')).toHaveLength(0);
  });

  it('raises a vital-sign alarm as an urgent task', async () => {
    const person = mine[4]!;
    const r = await osm.post('/api/visits', visit(person, { vitals: { systolic: 190, diastolic: 115 } }));
    expect(r.body.alarms.map((a: { severity: string }) => a.severity)).toContain('urgent');
    const tasks = await boyang.get(`/api/tasks?personId=${person}`);
    expect(tasks.body.some((t: { kind: string; severity: string }) => t.kind === 'vital_alarm' && t.severity === 'urgent')).toBe(true);
  });

  it('opens a warning task for an orange blood pressure (175/105) and an urgent one for a red (185/95), once each, by the 7-colour tiers', async () => {
    const [orange, red] = await registerAndAssign(boyang, osm, 2, 2);
    // 175/105 with a non-fasting sugar of 250 raised nothing before the 7-colour tiers.
    const o = await osm.post('/api/visits', visit(orange!, { vitals: { systolic: 175, diastolic: 105, sugar: 250 } }));
    expect(o.status, JSON.stringify(o.body)).toBe(201);
    expect(o.body.alarms.map((a: { code: string; severity: string }) => [a.code, a.severity])).toEqual([
      ['bp.level2', 'warning'],
      ['sugar.high', 'warning'],
    ]);
    const r = await osm.post('/api/visits', visit(red!, { vitals: { systolic: 185, diastolic: 95, sugarFasting: 160 } }));
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.alarms.map((a: { code: string; severity: string }) => [a.code, a.severity])).toEqual([
      ['bp.crisis', 'urgent'],
      ['sugar.fasting_level2', 'warning'],
    ]);
    // The daily pass runs the same rules again: still one task per finding.
    await asSystem(f.database.db, (tx) => refreshFollowUps(tx, orange!, '2026-11-20'));
    const alarmTasks = async (person: string) =>
      (await boyang.get(`/api/tasks?personId=${person}`)).body
        .filter((t: { kind: string }) => t.kind === 'vital_alarm')
        .map((t: { severity: string; message: { th: string } }) => [t.severity, t.message.th])
        .sort();
    expect(await alarmTasks(orange!)).toEqual([
      ['warning', expect.stringContaining('สีส้ม')],
      ['warning', expect.stringContaining('ไม่ได้งดอาหาร')],
    ]);
    expect(await alarmTasks(red!)).toEqual([
      ['urgent', expect.stringContaining('≥ 180/110')],
      ['warning', expect.stringContaining('สีส้ม')],
    ]);
  });
});

describe('volunteer activity report', () => {
  it('counts a hand-made month exactly, in Thai time', async () => {
    const fresh = await createFixture({}, 30);
    try {
      const v = await fresh.as('osm.boyang');
      const admin = await fresh.as('boyang');
      const people = await registerAndAssign(admin, v, 3, 3);
      const sent = [
        // Three visits of two persons in October (Thai time), one of them on 31 Oct at 23:30.
        visit(people[0], { visitedAt: '2026-10-02T09:00:00+07:00', needs: [{ code: 'income.no_income' }] }),
        visit(people[0], { visitedAt: '2026-10-16T09:00:00+07:00', help: [{ code: HELP }] }),
        visit(people[1], { visitedAt: '2026-10-31T23:30:00+07:00', needs: [{ code: 'income.no_income' }, { code: NEED_2 }], help: [{ code: HELP }] }),
        // Not October: 1 Nov 00:10 in Thailand (still 31 Oct in UTC), and September.
        visit(people[1], { visitedAt: '2026-11-01T00:10:00+07:00' }),
        visit(people[2], { visitedAt: '2026-09-30T12:00:00+07:00' }),
      ];
      const ids: string[] = [];
      for (const s of sent) {
        const r = await v.post('/api/visits', s);
        expect(r.status, JSON.stringify(r.body)).toBe(201);
        ids.push(r.body.id);
      }
      await admin.post(`/api/visits/${ids[0]}/review`, { decision: 'approve' });
      await admin.post(`/api/visits/${ids[1]}/review`, { decision: 'return', comment: 'แก้ไข' });
      const report = await admin.get('/api/reports/volunteer-activity?month=2026-10');
      expect(report.body).toEqual([
        expect.objectContaining({ volunteer: 'สมศรี อาสา', visits: 3, persons: 2, needsFound: 3, helpGiven: 2, approved: 1, returned: 1, pending: 1 }),
      ]);
      const xlsx = await admin.download('/api/reports/volunteer-activity?month=2026-10&format=xlsx');
      expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
      const bytes = new Uint8Array(await xlsx.arrayBuffer());
      expect([bytes[0], bytes[1]]).toEqual([0x50, 0x4b]); // a ZIP container, as every XLSX is
      const pdf = await admin.download('/api/reports/volunteer-activity?month=2026-10&format=pdf');
      expect(pdf.headers.get('content-type')).toBe('application/pdf');
      const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
      const doc = await getDocument({ data: new Uint8Array(await pdf.arrayBuffer()) }).promise;
      const text = (await (await doc.getPage(1)).getTextContent()).items.map((it) => ('str' in it ? it.str : '')).join(' ');
      expect(text.replace(/\s+/g, '')).toContain('ตุลาคม2569');
      expect(text.replace(/\s+/g, '')).toContain('สมศรีอาสา');
      expect((await v.get('/api/reports/volunteer-activity?month=2026-10')).status).toBe(403);
    } finally {
      await fresh.close();
    }
  });
});

const HELP = 'help.allowance_applied';
const NEED_2 = 'device.wheelchair';
