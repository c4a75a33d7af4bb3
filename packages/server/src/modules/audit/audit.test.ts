import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser } from '../../db/context.js';
import { createFixture, DEMO_PASSWORD, type Fixture } from '../../testing/fixture.js';

let f: Fixture;
beforeAll(async () => {
  f = await createFixture();
});
afterAll(() => f?.close());

async function eventsFor(action: string) {
  return f.database.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id').execute();
}

describe('every audited act writes who, when, what, which record and from where', () => {
  it('sign-in, failed sign-in and sign-out', async () => {
    await f.client().login('osm.boyang', 'not-my-password');
    const c = await f.as('osm.boyang');
    await c.post('/api/auth/logout');
    const failed = (await eventsFor('auth.login_failed')).at(-1)!;
    expect(failed).toMatchObject({ actor_username: 'osm.boyang', area_code: '900101', ip: '127.0.0.1' });
    expect(JSON.stringify(failed.details)).not.toContain('not-my-password');
    const login = (await eventsFor('auth.login')).at(-1)!;
    expect(login).toMatchObject({ actor_username: 'osm.boyang', subject_type: 'session' });
    expect(login.at).toBeInstanceOf(Date);
    expect((await eventsFor('auth.logout')).at(-1)).toMatchObject({ actor_username: 'osm.boyang', subject_id: login.subject_id });
  });

  it("a read, a search and a change of a person's record", async () => {
    const c = await f.as('sw.boyang');
    const created = await c.post('/api/persons', { cidMissingReason: 'unknown', firstNameTh: 'ทองดี', lastNameTh: 'มีสุข', sex: 'male', areaCode: '900101' });
    await c.get(`/api/persons/${created.body.id}`);
    await c.patch(`/api/persons/${created.body.id}`, { version: 1, lastNameTh: 'มีสุขมาก' });
    await c.get('/api/persons?q=ทองดี');
    for (const action of ['person.create', 'person.read', 'person.update']) {
      const e = (await eventsFor(action)).at(-1)!;
      expect(e, action).toMatchObject({
        actor_username: 'sw.boyang',
        subject_type: 'person',
        subject_id: created.body.id,
        area_code: '900101',
        purpose: 'care_coordination',
      });
    }
    const update = (await eventsFor('person.update')).at(-1)!;
    expect(update.details).toEqual({ fields: ['lastNameTh'] });
    const search = (await eventsFor('person.search')).at(-1)!;
    expect(search.details).toMatchObject({ by: 'name', total: 1 });
    expect(JSON.stringify(search.details)).not.toContain('ทองดี');
  });

  it('a permission change', async () => {
    const admin = await f.as('boyang');
    const u = await admin.get('/api/users?q=osm.boyang');
    const r = await admin.patch(`/api/users/${u.body.items[0].id}`, { role: 'volunteer_opm' });
    expect(r.status).toBe(200);
    const e = (await eventsFor('user.permissions_changed')).at(-1)!;
    expect(e).toMatchObject({ actor_username: 'boyang', subject_id: u.body.items[0].id, details: { fields: ['role'], role: 'volunteer_opm' } });
  });

  it('writes the event in the same transaction as the act (a failed act leaves no event)', async () => {
    const before = (await eventsFor('person.create')).length;
    const c = await f.as('sw.boyang');
    const r = await c.post('/api/persons', { cid: '1103702071811', firstNameTh: 'ก', lastNameTh: 'ข', sex: 'male', areaCode: '900101' });
    const again = await c.post('/api/persons', { cid: '1103702071811', firstNameTh: 'ก', lastNameTh: 'ข', sex: 'male', areaCode: '900101' });
    expect(r.status).toBe(201);
    expect(again.status).toBe(409);
    expect((await eventsFor('person.create')).length).toBe(before + 1);
  });
});

