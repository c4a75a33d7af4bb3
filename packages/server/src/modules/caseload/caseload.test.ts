import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import type { ApiClient } from '../../testing/server.js';

/**
 * Village territories and bulk caseload changes over HTTP, on PGlite and PostgreSQL: previews equal
 * what the act then does, a stale preview changes nothing, undo puts back what the act changed,
 * every change is audited per person, and a subdistrict's supervisor reaches no other subdistrict.
 */
let f: Fixture;
let boyang: ApiClient; // subdistrict admin of ต.บ่อยาง (900101)
let hatyai: ApiClient; // district admin of อ.หาดใหญ่ (9011)
let osm: ApiClient; // volunteer of ต.บ่อยาง
let osmId: string;
let otherId: string; // a second volunteer of ต.บ่อยาง
let farId: string; // a volunteer of ต.คอหงส์ (901101), Hat Yai
const VILLAGE = 7;

async function insertPersons(area: string, village: number, n: number, tag: string): Promise<string[]> {
  const rows = await f.database.db
    .insertInto('persons')
    .values(
      Array.from({ length: n }, (_, i) => ({
        first_name_th: `${tag}${i}`,
        last_name_th: 'หมู่บ้านทดสอบ',
        sex: 'female' as const,
        area_code: area,
        village_no: village,
        cid_missing_reason: 'unknown',
      })),
    )
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

async function insertVolunteer(username: string, area: string): Promise<string> {
  const template = await f.database.db.selectFrom('users').selectAll().where('username', '=', 'osm.boyang').executeTakeFirstOrThrow();
  const org = await f.database.db.selectFrom('organisations').select('id').where('area_code', '=', area).executeTakeFirst();
  const row = await f.database.db
    .insertInto('users')
    .values({
      username,
      display_name: `อาสา ${username}`,
      password_hash: template.password_hash,
      role: 'volunteer_osm',
      organisation_id: org?.id ?? template.organisation_id,
      area_code: area,
      scopes: [area],
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function caseloadOf(userId: string, area = '900101'): Promise<string[]> {
  const rows = await f.database.db
    .selectFrom('caseload_assignments as c')
    .innerJoin('persons as p', 'p.id', 'c.person_id')
    .select('c.person_id')
    .where('c.user_id', '=', userId)
    .where('c.ended_at', 'is', null)
    .where('p.area_code', 'like', `${area}%`)
    .execute();
  return rows.map((r) => r.person_id).sort();
}

async function assign(personIds: string[], userId: string) {
  await f.database.db
    .insertInto('caseload_assignments')
    .values(personIds.map((person_id) => ({ person_id, user_id: userId })))
    .execute();
}

beforeAll(async () => {
  f = await createFixture({}, 30);
  [boyang, hatyai, osm] = await Promise.all([f.as('boyang'), f.as('hatyai'), f.as('osm.boyang')]);
  osmId = (await osm.get('/api/me')).body.id;
  otherId = await insertVolunteer('osm.boyang2', '900101');
  farId = await insertVolunteer('osm.khohong', '901101');
}, 180_000);
afterAll(() => f?.close());

describe('village territories', () => {
  it('lets the supervisor make a volunteer responsible for a village, once, and end it', async () => {
    const r = await boyang.post('/api/caseload/territories', { userId: osmId, areaCode: '900101', villageNo: VILLAGE });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect((await boyang.post('/api/caseload/territories', { userId: osmId, areaCode: '900101', villageNo: VILLAGE })).status).toBe(409);
    const overview = await boyang.get('/api/caseload/territories?area=900101');
    expect(overview.status).toBe(200);
    const village = overview.body.villages.find((v: { villageNo: number }) => v.villageNo === VILLAGE);
    expect(village.volunteers.map((v: { userId: string }) => v.userId)).toEqual([osmId]);
    expect(overview.body.volunteers.find((v: { id: string }) => v.id === osmId).villages).toEqual([VILLAGE]);
    const audits = await f.database.db.selectFrom('audit_log').select(['subject_id', 'details']).where('action', '=', 'territory.assigned').execute();
    expect(audits).toEqual([{ subject_id: osmId, details: { villageNo: VILLAGE } }]);

    const second = await boyang.post('/api/caseload/territories', { userId: otherId, areaCode: '900101', villageNo: 9 });
    expect(second.status).toBe(201);
    expect((await boyang.delete(`/api/caseload/territories/${second.body.id}`)).status).toBe(204);
    expect((await boyang.delete(`/api/caseload/territories/${second.body.id}`)).status).toBe(409);
    const after = await boyang.get('/api/caseload/territories?area=900101');
    expect(after.body.volunteers.find((v: { id: string }) => v.id === otherId).villages).toEqual([]);
  });

  it('refuses a village outside the supervisor’s subdistrict, a volunteer of another subdistrict, and a volunteer acting', async () => {
    const outside = await boyang.post('/api/caseload/territories', { userId: osmId, areaCode: '901101', villageNo: 1 });
    expect(outside.status).toBe(403);
    expect(outside.body.code).toBe('forbidden.out_of_scope');
    expect((await boyang.get('/api/caseload/territories?area=901101')).status).toBe(403);
    // The Hat Yai volunteer is not even visible to Bo Yang's supervisor.
    const far = await boyang.post('/api/caseload/territories', { userId: farId, areaCode: '900101', villageNo: 1 });
    expect(far.status).toBe(400);
    expect(far.body.details.fields[0].path).toBe('userId');
    // The district admin of Hat Yai sees the volunteer, who still does not work in ต.บ่อยาง's district.
    const wrong = await hatyai.post('/api/caseload/territories', { userId: farId, areaCode: '901102', villageNo: 1 });
    expect(wrong.status).toBe(400);
    expect(wrong.body.details.fields[0].message_en).toMatch(/does not work in this subdistrict/);
    expect((await osm.post('/api/caseload/territories', { userId: osmId, areaCode: '900101', villageNo: 2 })).status).toBe(403);
    expect((await boyang.post('/api/caseload/territories', { userId: osmId, areaCode: '900101', villageNo: 100 })).status).toBe(400);
  });
});

describe('bulk assignment of a village', () => {
  let village: string[];
  let taken: string[];

  beforeAll(async () => {
    village = await insertPersons('900101', VILLAGE, 12, 'หมู่เจ็ด');
    taken = village.slice(0, 3);
    await assign(taken, otherId);
  });

  it('previews who joins, who stays with their volunteer, and then does exactly that in one act', async () => {
    const op = { kind: 'assign_village', areaCode: '900101', villageNo: VILLAGE, userId: osmId };
    const before = await caseloadOf(osmId);
    const preview = await boyang.post('/api/caseload/bulk/preview', op);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toMatchObject({ assign: 9, end: 0, already: 0, kept: 3, leftWithout: 0 });
    // Previewing changed nothing.
    expect(await caseloadOf(osmId)).toEqual(before);
    // Without the confirmation nothing is done.
    expect((await boyang.post('/api/caseload/bulk', { operation: op, fingerprint: preview.body.fingerprint })).status).toBe(400);

    const done = await boyang.post('/api/caseload/bulk', { operation: op, fingerprint: preview.body.fingerprint, confirm: true });
    expect(done.status, JSON.stringify(done.body)).toBe(201);
    expect(done.body).toMatchObject({ assigned: preview.body.assign, ended: preview.body.end, kept: preview.body.kept, leftWithout: 0 });
    const now = await caseloadOf(osmId);
    expect(now.length - before.length).toBe(preview.body.assign);
    expect(now).toEqual(expect.arrayContaining(village.slice(3)));
    expect(await caseloadOf(otherId)).toEqual([...taken].sort());
    // One audit row per person added, naming the operation, and one for the act.
    const rows = await f.database.db.selectFrom('audit_log').select(['subject_id', 'details']).where('action', '=', 'caseload.assigned').execute();
    const ofOp = rows.filter((r) => (r.details as { operation?: string }).operation === done.body.operationId);
    expect(ofOp.map((r) => r.subject_id).sort()).toEqual([...village.slice(3)].sort());
    const act = await f.database.db.selectFrom('audit_log').selectAll().where('subject_id', '=', done.body.operationId).execute();
    expect(act.map((a) => a.action)).toEqual(['caseload.village_assigned']);
  });

  it('takes persons over from another volunteer only when asked, and a second run finds nothing left to do', async () => {
    const op = { kind: 'assign_village', areaCode: '900101', villageNo: VILLAGE, userId: osmId, takeOver: true };
    const preview = await boyang.post('/api/caseload/bulk/preview', op);
    expect(preview.body).toMatchObject({ assign: 3, end: 3, already: 9, kept: 0 });
    const done = await boyang.post('/api/caseload/bulk', { operation: op, fingerprint: preview.body.fingerprint, confirm: true });
    expect(done.body).toMatchObject({ assigned: 3, ended: 3 });
    expect(await caseloadOf(otherId)).toEqual([]);
    const again = await boyang.post('/api/caseload/bulk/preview', op);
    expect(again.body).toMatchObject({ assign: 0, end: 0, already: 12 });
  });

  it('refuses a preview that no longer holds and writes nothing', async () => {
    const extra = await insertPersons('900101', VILLAGE, 1, 'มาใหม่');
    const op = { kind: 'assign_village', areaCode: '900101', villageNo: VILLAGE, userId: otherId, takeOver: true };
    const preview = await boyang.post('/api/caseload/bulk/preview', op);
    expect(preview.body.assign).toBe(13);
    await assign(extra, osmId); // someone else acts in between
    const operations = await f.database.db.selectFrom('caseload_operations').select('id').execute();
    const stale = await boyang.post('/api/caseload/bulk', { operation: op, fingerprint: preview.body.fingerprint, confirm: true });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('caseload.preview_changed');
    expect(stale.body.details.preview.end).toBe(preview.body.end + 1);
    expect(await f.database.db.selectFrom('caseload_operations').select('id').execute()).toHaveLength(operations.length);
    expect(await caseloadOf(otherId)).toEqual([]);
  });
});

describe('every village to its volunteer at once', () => {
  it('gives each village with one responsible volunteer its persons on no caseload, and names who is left', async () => {
    const AREA = '900102';
    const [one, two, three] = await Promise.all([insertVolunteer('osm.v1', AREA), insertVolunteer('osm.v2', AREA), insertVolunteer('osm.v3', AREA)]);
    const v1 = await insertPersons(AREA, 1, 4, 'หนึ่ง');
    const v2 = await insertPersons(AREA, 2, 3, 'สอง');
    const v3 = await insertPersons(AREA, 3, 2, 'สาม'); // two volunteers: left to the supervisor
    const v4 = await insertPersons(AREA, 4, 2, 'สี่'); // nobody responsible
    await assign([v1[0]!], three); // already on someone's caseload: stays there
    await f.database.db
      .insertInto('volunteer_territories')
      .values([
        { user_id: one, area_code: AREA, village_no: 1 },
        { user_id: two, area_code: AREA, village_no: 2 },
        { user_id: one, area_code: AREA, village_no: 3 },
        { user_id: two, area_code: AREA, village_no: 3 },
      ])
      .execute();
    const district = await f.as('hatyai'); // not Mueang Songkhla's
    expect((await district.post('/api/caseload/bulk/preview', { kind: 'assign_territories', areaCode: AREA })).status).toBe(403);
    const songkhla = await f.as('songkhla');
    const op = { kind: 'assign_territories', areaCode: AREA };
    const before = await songkhla.get(`/api/caseload/territories?area=${AREA}`);
    const unassigned = before.body.villages.reduce((n: number, v: { unassigned: number }) => n + v.unassigned, 0);
    // The demo's own persons of the subdistrict count too.
    const u = (no: number) => before.body.villages.find((v: { villageNo: number }) => v.villageNo === no)?.unassigned ?? 0;
    expect(u(1)).toBeGreaterThanOrEqual(3);
    const preview = await songkhla.post('/api/caseload/bulk/preview', op);
    expect(preview.status, JSON.stringify(preview.body)).toBe(200);
    expect(preview.body).toMatchObject({ assign: u(1) + u(2), end: 0, kept: u(3), leftWithout: unassigned - u(1) - u(2) });
    const left = preview.body.leftWithoutNames.map((p: { id: string }) => p.id);
    expect(left).toEqual(expect.arrayContaining([...v3, ...v4]));
    const done = await songkhla.post('/api/caseload/bulk', { operation: op, fingerprint: preview.body.fingerprint, confirm: true });
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ assigned: preview.body.assign, ended: 0, leftWithout: preview.body.leftWithout });
    const ones = await caseloadOf(one, AREA);
    expect(ones).toHaveLength(u(1));
    expect(ones).toEqual(expect.arrayContaining(v1.slice(1)));
    expect(ones).not.toContain(v1[0]);
    expect(await caseloadOf(two, AREA)).toEqual(expect.arrayContaining(v2));
    expect(await caseloadOf(two, AREA)).toHaveLength(u(2));
    expect(await caseloadOf(three, AREA)).toEqual([v1[0]!]);
    const after = await songkhla.get(`/api/caseload/territories?area=${AREA}`);
    expect(after.body.villages.reduce((n: number, v: { unassigned: number }) => n + v.unassigned, 0)).toBe(preview.body.leftWithout);
    const undo = await songkhla.post(`/api/caseload/operations/${done.body.operationId}/undo`, { confirm: true });
    expect(undo.body).toMatchObject({ assigned: 0, ended: preview.body.assign });
    expect(await caseloadOf(one, AREA)).toEqual([]);
  });
});

describe('moving a caseload', () => {
  it('moves everything to another volunteer as previewed, and undo puts it back once', async () => {
    const mine = await caseloadOf(osmId);
    expect(mine.length).toBeGreaterThan(10);
    const op = { kind: 'transfer', areaCode: '900101', fromUserId: osmId, toUserId: otherId };
    const preview = await boyang.post('/api/caseload/bulk/preview', op);
    expect(preview.body).toMatchObject({ assign: mine.length, end: mine.length, already: 0, leftWithout: 0 });
    const done = await boyang.post('/api/caseload/bulk', { operation: op, fingerprint: preview.body.fingerprint, confirm: true });
    expect(done.status).toBe(201);
    expect(done.body).toMatchObject({ assigned: preview.body.assign, ended: preview.body.end });
    expect(await caseloadOf(osmId)).toEqual([]);
    expect(await caseloadOf(otherId)).toEqual(mine);
    // The volunteer who left sees nobody any more; the one who took over sees them.
    expect((await osm.get('/api/caseload')).body.filter((c: { personId: string }) => mine.includes(c.personId))).toEqual([]);

    const list = await boyang.get('/api/caseload/operations?area=900101');
    expect(list.body[0]).toMatchObject({ id: done.body.operationId, kind: 'transfer', undoneBy: null });
    expect((await boyang.post(`/api/caseload/operations/${done.body.operationId}/undo`, {})).status).toBe(400);
    const undo = await boyang.post(`/api/caseload/operations/${done.body.operationId}/undo`, { confirm: true });
    expect(undo.status, JSON.stringify(undo.body)).toBe(201);
    expect(undo.body).toMatchObject({ assigned: mine.length, ended: mine.length });
    expect(await caseloadOf(osmId)).toEqual(mine);
    expect(await caseloadOf(otherId)).toEqual([]);
    expect((await boyang.post(`/api/caseload/operations/${done.body.operationId}/undo`, { confirm: true })).status).toBe(409);
    const undone = await f.database.db.selectFrom('audit_log').select('action').where('subject_id', '=', done.body.operationId).execute();
    expect(undone.map((a) => a.action).sort()).toEqual(['caseload.operation_undone', 'caseload.transferred']);
  });

  it('names who is left on no caseload when a volunteer leaves with nobody taking over', async () => {
    const mine = await caseloadOf(osmId);
    const shared = mine[0]!;
    await assign([shared], otherId); // one person is also on another volunteer's caseload
    const op = { kind: 'transfer', areaCode: '900101', fromUserId: osmId, toUserId: null, villageNo: VILLAGE };
    const inVillage = (await f.database.db.selectFrom('persons').select('id').where('id', 'in', mine).where('village_no', '=', VILLAGE).execute()).map(
      (p) => p.id,
    );
    const preview = await boyang.post('/api/caseload/bulk/preview', op);
    expect(preview.body.end).toBe(inVillage.length);
    expect(preview.body.leftWithout).toBe(inVillage.filter((id) => id !== shared).length);
    expect(preview.body.leftWithoutNames.map((p: { id: string }) => p.id)).not.toContain(shared);
    expect(preview.body.leftWithoutNames.every((p: { villageNo: number }) => p.villageNo === VILLAGE)).toBe(true);
    const done = await boyang.post('/api/caseload/bulk', { operation: op, fingerprint: preview.body.fingerprint, confirm: true });
    expect(done.body).toMatchObject({ assigned: 0, ended: preview.body.end, leftWithout: preview.body.leftWithout });
    const overview = await boyang.get('/api/caseload/territories?area=900101');
    expect(overview.body.villages.find((v: { villageNo: number }) => v.villageNo === VILLAGE).unassigned).toBe(preview.body.leftWithout);
  });

  it('keeps each supervisor to their own subdistrict', async () => {
    const far = await insertPersons('901101', 2, 4, 'คอหงส์');
    await assign(far, farId);
    const op = { kind: 'transfer', areaCode: '901101', fromUserId: farId, toUserId: null };
    const refused = await boyang.post('/api/caseload/bulk/preview', op);
    expect(refused.status).toBe(403);
    expect((await boyang.post('/api/caseload/bulk', { operation: op, fingerprint: 'x'.repeat(32), confirm: true })).status).toBe(403);
    // Naming a Hat Yai volunteer from inside Bo Yang moves none of their Hat Yai people either.
    const sneaky = await boyang.post('/api/caseload/bulk/preview', { ...op, areaCode: '900101' });
    expect(sneaky.status).toBe(400);
    // Hat Yai's own district admin can, and Bo Yang's supervisor can neither see nor undo it.
    const preview = await hatyai.post('/api/caseload/bulk/preview', op);
    expect(preview.body).toMatchObject({ end: 4, leftWithout: 4 });
    const done = await hatyai.post('/api/caseload/bulk', { operation: op, fingerprint: preview.body.fingerprint, confirm: true });
    expect(done.status).toBe(201);
    expect((await boyang.post(`/api/caseload/operations/${done.body.operationId}/undo`, { confirm: true })).status).toBe(404);
    expect((await boyang.get('/api/caseload/operations?area=900101')).body.map((o: { id: string }) => o.id)).not.toContain(done.body.operationId);
    expect(await caseloadOf(farId, '901101')).toEqual([]);
    expect((await osm.post('/api/caseload/bulk/preview', op)).status).toBe(403);
  });
});
