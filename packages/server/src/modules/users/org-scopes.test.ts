import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import type { ApiClient } from '../../testing/server.js';

// A user's areas must lie within their organisation's area, unless an admin confirms an exception with a reason
// (issue 17, item 10: a Songkhla volunteer was given ต.บ่อยาง of อุทัยธานี, 610305, instead of Songkhla's 900101).
let f: Fixture;
let admin: ApiClient;
let district: ApiClient;
let orgs: Record<string, { id: string; areaCode: string }>;
beforeAll(async () => {
  f = await createFixture({}, 0);
  admin = await f.as('admin');
  district = await f.as('hatyai');
  const all = await admin.get('/api/organisations?pageSize=100');
  orgs = Object.fromEntries(all.body.items.map((o: { name: string; id: string; areaCode: string }) => [o.name, o]));
});
afterAll(() => f?.close());

const BOYANG_RPST = 'โรงพยาบาลส่งเสริมสุขภาพตำบลบ่อยาง';
const HATYAI_CITY = 'เทศบาลนครหาดใหญ่';
const REASON = 'ช่วยงานเยี่ยมบ้านข้ามจังหวัดชั่วคราวตามคำสั่งจังหวัด';

const volunteer = (over: Record<string, unknown>) => ({
  displayName: 'อาสา ทดสอบ',
  role: 'volunteer_osm',
  organisationId: orgs[BOYANG_RPST]!.id,
  password: 'long-enough-password',
  ...over,
});

const userRow = (username: string) => f.database.db.selectFrom('users').select(['id', 'scopes']).where('username', '=', username).executeTakeFirst();
const auditCount = async () =>
  (
    await f.database.db
      .selectFrom('audit_log')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
  ).n;
const eventsFor = (subjectId: string) =>
  f.database.db.selectFrom('audit_log').select(['action', 'details']).where('subject_id', '=', subjectId).orderBy('at').execute();

describe("a user's areas and their organisation's area", () => {
  it('refuses an area outside the organisation, naming it beside the scopes field, and writes nothing', async () => {
    const before = await auditCount();
    const r = await admin.post('/api/users', volunteer({ username: 'osm.uthai', scopes: ['610305'] }));
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('user.scope_outside_organisation');
    expect(r.body.details.outside).toEqual(['610305']);
    expect(r.body.details.organisationArea).toBe('900101');
    const [field] = r.body.details.fields;
    expect(field.path).toBe('scopes');
    expect(field.message_th).toContain('ต.บ่อยาง');
    expect(field.message_th).toContain('จ.อุทัยธานี');
    expect(field.message_th).toContain('จ.สงขลา');
    expect(field.message_en).toContain('Uthai Thani');
    expect(await userRow('osm.uthai')).toBeUndefined();
    expect(await auditCount()).toBe(before);
  });

  it('accepts areas inside the organisation (the same code, or below it)', async () => {
    const r = await admin.post('/api/users', volunteer({ username: 'osm.boyang2', scopes: ['900101'] }));
    expect(r.status).toBe(201);
    expect(r.body.scopes).toEqual(['900101']);
    const d = await district.post(
      '/api/users',
      volunteer({ username: 'sw.hy2', role: 'social_worker', organisationId: orgs[HATYAI_CITY]!.id, scopes: ['901101'] }),
    );
    expect(d.status).toBe(201);
    // Inside the admin's own district but outside the municipality's subdistrict.
    const out = await district.post(
      '/api/users',
      volunteer({ username: 'sw.hy3', role: 'social_worker', organisationId: orgs[HATYAI_CITY]!.id, scopes: ['901102'] }),
    );
    expect(out.status).toBe(400);
    expect(out.body.code).toBe('user.scope_outside_organisation');
  });

  it('accepts an exception confirmed with a reason, and keeps the reason in the audit log', async () => {
    const r = await admin.post('/api/users', volunteer({ username: 'osm.uthai', scopes: ['610305'], scopeException: { reason: REASON } }));
    expect(r.status).toBe(201);
    expect(r.body.scopes).toEqual(['610305']);
    const [created] = await eventsFor(r.body.id);
    expect(created!.action).toBe('user.create');
    expect(created!.details).toMatchObject({ scopeException: { reason: REASON, outside: ['610305'], organisationArea: '900101' } });
    // The user signs in and works.
    expect((await f.client().login('osm.uthai', 'long-enough-password')).status).toBe(200);
  });

  it('refuses an exception without a reason, or with too short a one', async () => {
    const before = await auditCount();
    const none = await admin.post('/api/users', volunteer({ username: 'osm.noreason', scopes: ['610305'], scopeException: {} }));
    expect(none.status).toBe(400);
    expect(none.body.code).toBe('validation.failed');
    expect(none.body.details.fields.map((i: { path: string }) => i.path)).toContain('scopeException.reason');
    const short = await admin.post('/api/users', volunteer({ username: 'osm.noreason', scopes: ['610305'], scopeException: { reason: 'ชั่วคราว' } }));
    expect(short.status).toBe(400);
    expect(short.body.details.fields[0]).toMatchObject({ path: 'scopeException.reason', message_th: 'ต้องมีอย่างน้อย 10 ตัวอักษร' });
    expect(await userRow('osm.noreason')).toBeUndefined();
    expect(await auditCount()).toBe(before);
  });

  it('holds changes of areas or organisation to the rule, while other changes of a user already outside go through', async () => {
    const { id } = (await userRow('osm.boyang2'))!;
    const out = await admin.patch(`/api/users/${id}`, { scopes: ['900101', '610305'] });
    expect(out.status).toBe(400);
    expect(out.body.details.outside).toEqual(['610305']);
    expect((await userRow('osm.boyang2'))!.scopes).toEqual(['900101']);
    // Moving the user to an organisation whose area does not hold their scopes.
    const moved = await admin.patch(`/api/users/${id}`, { organisationId: orgs[HATYAI_CITY]!.id });
    expect(moved.status).toBe(400);
    const allowed = await admin.patch(`/api/users/${id}`, { scopes: ['900101', '610305'], scopeException: { reason: REASON } });
    expect(allowed.status).toBe(200);
    const last = (await eventsFor(id)).at(-1)!;
    expect(last.action).toBe('user.permissions_changed');
    expect(last.details).toMatchObject({ fields: ['scopes'], scopeException: { reason: REASON, outside: ['610305'] } });

    // osm.uthai is outside since its exception: renaming it needs no new exception, and it still signs in.
    const uthai = (await userRow('osm.uthai'))!;
    expect((await admin.patch(`/api/users/${uthai.id}`, { displayName: 'สมหญิง อาสา' })).status).toBe(200);
    expect((await f.client().login('osm.uthai', 'long-enough-password')).status).toBe(200);
    // The demo system administrator (the whole country, in a Songkhla office) still signs in.
    expect((await f.client().login('admin', 'carehub-demo')).status).toBe(200);
  });
});
