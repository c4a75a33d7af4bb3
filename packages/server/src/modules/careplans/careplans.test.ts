import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser } from '../../db/context.js';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import type { ApiClient } from '../../testing/server.js';

let f: Fixture;
let sw: ApiClient; // social worker of ต.บ่อยาง
let nurse: ApiClient; // nurse of โรงพยาบาลหาดใหญ่, another district
let osm: ApiClient; // volunteer of ต.บ่อยาง, sees only the persons assigned to her
let personId: string;
let hospital: string;

beforeAll(async () => {
  f = await createFixture({}, 0);
  [sw, nurse, osm] = await Promise.all([f.as('sw.boyang'), f.as('nurse.hatyai'), f.as('osm.boyang')]);
  const p = await sw.post('/api/persons', {
    cidMissingReason: 'unknown',
    titleTh: 'นาง',
    firstNameTh: 'บุญมี',
    lastNameTh: 'แผนดูแล',
    birthDate: '2488-03-01',
    sex: 'female',
    areaCode: '900101',
  });
  expect(p.status, JSON.stringify(p.body)).toBe(201);
  personId = p.body.id;
  hospital = (await nurse.get('/api/me')).body.organisation.id;
});
afterAll(() => f?.close());

const plan = (extra: Partial<Record<'problems' | 'goals' | 'activities' | 'reviews', unknown[]>> = {}) => ({
  problems: [{ id: 'p1', text: 'ติดเตียงหลังโรคหลอดเลือดสมอง เสี่ยงแผลกดทับ', target: 'person' }],
  goals: [{ id: 'g1', problemIds: ['p1'], text: 'ไม่มีแผลกดทับ', measure: 'ตรวจผิวหนังทุกสัปดาห์ ไม่พบแผล', targetDate: '2027-02-28' }],
  activities: [
    {
      id: 'a1',
      goalId: 'g1',
      text: 'จัดหาที่นอนลม',
      organisationId: hospital,
      dueOn: '2026-12-15',
      cost: 3500,
      funding: 'provincial_rehabilitation_fund',
    },
    { id: 'a2', goalId: 'g1', text: 'สอนญาติพลิกตะแคงตัวทุก 2 ชั่วโมง', target: 'family', responsible: 'อสม. สมศรี' },
  ],
  ...extra,
});
const save = (c: ApiClient, baseVersion: number, body: unknown, changeNote?: string) =>
  c.put(`/api/persons/${personId}/care-plan`, { baseVersion, body, ...(changeNote ? { changeNote } : {}) });

