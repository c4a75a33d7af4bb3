import { randomUUID } from 'node:crypto';
import type { AreaPlan } from '@carehub/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser } from '../../db/context.js';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import type { ApiClient } from '../../testing/server.js';

/**
 * The subdistrict quality-of-life plan over real HTTP, against a registry whose open needs are
 * worked out by hand below: a draft counts them, the admin edits the projects, a stale save is
 * refused, another district is refused, everything is audited, and the PDF reads back in Thai.
 */
let f: Fixture;
let boyang: ApiClient; // subdistrict admin of 900101
let province: ApiClient; // songkhla: province admin of 90
let hatyai: ApiClient; // district admin of 9011: not 900101
let sw: ApiClient; // social worker of 900101: reads only
let rpst = ''; // รพ.สต.บ่อยาง
const ids: Record<string, string> = {};

const DAY = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * DAY);
const yearsAgo = (n: number) => `${new Date().getUTCFullYear() - n}-01-01`;

type P = { key: string; area: string; birth?: string; flags?: string[]; adl?: 'bedridden'; status?: 'deceased' };
/**
 * Bo Yang (900101), living: P1 P2 P3 P4 P7; P5 has died. Khao Rup Chang (900102): P6.
 * Latest (not returned) visits:
 * - P1: wheelchair + home adaptation, no help → both open.
 * - P2: an older visit found a wheelchair need; the latest one found a cane need → only the cane counts.
 * - P3: wheelchair + not enough food, given a food parcel → only the wheelchair is open.
 * - P4: the latest visit (home adaptation) was returned; the one before found nothing → nothing open.
 * - P5 (dead) and P6 (other subdistrict) need a wheelchair: not counted. P7 was never visited.
 * So: device 3 persons (wheelchair 2: P1 P3; cane 1: P2), housing 1 (adaptation: P1); 3 persons with needs.
 * Groups: disability P1 P7; elderly P1 (75); bedridden P2; awaiting rehabilitation P3.
 */
const PERSONS: P[] = [
  { key: 'P1', area: '900101', birth: yearsAgo(75), flags: ['disability'] },
  { key: 'P2', area: '900101', adl: 'bedridden' },
  { key: 'P3', area: '900101', birth: yearsAgo(40), flags: ['awaiting_rehabilitation'] },
  { key: 'P4', area: '900101' },
  { key: 'P5', area: '900101', status: 'deceased' },
  { key: 'P6', area: '900102' },
  { key: 'P7', area: '900101', flags: ['disability'] },
];

const EXPECTED_NEEDS = {
  persons: 5,
  personsVisited: 4,
  personsWithNeeds: 3,
  categories: [
    {
      category: 'device',
      persons: 3,
      needs: [
        { code: 'device.wheelchair', persons: 2 },
        { code: 'device.cane', persons: 1 },
      ],
    },
    { category: 'housing', persons: 1, needs: [{ code: 'housing.adaptation', persons: 1 }] },
  ],
  vulnerability: [
    { key: 'disability', persons: 2 },
    { key: 'elderly', persons: 1 },
    { key: 'bedridden', persons: 1 },
    { key: 'awaiting_rehabilitation', persons: 1 },
  ],
};