describe('the audit log is append-only', () => {
  it('the app role cannot update, delete or truncate it', async () => {
    const u = await f.database.db.selectFrom('users').select(['id', 'scopes']).where('username', '=', 'admin').executeTakeFirstOrThrow();
    const actor = { userId: u.id, scopes: u.scopes };
    await expect(asUser(f.database.db, actor, (tx) => sql`UPDATE audit_log SET action = 'x'`.execute(tx))).rejects.toThrow(/permission denied/);
    await expect(asUser(f.database.db, actor, (tx) => sql`DELETE FROM audit_log`.execute(tx))).rejects.toThrow(/permission denied/);
    await expect(asUser(f.database.db, actor, (tx) => sql`TRUNCATE audit_log`.execute(tx))).rejects.toThrow(/permission denied/);
  });

  it('even the owner is stopped by the trigger', async () => {
    await expect(sql`UPDATE audit_log SET action = 'x'`.execute(f.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit_log`.execute(f.database.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit_log`.execute(f.database.db)).rejects.toThrow(/append-only/);
    const { n } = await f.database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(n).toBeGreaterThan(0);
  });
});

describe('admins read the audit log within their scope', () => {
  it('filters by action and actor, newest first', async () => {
    const admin = await f.as('songkhla');
    const r = await admin.get('/api/audit?action=auth.login&actor=osm.boyang');
    expect(r.status).toBe(200);
    expect(r.body.items.length).toBeGreaterThan(0);
    expect(r.body.items.every((e: { action: string; actorUsername: string }) => e.action === 'auth.login' && e.actorUsername === 'osm.boyang')).toBe(true);
    const ids = r.body.items.map((e: { id: string }) => Number(e.id));
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  it('a subdistrict admin sees only their subdistrict', async () => {
    await f.as('sw.hatyai');
    const admin = await f.as('boyang');
    const r = await admin.get('/api/audit?pageSize=200');
    expect(r.body.items.length).toBeGreaterThan(0);
    expect(
      r.body.items.every((e: { areaCode: string | null; actorUsername: string }) => e.areaCode?.startsWith('900101') || e.actorUsername === 'boyang'),
    ).toBe(true);
    expect(r.body.items.some((e: { actorUsername: string }) => e.actorUsername === 'sw.hatyai')).toBe(false);
  });

  it('a social worker may not read it', async () => {
    const c = await f.as('sw.boyang');
    expect((await c.get('/api/audit')).status).toBe(403);
  });

  it('records where a sign-in came from but never the password', async () => {
    await f.client().login('songkhla', DEMO_PASSWORD);
    const rows = await f.database.db.selectFrom('audit_log').select('details').execute();
    expect(JSON.stringify(rows)).not.toContain(DEMO_PASSWORD);
  });
});

describe('the audit log and the timeline in words', () => {
  it("names the actor and the person, and summarises one user's repeated reads in an hour", async () => {
    const sw = await f.as('sw.boyang');
    const created = await sw.post('/api/persons', { cidMissingReason: 'unknown', firstNameTh: 'สมศรี', lastNameTh: 'ใจงาม', sex: 'female', areaCode: '900101' });
    for (let i = 0; i < 3; i++) expect((await sw.get(`/api/persons/${created.body.id}`)).status).toBe(200);
    await sw.patch(`/api/persons/${created.body.id}`, { version: 1, lastNameTh: 'ใจงามยิ่ง' });

    const admin = await f.as('boyang');
    const summarised = (await admin.get(`/api/audit?subjectId=${created.body.id}`)).body;
    const reads = summarised.items.filter((e: { action: string }) => e.action === 'person.read');
    expect(reads).toHaveLength(1);
    expect(reads[0]).toMatchObject({ count: 3, actorUsername: 'sw.boyang', subjectName: 'สมศรี ใจงามยิ่ง' });
    expect(reads[0].actorName).toBeTruthy();
    expect(reads[0].actorName).not.toBe('sw.boyang');
    expect(Date.parse(reads[0].firstAt)).toBeLessThanOrEqual(Date.parse(reads[0].at));
    const update = summarised.items.find((e: { action: string }) => e.action === 'person.update');
    expect(update).toMatchObject({ count: 1, subjectName: 'สมศรี ใจงามยิ่ง' });
    expect(summarised.total).toBe(summarised.items.length);

    const every = (await admin.get(`/api/audit?subjectId=${created.body.id}&summarise=false`)).body;
    expect(every.items.filter((e: { action: string }) => e.action === 'person.read')).toHaveLength(3);
    expect(every.total).toBe(summarised.total + 2);

    const timeline = (await sw.get(`/api/persons/${created.body.id}/timeline`)).body;
    // The timeline read itself is a fourth read in the same hour, summarised with the others.
    expect(timeline.find((e: { action: string }) => e.action === 'person.read')).toMatchObject({ count: 4, actor: 'sw.boyang' });
    expect(timeline.find((e: { action: string }) => e.action === 'person.create').actorName).toBe(reads[0].actorName);
  });

  it('does not name a person the reader may not see', async () => {
    const hatyai = await f.as('sw.hatyai');
    const created = await hatyai.post('/api/persons', { cidMissingReason: 'unknown', firstNameTh: 'ลับ', lastNameTh: 'เฉพาะ', sex: 'male', areaCode: '901101' });
    expect(created.status).toBe(201);
    // The subdistrict admin of บ่อยาง may not even see the event; the province admin sees it and the person.
    const boyang = (await (await f.as('boyang')).get(`/api/audit?subjectId=${created.body.id}`)).body;
    expect(boyang.items).toEqual([]);
    const province = (await (await f.as('songkhla')).get(`/api/audit?subjectId=${created.body.id}`)).body;
    expect(province.items[0].subjectName).toBe('ลับ เฉพาะ');
  });

  it('refuses a malformed summarise flag with a 400', async () => {
    const admin = await f.as('boyang');
    expect((await admin.get('/api/audit?summarise=maybe')).status).toBe(400);
  });
});