describe('care plans', () => {
  it('start empty, save whole as numbered versions, and refuse a save from a version no longer the latest', async () => {
    const empty = await sw.get(`/api/persons/${personId}/care-plan`);
    expect(empty.status).toBe(200);
    expect(empty.body).toMatchObject({ version: 0, body: { problems: [], goals: [], activities: [] }, history: [] });

    const v1 = await save(sw, 0, plan(), 'แผนแรกหลังเยี่ยมบ้าน');
    expect(v1.status, JSON.stringify(v1.body)).toBe(200);
    expect(v1.body).toMatchObject({ version: 1, changeNote: 'แผนแรกหลังเยี่ยมบ้าน', agreement: null, organisations: { [hospital]: 'โรงพยาบาลหาดใหญ่' } });

    // Two people edit version 1; the second to save is told, and nothing of the first is lost.
    const mine = plan({ reviews: [{ id: 'r1', on: '2026-11-20', outcome: 'ญาติพลิกตัวได้ถูกวิธี', by: 'มาลี' }] });
    const v2 = await save(sw, 1, mine);
    expect(v2.body.version).toBe(2);
    const stale = await save(sw, 1, plan({ problems: [], goals: [], activities: [] }));
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ code: 'conflict.stale', details: { latestVersion: 2 } });

    const latest = await sw.get(`/api/persons/${personId}/care-plan`);
    expect(latest.body.version).toBe(2);
    expect(latest.body.body.reviews).toHaveLength(1);
    expect(latest.body.history.map((h: { version: number }) => h.version)).toEqual([2, 1]);
    expect(latest.body.history[0].changes).toEqual([{ part: 'reviews', id: 'r1', change: 'added' }]);
    const first = await sw.get(`/api/persons/${personId}/care-plan?version=1`);
    expect(first.body).toMatchObject({ version: 1, body: { reviews: [] } });
    expect((await sw.get(`/api/persons/${personId}/care-plan?version=9`)).status).toBe(404);
  });

  it('refuse a plan whose parts do not fit together, with Thai and English reasons', async () => {
    const r = await save(sw, 2, plan({ activities: [{ id: 'a9', goalId: 'nope', text: 'x', cost: 100 }] }));
    expect(r.status).toBe(400);
    const paths = r.body.details.fields.map((x: { path: string }) => x.path);
    expect(paths).toEqual(expect.arrayContaining(['body.activities.0.goalId', 'body.activities.0.funding', 'body.activities.0.responsible']));
    expect(r.body.details.fields.find((x: { path: string }) => x.path === 'body.activities.0.funding')).toMatchObject({
      message_th: 'ระบุแหล่งงบประมาณเมื่อมีค่าใช้จ่าย',
      message_en: 'Give the funding source of a cost',
    });
    const unknownOrg = await save(sw, 2, plan({ activities: [{ id: 'a1', text: 'x', organisationId: '00000000-0000-4000-8000-000000000000' }] }));
    expect(unknownOrg.status).toBe(400);
  });

  it('never change a saved version, even for the database owner', async () => {
    await expect(sql`UPDATE care_plans SET change_note = 'แก้' WHERE person_id = ${personId}`.execute(f.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM care_plans WHERE person_id = ${personId}`.execute(f.database.db)).rejects.toThrow(/append-only/);
  });

  it('record the person’s or guardian’s agreement to one version; a new version is not agreed until agreed again', async () => {
    const agreed = await sw.post(`/api/persons/${personId}/care-plan/agreement`, {
      version: 2,
      agreedBy: 'guardian',
      agreedByName: 'นายสมชาย แผนดูแล (บุตร)',
      method: 'signature',
      agreedOn: '2026-11-21',
    });
    expect(agreed.status, JSON.stringify(agreed.body)).toBe(200);
    expect(agreed.body.agreement).toMatchObject({ agreedBy: 'guardian', agreedOn: '2026-11-21', recordedBy: 'มาลี รักษ์ชุมชน' });
    const future = await sw.post(`/api/persons/${personId}/care-plan/agreement`, {
      version: 2,
      agreedBy: 'self',
      agreedByName: 'x',
      method: 'verbal',
      agreedOn: '2099-01-01',
    });
    expect(future.status).toBe(400);
    const v3 = await save(sw, 2, plan({ activities: [...plan().activities!, { id: 'a3', text: 'ประสานเบี้ยความพิการ', responsible: 'อบต.', target: 'person' }] }));
    expect(v3.body).toMatchObject({ version: 3, agreement: null });
    expect(v3.body.history.map((h: { agreed: boolean }) => h.agreed)).toEqual([false, true, false]);
  });

  it('print as a PDF in Thai: the text read back from the file is the plan', async () => {
    const res = await sw.download(`/api/persons/${personId}/care-plan.pdf?version=2`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await getDocument({ data: new Uint8Array(await res.arrayBuffer()) }).promise;
    let text = '';
    for (let i = 1; i <= doc.numPages; i++) text += (await (await doc.getPage(i)).getTextContent()).items.map((it) => ('str' in it ? it.str : '')).join('');
    const flat = text.replace(/\s+/g, '');
    for (const expected of [
      'แผนการดูแลรายบุคคล',
      'นางบุญมีแผนดูแล',
      'ฉบับที่2',
      'ติดเตียงหลังโรคหลอดเลือดสมองเสี่ยงแผลกดทับ',
      'จัดหาที่นอนลม',
      'โรงพยาบาลหาดใหญ่',
      'กองทุนฟื้นฟูสมรรถภาพจังหวัด',
      '3,500.00',
      '28ก.พ.2570', // the goal's target date, in the Buddhist era
      'ญาติพลิกตัวได้ถูกวิธี',
      'นายสมชายแผนดูแล(บุตร)',
    ])
      expect(flat).toContain(expected);
    const audits = await f.database.db
      .selectFrom('audit_log')
      .select('details')
      .where('subject_id', '=', personId)
      .where('action', '=', 'person.read')
      .execute();
    expect(audits.some((a) => (a.details as { part?: string }).part === 'care_plan_pdf')).toBe(true);
  });

  it('keep a case team, and record case conferences whose decisions become plan activities in one step', async () => {
    const me = (await sw.get('/api/me')).body;
    const added = await sw.post(`/api/persons/${personId}/team`, { role: 'social_worker', userId: me.id });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    const team = await sw.post(`/api/persons/${personId}/team`, { role: 'physiotherapist', name: 'กภ.วิภา ฟื้นฟู', organisationId: hospital, phone: '074-200000' });
    expect(team.body.map((m: { name: string; organisation: string }) => [m.name, m.organisation])).toEqual([
      ['มาลี รักษ์ชุมชน', 'โรงพยาบาลส่งเสริมสุขภาพตำบลบ่อยาง'],
      ['กภ.วิภา ฟื้นฟู', 'โรงพยาบาลหาดใหญ่'],
    ]);
    expect((await sw.post(`/api/persons/${personId}/team`, { role: 'nurse' })).status).toBe(400);
    const removed = await sw.post(`/api/persons/${personId}/team/${team.body[1].id}/remove`, {});
    expect(removed.body).toHaveLength(1);
    expect((await sw.post(`/api/persons/${personId}/team/${team.body[1].id}/remove`, {})).status).toBe(404);

    const conference = {
      heldOn: '2026-11-22',
      place: 'รพ.สต.บ่อยาง',
      attendees: [
        { name: 'มาลี รักษ์ชุมชน', role: 'social_worker' },
        { name: 'กานดา พยาบาล', role: 'nurse', organisation: 'โรงพยาบาลหาดใหญ่' },
      ],
      summary: 'ผู้ป่วยติดเตียง ญาติดูแลได้บางส่วน',
      decisions: [
        { text: 'ส่งกายภาพบำบัดที่บ้านสัปดาห์ละครั้ง', activity: { text: 'กายภาพบำบัดที่บ้าน', organisationId: hospital, dueOn: '2026-12-01', goalId: 'g1' } },
        { text: 'ติดตามในการประชุมครั้งหน้า' },
      ],
    };
    // Decided against version 2, but the plan is at 3: refused, nothing written.
    const stale = await sw.post(`/api/persons/${personId}/conferences`, { ...conference, baseVersion: 2 });
    expect(stale.status).toBe(409);
    expect((await sw.get(`/api/persons/${personId}/conferences`)).body).toEqual([]);

    const held = await sw.post(`/api/persons/${personId}/conferences`, { ...conference, baseVersion: 3 });
    expect(held.status, JSON.stringify(held.body)).toBe(201);
    expect(held.body).toMatchObject({
      planVersion: 4,
      recordedBy: 'มาลี รักษ์ชุมชน',
      decisions: [{ text: conference.decisions[0]!.text }, { text: conference.decisions[1]!.text }],
    });
    const activityId = held.body.decisions[0].activityId;
    expect(held.body.decisions[1].activityId).toBeUndefined();
    const v4 = await sw.get(`/api/persons/${personId}/care-plan`);
    expect(v4.body.version).toBe(4);
    expect(v4.body.body.activities.find((a: { id: string }) => a.id === activityId)).toMatchObject({
      text: 'กายภาพบำบัดที่บ้าน',
      status: 'planned',
      conferenceId: held.body.id,
    });
    // A decision naming a goal the plan lacks is refused.
    const bad = await sw.post(`/api/persons/${personId}/conferences`, {
      ...conference,
      baseVersion: 4,
      decisions: [{ text: 'x', activity: { text: 'y', goalId: 'g404', responsible: 'ทีม' } }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details.fields[0].path).toBe('plan.activities.4.goalId');

    const audits = await f.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('subject_id', '=', personId)
      .where((eb) => eb.or([eb('action', 'like', 'careplan.%'), eb('action', 'like', 'careteam.%'), eb('action', 'like', 'conference.%')]))
      .orderBy('id')
      .execute();
    expect(audits.map((a) => a.action)).toEqual([
      'careplan.saved',
      'careplan.saved',
      'careplan.agreed',
      'careplan.saved',
      'careteam.added',
      'careteam.added',
      'careteam.removed',
      'careplan.saved',
      'conference.recorded',
    ]);
  });

  it('show every version, and the team, to every reader, whoever in which area wrote them', async () => {
    // nurse.hatyai (district 9011) writes; sw.hatyai (ต.หาดใหญ่ only) cannot list her as a user, yet sees her work.
    const swHatyai = await f.as('sw.hatyai');
    const p = await swHatyai.post('/api/persons', {
      cidMissingReason: 'unknown',
      firstNameTh: 'ทีม',
      lastNameTh: 'ข้ามพื้นที่',
      birthDate: '2490',
      sex: 'male',
      areaCode: '901101',
    });
    expect(p.status).toBe(201);
    const nurseId = (await nurse.get('/api/me')).body.id;
    expect((await nurse.put(`/api/persons/${p.body.id}/care-plan`, { baseVersion: 0, body: plan() })).status).toBe(200);
    expect((await nurse.post(`/api/persons/${p.body.id}/team`, { role: 'nurse', userId: nurseId })).status).toBe(200);
    const seen = await swHatyai.get(`/api/persons/${p.body.id}/care-plan`);
    expect(seen.body).toMatchObject({ version: 1, createdBy: 'กานดา พยาบาล' });
    expect((await swHatyai.put(`/api/persons/${p.body.id}/care-plan`, { baseVersion: 1, body: plan() })).status).toBe(200);
    const team = await swHatyai.get(`/api/persons/${p.body.id}/team`);
    expect(team.body).toEqual([expect.objectContaining({ name: 'กานดา พยาบาล', organisation: 'โรงพยาบาลหาดใหญ่' })]);
  });

  it('are the person’s data: nobody outside the person’s area, caseload or open referrals reads or writes them', async () => {
    for (const c of [nurse, osm]) {
      expect((await c.get(`/api/persons/${personId}/care-plan`)).status).toBe(404);
      expect((await c.get(`/api/persons/${personId}/team`)).status).toBe(404);
      expect((await c.get(`/api/persons/${personId}/conferences`)).status).toBe(404);
      expect((await c.download(`/api/persons/${personId}/care-plan.pdf`)).status).toBe(404);
    }
    expect((await save(nurse, 4, plan())).status).toBe(404);
    // Row-level security agrees: as the hospital, the database itself shows no plan of this person.
    const nurseId = (await nurse.get('/api/me')).body.id;
    const count = () =>
      asUser(f.database.db, { userId: nurseId, scopes: ['9011'], organisationId: hospital }, async (tx) =>
        Number(
          (
            await tx
              .selectFrom('care_plans')
              .select((eb) => eb.fn.countAll().as('n'))
              .where('person_id', '=', personId)
              .executeTakeFirstOrThrow()
          ).n,
        ),
      );
    expect(await count()).toBe(0);
  });
});