beforeAll(async () => {
  f = await createFixture({}, 0);
  [boyang, province, hatyai, sw] = await Promise.all([f.as('boyang'), f.as('songkhla'), f.as('hatyai'), f.as('sw.boyang')]);
  const db = f.database.db;
  const osm = await db.selectFrom('users').select('id').where('username', '=', 'osm.boyang').executeTakeFirstOrThrow();
  rpst = (await db.selectFrom('organisations').select('id').where('name', '=', 'โรงพยาบาลส่งเสริมสุขภาพตำบลบ่อยาง').executeTakeFirstOrThrow()).id;
  for (const p of PERSONS) {
    const row = await db
      .insertInto('persons')
      .values({
        first_name_th: `ลับเฉพาะ${p.key}`,
        last_name_th: 'แผนตำบล',
        cid_missing_reason: 'unknown',
        birth_date: p.birth ?? null,
        sex: 'female',
        area_code: p.area,
        flags: p.flags ?? [],
        adl_group: p.adl ?? null,
        status: p.status ?? 'alive',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids[p.key] = row.id;
  }
  const visit = (key: string, daysAgo: number, needs: string[], help: string[] = [], review: 'pending' | 'returned' = 'pending') => ({
    id: randomUUID(),
    person_id: ids[key]!,
    visited_at: ago(daysAgo),
    next_visit_on: '2099-01-01',
    needs: JSON.stringify(needs.map((code) => ({ code }))),
    help: JSON.stringify(help.map((code) => ({ code }))),
    recorded_by: osm.id,
    review_status: review,
  });
  await db
    .insertInto('visits')
    .values([
      visit('P1', 5, ['device.wheelchair', 'housing.adaptation']),
      visit('P2', 40, ['device.wheelchair']),
      visit('P2', 3, ['device.cane']),
      visit('P3', 2, ['device.wheelchair', 'food.insecure'], ['help.food_parcel']),
      visit('P4', 30, []),
      visit('P4', 1, ['housing.adaptation'], [], 'returned'),
      visit('P5', 10, ['device.wheelchair']),
      visit('P6', 10, ['device.wheelchair']),
    ])
    .execute();
}, 60_000);
afterAll(() => f?.close());

let plan: AreaPlan;
let raceWinner = '';
const projectInput = (p: AreaPlan['projects'][number]) => ({
  id: p.id,
  title: p.title,
  description: p.description,
  needCategories: p.needCategories,
  targetPersons: p.targetPersons,
  budget: p.budget,
  fundingSource: p.fundingSource,
  organisationId: p.organisationId,
  startOn: p.startOn,
  endOn: p.endOn,
});
const actions = async (id: string) =>
  (await f.database.db.selectFrom('audit_log').select(['action', 'actor_username', 'area_code']).where('subject_id', '=', id).orderBy('id').execute()).map(
    (a) => `${a.action}:${a.actor_username}:${a.area_code}`,
  );

describe('subdistrict quality-of-life plan', () => {
  it('drafts from the open needs of the subdistrict: counts only, one project per need category', async () => {
    const r = await boyang.post<AreaPlan>('/api/area-plans', { areaCode: '900101', fiscalYear: 2570 });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    plan = r.body;
    expect(plan).toMatchObject({
      areaCode: '900101',
      area: { subdistrict: 'บ่อยาง', district: 'เมืองสงขลา', province: 'สงขลา' },
      fiscalYear: 2570,
      title: 'แผนพัฒนาคุณภาพชีวิตตำบลบ่อยาง ปีงบประมาณ 2570',
      status: 'draft',
      version: 1,
      canEdit: true,
      created: { by: 'อรุณี บ่อยาง' },
    });
    expect(plan.needs).toEqual({ ...EXPECTED_NEEDS, asOf: expect.any(String) });
    expect(plan.needsNow).toEqual({ ...EXPECTED_NEEDS, asOf: expect.any(String) });
    expect(plan.projects.map((p) => [p.title, p.description, p.needCategories, p.targetPersons, p.status, p.budget])).toEqual([
      ['อุปกรณ์ช่วยเหลือคนพิการ/ผู้สูงอายุ (3 คน)', 'ความต้องการจากการเยี่ยมบ้าน: รถเข็นนั่ง 2 คน, ไม้เท้า 1 คน', ['device'], 3, 'planned', null],
      ['ที่อยู่อาศัยและการปรับสภาพบ้าน (1 คน)', 'ความต้องการจากการเยี่ยมบ้าน: ปรับสภาพบ้าน (ราวจับ ทางลาด ห้องน้ำ) 1 คน', ['housing'], 1, 'planned', null],
    ]);
    // Never a name nor a person's id.
    const text = JSON.stringify(r.body);
    expect(text).not.toContain('ลับเฉพาะ');
    for (const id of Object.values(ids)) expect(text).not.toContain(id);
    // The stored snapshot holds counts only too.
    const stored = await f.database.db.selectFrom('area_plans').select('needs').where('id', '=', plan.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(stored.needs)).not.toContain(ids.P1!);

    const again = await province.post('/api/area-plans', { areaCode: '900101', fiscalYear: 2570 });
    expect(again.status).toBe(409);
    expect(again.body).toMatchObject({ code: 'areaplan.exists', message_th: expect.stringContaining('ปีงบประมาณนี้แล้ว'), details: { id: plan.id } });
    const notSubdistrict = await boyang.post('/api/area-plans', { areaCode: '9001', fiscalYear: 2570 });
    expect(notSubdistrict.body).toMatchObject({ code: 'validation.failed' });
    expect(notSubdistrict.body.details.fields).toEqual([
      {
        path: 'areaCode',
        message_th: 'แผนพัฒนาคุณภาพชีวิตจัดทำรายตำบล กรุณาเลือกตำบล',
        message_en: 'A quality-of-life plan is made per subdistrict; choose a subdistrict',
      },
    ]);
    const district = await province.post('/api/area-plans', { areaCode: '900100', fiscalYear: 2570 });
    expect(district.status).toBe(404);
  });

  it('saves the admin’s edits: budgets, funds, agencies, projects added and removed', async () => {
    const [device] = plan.projects;
    const r = await boyang.put<AreaPlan>(`/api/area-plans/${plan.id}`, {
      version: 1,
      title: plan.title,
      notes: 'ผ่านการประชุมคณะกรรมการ',
      projects: [
        {
          ...projectInput(device!),
          title: 'จัดหารถเข็นและไม้เท้า',
          budget: 150_000.5,
          fundingSource: 'disability_fund',
          organisationId: rpst,
          startOn: '2026-12-01',
          endOn: '2027-03-31',
        },
        { title: 'กายภาพบำบัดที่บ้าน', needCategories: ['rehab'], targetPersons: 4, budget: 20_000, fundingSource: 'local_health_fund', organisationId: rpst },
      ],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.version).toBe(2);
    expect(r.body.notes).toBe('ผ่านการประชุมคณะกรรมการ');
    expect(
      r.body.projects.map((p) => [
        p.id === device!.id,
        p.title,
        p.budget,
        p.fundingSource,
        p.organisation,
        p.startOn,
        p.endOn,
        p.needCategories,
        p.targetPersons,
      ]),
    ).toEqual([
      [true, 'จัดหารถเข็นและไม้เท้า', 150_000.5, 'disability_fund', 'โรงพยาบาลส่งเสริมสุขภาพตำบลบ่อยาง', '2026-12-01', '2027-03-31', ['device'], 3],
      [false, 'กายภาพบำบัดที่บ้าน', 20_000, 'local_health_fund', 'โรงพยาบาลส่งเสริมสุขภาพตำบลบ่อยาง', null, null, ['rehab'], 4],
    ]);
    expect(r.body.updated.by).toBe('อรุณี บ่อยาง');
    // A cost without a fund is refused at the field, in Thai and English.
    const bad = await boyang.put(`/api/area-plans/${plan.id}`, {
      version: 2,
      title: plan.title,
      projects: [{ title: 'x', targetPersons: 1, budget: 10 }],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.details.fields).toContainEqual(expect.objectContaining({ path: 'projects.0.fundingSource', message_th: 'ระบุแหล่งงบประมาณเมื่อมีงบประมาณ' }));
    plan = r.body;
  });

  it('refuses a save made from an older version, and keeps the newer one', async () => {
    // A province admin saves from version 2 first; then the subdistrict admin, also from version 2.
    const first = await province.put<AreaPlan>(`/api/area-plans/${plan.id}`, {
      version: 2,
      title: plan.title,
      notes: 'แก้ไขโดยจังหวัด',
      projects: plan.projects.map(projectInput),
    });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.version).toBe(3);
    const stale = await boyang.put(`/api/area-plans/${plan.id}`, {
      version: 2,
      title: 'ชื่อที่จะทับของผู้อื่น',
      projects: [],
    });
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({
      code: 'conflict.stale',
      message_th: 'ข้อมูลถูกแก้ไขโดยผู้อื่นแล้ว กรุณาโหลดใหม่ก่อนแก้ไข',
      details: { latestVersion: 3, updatedBy: 'สมพร ศรีสงขลา' },
    });
    const now = await boyang.get<AreaPlan>(`/api/area-plans/${plan.id}`);
    expect(now.body).toMatchObject({ version: 3, title: plan.title, notes: 'แก้ไขโดยจังหวัด' });
    expect(now.body.projects).toHaveLength(2);

    // Two saves at once from the same version: one wins, the other is refused (the row lock orders them).
    const race = await Promise.all(
      [boyang, province].map((c, i) =>
        c.put<AreaPlan>(`/api/area-plans/${plan.id}`, { version: 3, title: plan.title, notes: `พร้อมกัน ${i}`, projects: now.body.projects.map(projectInput) }),
      ),
    );
    expect(race.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = race.findIndex((r) => r.status === 200);
    raceWinner = winner === 0 ? 'boyang' : 'songkhla';
    expect(race[1 - winner]!.body).toMatchObject({ code: 'conflict.stale', details: { latestVersion: 4 } });
    const after = await boyang.get<AreaPlan>(`/api/area-plans/${plan.id}`);
    expect(after.body).toMatchObject({ version: 4, notes: `พร้อมกัน ${winner}` });
    plan = after.body;
  });

  it('keeps another district out (403) on the server and in the database, and lets a social worker only read', async () => {
    for (const r of [
      await hatyai.get(`/api/area-plans/${plan.id}`),
      await hatyai.put(`/api/area-plans/${plan.id}`, { version: 4, title: 'x', projects: [] }),
      await hatyai.post(`/api/area-plans/${plan.id}/approve`, { version: 4 }),
      await hatyai.get(`/api/area-plans/${plan.id}/pdf`),
      await hatyai.post('/api/area-plans', { areaCode: '900101', fiscalYear: 2571 }),
      await hatyai.get('/api/area-plans?area=9001'),
    ]) {
      expect(r.status).toBe(403);
      expect(r.body.code).toBe('forbidden.out_of_scope');
    }
    expect((await hatyai.get('/api/area-plans')).body).toEqual([]);
    // Row-level security hides it too, whatever the query.
    const hatyaiUser = await f.database.db.selectFrom('users').select('id').where('username', '=', 'hatyai').executeTakeFirstOrThrow();
    const seen = await asUser(f.database.db, { userId: hatyaiUser.id, scopes: ['9011'] }, (tx) => tx.selectFrom('area_plans').select('id').execute());
    expect(seen).toEqual([]);

    const read = await sw.get<AreaPlan>(`/api/area-plans/${plan.id}`);
    expect(read.status).toBe(200);
    expect(read.body.canEdit).toBe(false);
    const write = await sw.put(`/api/area-plans/${plan.id}`, { version: 4, title: 'x', projects: [] });
    expect(write.status).toBe(403);
    expect(write.body.code).toBe('forbidden');
    const list = await sw.get('/api/area-plans?year=2570');
    expect(list.body).toEqual([
      expect.objectContaining({ id: plan.id, areaName: 'บ่อยาง', fiscalYear: 2570, projects: 2, projectsDone: 0, budget: 170_000.5, status: 'draft' }),
    ]);
  });

  it('approves a ready plan, then tracks each project through its states', async () => {
    // The rehab project loses its agency: not ready.
    const unready = await boyang.put<AreaPlan>(`/api/area-plans/${plan.id}`, {
      version: 4,
      title: plan.title,
      notes: plan.notes,
      projects: plan.projects.map((p, i) => ({ ...projectInput(p), organisationId: i === 1 ? null : p.organisationId })),
    });
    expect(unready.status).toBe(200);
    const refused = await boyang.post(`/api/area-plans/${plan.id}/approve`, { version: 5 });
    expect(refused.status).toBe(400);
    expect(refused.body.details.fields).toEqual([
      { path: 'projects.1.organisationId', message_th: 'โครงการที่ 2: ระบุหน่วยงานที่รับผิดชอบ', message_en: 'Project 2: give the responsible organisation' },
    ]);
    // Progress is tracked on approved plans only.
    const early = await boyang.post(`/api/area-plans/${plan.id}/projects/${plan.projects[0]!.id}/progress`, { version: 5, status: 'in_progress' });
    expect(early.body.code).toBe('areaplan.not_approved');
    const fixed = await boyang.put<AreaPlan>(`/api/area-plans/${plan.id}`, {
      version: 5,
      title: plan.title,
      notes: plan.notes,
      projects: plan.projects.map(projectInput),
    });
    const approved = await boyang.post<AreaPlan>(`/api/area-plans/${plan.id}/approve`, { version: fixed.body.version });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', version: 7, approved: { by: 'อรุณี บ่อยาง' } });

    const device = plan.projects[0]!.id;
    const skip = await boyang.post(`/api/area-plans/${plan.id}/projects/${device}/progress`, { version: 7, status: 'done' });
    expect(skip.status).toBe(409);
    expect(skip.body.code).toBe('areaplan.illegal_transition');
    const started = await boyang.post<AreaPlan>(`/api/area-plans/${plan.id}/projects/${device}/progress`, {
      version: 7,
      status: 'in_progress',
      note: 'สั่งซื้อรถเข็น 2 คัน',
    });
    expect(started.status, JSON.stringify(started.body)).toBe(200);
    const noted = await boyang.post<AreaPlan>(`/api/area-plans/${plan.id}/projects/${device}/progress`, { version: 8, note: 'ส่งมอบแล้ว 1 คัน' });
    const done = await boyang.post<AreaPlan>(`/api/area-plans/${plan.id}/projects/${device}/progress`, { version: noted.body.version, status: 'done' });
    expect(done.body.version).toBe(10);
    const p = done.body.projects[0]!;
    expect(p.status).toBe('done');
    expect(p.updates.map((u) => [u.fromStatus, u.toStatus, u.note, u.by])).toEqual([
      ['planned', 'in_progress', 'สั่งซื้อรถเข็น 2 คัน', 'อรุณี บ่อยาง'],
      ['in_progress', 'in_progress', 'ส่งมอบแล้ว 1 คัน', 'อรุณี บ่อยาง'],
      ['in_progress', 'done', null, 'อรุณี บ่อยาง'],
    ]);
    // An approved plan's project is cancelled, not removed; an approved plan is not deleted.
    const removing = await boyang.put(`/api/area-plans/${plan.id}`, { version: 10, title: plan.title, projects: [projectInput(p)] });
    expect(removing.body.code).toBe('areaplan.project_tracked');
    const del = await boyang.delete(`/api/area-plans/${plan.id}?version=10&confirm=true`);
    expect(del.body.code).toBe('areaplan.not_draft');
    plan = done.body;
  });

  it('deletes a draft only when confirmed, from the current version', async () => {
    const draft = await boyang.post<AreaPlan>('/api/area-plans', { areaCode: '900101', fiscalYear: 2571 });
    expect(draft.status).toBe(201);
    const unconfirmed = await boyang.delete(`/api/area-plans/${draft.body.id}?version=1`);
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body).toMatchObject({ code: 'areaplan.confirm_required', message_th: 'กรุณายืนยันการลบแผน' });
    expect((await boyang.delete(`/api/area-plans/${draft.body.id}?version=2&confirm=true`)).status).toBe(409);
    expect((await sw.delete(`/api/area-plans/${draft.body.id}?version=1&confirm=true`)).status).toBe(403);
    expect((await boyang.delete(`/api/area-plans/${draft.body.id}?version=1&confirm=true`)).status).toBe(204);
    expect((await boyang.get(`/api/area-plans/${draft.body.id}`)).status).toBe(404);
    expect(await actions(draft.body.id)).toEqual(['areaplan.created:boyang:900101', 'areaplan.deleted:boyang:900101']);
  });

  it('prints a Thai A4 PDF: area, fiscal year in BE, needs, projects, budget by fund, signatures; and no names', async () => {
    const res = await sw.download(`/api/area-plans/${plan.id}/pdf`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/pdf');
    expect(res.headers.get('content-disposition')).toContain('area-plan-900101-2570.pdf');
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await getDocument({ data: new Uint8Array(await res.arrayBuffer()) }).promise;
    const page = await doc.getPage(1);
    const [, , width, height] = page.view;
    expect([Math.round(width!), Math.round(height!)]).toEqual([842, 595]); // A4 landscape, in points
    let text = '';
    for (let i = 1; i <= doc.numPages; i++) text += (await (await doc.getPage(i)).getTextContent()).items.map((it) => ('str' in it ? it.str : '')).join('');
    // Sarabun draws ำ as two glyphs and the PDF's text map reads them back as ำ + า: undo that artefact.
    const flat = text.replace(/\s+/g, '').replaceAll('\u0e33\u0e32', '\u0e33');
    for (const expected of [
      'แผนพัฒนาคุณภาพชีวิตตำบล',
      'ตำบลบ่อยางอำเภอเมืองสงขลาจังหวัดสงขลา',
      'ปีงบประมาณ2570',
      'อนุมัติแล้ว',
      'รถเข็นนั่ง',
      'จัดหารถเข็นและไม้เท้า',
      'กายภาพบำบัดที่บ้าน',
      '150,000.50',
      '170,000.50', // the total
      'กองทุนส่งเสริมและพัฒนาคุณภาพชีวิตคนพิการ',
      'กองทุนหลักประกันสุขภาพระดับท้องถิ่น(กองทุนตำบล)',
      '1ธ.ค.2569–31มี.ค.2570', // the project's period, in the Buddhist era
      'เสร็จสิ้น',
      'ผู้อนุมัติแผน',
    ])
      expect(flat).toContain(expected);
    expect(flat).not.toContain('ลับเฉพาะ');
  });

  it('audits every read and change of the plan, with the user and the subdistrict', async () => {
    expect(await actions(plan.id)).toEqual([
      'areaplan.created:boyang:900101',
      'areaplan.updated:boyang:900101',
      'areaplan.updated:songkhla:900101',
      'areaplan.read:boyang:900101',
      `areaplan.updated:${raceWinner}:900101`,
      'areaplan.read:boyang:900101',
      'areaplan.read:sw.boyang:900101',
      'areaplan.updated:boyang:900101',
      'areaplan.updated:boyang:900101',
      'areaplan.approved:boyang:900101',
      'areaplan.project_progress:boyang:900101',
      'areaplan.project_progress:boyang:900101',
      'areaplan.project_progress:boyang:900101',
      'areaplan.printed:sw.boyang:900101',
    ]);
  });
});
