import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import type { ApiClient } from '../../testing/server.js';

let f: Fixture;
let district: ApiClient;
let orgs: Record<string, { id: string; areaCode: string }>;
beforeAll(async () => {
  f = await createFixture({}, 0);
  district = await f.as('hatyai');
  const all = await (await f.as('admin')).get('/api/organisations?pageSize=100');
  orgs = Object.fromEntries(all.body.items.map((o: { name: string; id: string; areaCode: string }) => [o.name, o]));
});
afterAll(() => f?.close());

const newUser = (over: Record<string, unknown>) => ({
  username: 'nurse2.hatyai',
  displayName: 'พยาบาล สอง',
  role: 'health_professional',
  scopes: ['901101'],
  password: 'long-enough-password',
  ...over,
});

describe('user administration within the admin scope', () => {
  it('a district admin creates a user in their district, who can then sign in', async () => {
    const r = await district.post('/api/users', newUser({ organisationId: orgs['โรงพยาบาลหาดใหญ่']!.id }));
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ username: 'nurse2.hatyai', role: 'health_professional', scopes: ['901101'], active: true });
    expect((await f.client().login('nurse2.hatyai', 'long-enough-password')).status).toBe(200);
    const list = await district.get('/api/users');
    expect(list.body.items.map((u: { username: string }) => u.username)).toContain('nurse2.hatyai');
  });

  it('cannot grant an area outside their own scope', async () => {
    const r = await district.post('/api/users', newUser({ username: 'x.out', scopes: ['900101'], organisationId: orgs['โรงพยาบาลหาดใหญ่']!.id }));
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('forbidden.out_of_scope');
  });

  it('cannot place a user in an organisation outside their scope', async () => {
    const r = await district.post('/api/users', newUser({ username: 'x.org', organisationId: orgs['โรงพยาบาลสงขลา']!.id }));
    expect(r.status).toBe(403);
  });

  it('cannot grant a role at or above their own', async () => {
    const r = await district.post('/api/users', newUser({ username: 'x.role', role: 'province_admin', organisationId: orgs['โรงพยาบาลหาดใหญ่']!.id }));
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('forbidden.role_too_high');
    expect(r.body.message_th).toContain('บทบาท');
  });

  it('does not see or change users of another district', async () => {
    const list = await district.get('/api/users?pageSize=200');
    expect(list.body.items.some((u: { username: string }) => u.username === 'sw.boyang')).toBe(false);
    const boyang = await f.database.db.selectFrom('users').select('id').where('username', '=', 'sw.boyang').executeTakeFirstOrThrow();
    const r = await district.patch(`/api/users/${boyang.id}`, { displayName: 'hijack' });
    expect(r.status).toBe(404);
  });

  it('deactivating a user ends their sessions and blocks sign-in', async () => {
    const nurse = await f.as('nurse.hatyai');
    const me = await nurse.get('/api/me');
    const r = await district.patch(`/api/users/${me.body.id}`, { active: false });
    expect(r.status).toBe(200);
    expect((await nurse.get('/api/me')).status).toBe(401);
    const again = await f.client().login('nurse.hatyai', 'carehub-demo');
    expect(again.status).toBe(403);
    expect(again.body.code).toBe('auth.account_disabled');
  });

  it('a social worker cannot manage users', async () => {
    const sw = await f.as('sw.hatyai');
    expect((await sw.get('/api/users')).status).toBe(403);
  });

  it('a district admin cannot change or sign out a user whose areas reach beyond the district (issue 18, H1)', async () => {
    const admin = await f.as('admin');
    // A social worker of the Hat Yai hospital who works the whole province: a lower role than the district admin's.
    const wide = await admin.post('/api/users', {
      ...newUser({ username: 'sw.province', role: 'social_worker', scopes: ['90'], organisationId: orgs['โรงพยาบาลหาดใหญ่']!.id }),
      scopeException: { reason: 'ทำงานทั้งจังหวัดตามคำสั่งแต่งตั้ง' },
    });
    expect(wide.status, JSON.stringify(wide.body)).toBe(201);
    for (const change of [{ password: 'taken-over-password' }, { active: false }, { role: 'volunteer_osm' }]) {
      const r = await district.patch(`/api/users/${wide.body.id}`, change);
      expect(r.status, JSON.stringify(change)).toBe(403);
      expect(r.body.code).toBe('forbidden.out_of_scope');
    }
    const revoke = await district.post(`/api/users/${wide.body.id}/revoke-sessions`);
    expect(revoke.status).toBe(403);
    // Unchanged: the province user still signs in with their own password.
    expect((await f.client().login('sw.province', 'long-enough-password')).status).toBe(200);
    // A user whose areas lie inside the district is still the district admin's to manage.
    const inside = await district.post('/api/users', newUser({ username: 'nurse3.hatyai', organisationId: orgs['โรงพยาบาลหาดใหญ่']!.id }));
    expect(inside.status).toBe(201);
    expect((await district.patch(`/api/users/${inside.body.id}`, { displayName: 'พยาบาล สาม' })).status).toBe(200);
    expect((await district.post(`/api/users/${inside.body.id}/revoke-sessions`)).status).toBe(200);
  });
});

describe('organisations', () => {
  it('are created and changed within scope only, and audited', async () => {
    const r = await district.post('/api/organisations', { name: 'ศูนย์สร้างสุขชุมชนคอหงส์', type: 'community_wellbeing_centre', areaCode: '901104' });
    expect(r.status).toBe(201);
    const out = await district.post('/api/organisations', { name: 'นอกเขต', type: 'foundation', areaCode: '900101' });
    expect(out.status).toBe(403);
    const p = await district.patch(`/api/organisations/${r.body.id}`, { active: false });
    expect(p.body.active).toBe(false);
    // A change that does not mention `active` leaves it as it is.
    const renamed = await district.patch(`/api/organisations/${r.body.id}`, { name: 'ศูนย์สร้างสุขชุมชนตำบลคอหงส์' });
    expect(renamed.body).toMatchObject({ name: 'ศูนย์สร้างสุขชุมชนตำบลคอหงส์', active: false });
    expect((await district.patch(`/api/organisations/${r.body.id}`, {})).status).toBe(400);
    const events = await f.database.db.selectFrom('audit_log').select('action').where('subject_id', '=', r.body.id).execute();
    expect(events.map((e) => e.action)).toEqual(['organisation.create', 'organisation.update', 'organisation.update']);
  });

  it('the list is limited to the scope', async () => {
    const r = await district.get('/api/organisations?pageSize=100');
    expect(r.body.items.every((o: { areaCode: string }) => o.areaCode.startsWith('9011'))).toBe(true);
  });
});
