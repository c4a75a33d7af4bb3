import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFixture, DEMO_PASSWORD, type Fixture } from '../../testing/fixture.js';
import { startTestServer } from '../../testing/server.js';

let f: Fixture;
beforeAll(async () => {
  f = await createFixture({ trustProxy: 1 });
});
afterAll(() => f?.close());

describe('sign-in and sign-out', () => {
  it('signs in with a session cookie that is HttpOnly and SameSite, and /api/me answers', async () => {
    const c = f.client();
    const r = await c.login('sw.boyang', DEMO_PASSWORD);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ username: 'sw.boyang', role: 'social_worker', scopes: ['900101'] });
    expect(r.body.permissions).toContain('persons.read');
    const cookie = r.headers.getSetCookie().find((h) => h.startsWith('carehub_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
    expect(cookie).toMatch(/Path=\//);
    const me = await c.get('/api/me');
    expect(me.status).toBe(200);
    expect(me.body.organisation.name).toBe('โรงพยาบาลส่งเสริมสุขภาพตำบลบ่อยาง');
  });

  it('stores only a hash of the session token', async () => {
    const c = await f.as('boyang');
    const token = c.cookie.split('=')[1]!;
    const rows = await f.database.db.selectFrom('sessions').select('token_hash').execute();
    expect(rows.some((r) => r.token_hash === token)).toBe(false);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.token_hash))).toBe(true);
  });

  it('refuses a wrong password with a Thai and English message and no cookie', async () => {
    const c = f.client('10.9.0.1');
    const r = await c.login('osm.boyang', 'wrong-password');
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ code: 'auth.invalid_credentials', message_th: 'ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง', message_en: 'Wrong username or password' });
    expect(r.headers.getSetCookie()).toEqual([]);
    expect((await c.get('/api/me')).status).toBe(401);
  });

  it('answers an unknown username exactly like a wrong password', async () => {
    const r = await f.client('10.9.0.2').login('nobody-here', 'whatever-password');
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('auth.invalid_credentials');
  });

  it('signs out: the cookie is cleared and the session can no longer be used', async () => {
    const c = await f.as('sw.hatyai');
    const stolen = c.cookie;
    expect((await c.post('/api/auth/logout')).status).toBe(204);
    expect(c.cookie).toBe('');
    c.cookie = stolen;
    const r = await c.get('/api/me');
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('auth.session_expired');
  });

  it('requires sign-in for the API', async () => {
    const r = await f.client().get('/api/persons');
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('auth.required');
  });
});

describe('sessions', () => {
  it('survive a server restart (they live in the database)', async () => {
    const c = await f.as('nurse.hatyai');
    const second = await startTestServer(f.database);
    try {
      const res = await fetch(`${second.url}/api/me`, { headers: { cookie: c.cookie } });
      expect(res.status).toBe(200);
      expect((await res.json()).username).toBe('nurse.hatyai');
    } finally {
      await second.close();
    }
  });

  it('expire after their lifetime', async () => {
    const c = await f.as('osm.boyang');
    await f.database.db
      .updateTable('sessions')
      .set({ expires_at: sql`now() - interval '1 second'` as never })
      .where('revoked_at', 'is', null)
      .where('user_id', 'in', (eb) => eb.selectFrom('users').select('id').where('username', '=', 'osm.boyang'))
      .execute();
    const r = await c.get('/api/me');
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('auth.session_expired');
  });

  it('expire when idle longer than the idle timeout', async () => {
    const c = await f.as('osm.boyang');
    await f.database.db
      .updateTable('sessions')
      .set({ last_seen_at: sql`now() - interval '3 hours'` as never })
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', new Date())
      .where('user_id', 'in', (eb) => eb.selectFrom('users').select('id').where('username', '=', 'osm.boyang'))
      .execute();
    expect((await c.get('/api/me')).status).toBe(401);
  });

  it('can be listed and revoked by their owner', async () => {
    const phone = await f.as('songkhla');
    const laptop = await f.as('songkhla');
    const list = await laptop.get('/api/me/sessions');
    expect(list.status).toBe(200);
    expect(list.body.length).toBeGreaterThanOrEqual(2);
    const current = list.body.filter((s: { current: boolean }) => s.current);
    expect(current).toHaveLength(1);
    const other = list.body.find((s: { current: boolean }) => !s.current);
    expect((await laptop.delete(`/api/me/sessions/${other.id}`)).status).toBe(204);
    expect((await phone.get('/api/me')).status).toBe(401);
    expect((await laptop.get('/api/me')).status).toBe(200);
  });

  it('can all be revoked by an admin, and the revocation is audited', async () => {
    const victim = await f.as('sw.boyang');
    const admin = await f.as('boyang');
    const users = await admin.get('/api/users?q=sw.boyang');
    const id = users.body.items[0].id;
    const r = await admin.post(`/api/users/${id}/revoke-sessions`);
    expect(r.status).toBe(200);
    expect(r.body.revoked).toBeGreaterThanOrEqual(1);
    expect((await victim.get('/api/me')).status).toBe(401);
    const audit = await admin.get(`/api/audit?action=user.revoke_sessions&subjectId=${id}`);
    expect(audit.body.items).toHaveLength(1);
  });
});

// The sign-in delay, the address rule and TRUST_PROXY are tested in signin-protection.test.ts.
