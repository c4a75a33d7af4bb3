import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, parseTrustProxy, trustProxyWarning } from '../../config.js';
import { createFixture, DEMO_PASSWORD, type Fixture } from '../../testing/fixture.js';
import { ApiClient } from '../../testing/server.js';

/**
 * Issue 18, item 5: sign-in protection that cannot lock people out, TRUST_PROXY that a client cannot
 * talk around, passwords by strength, and the current password for one's own change.
 *
 * Time is the database's: instead of waiting out a delay, a test moves the recorded attempts back
 * (`ago`). The delays are the production ones (1 s doubling to 60 s) except where noted.
 */
let f: Fixture;
const previousTrustProxy = process.env.TRUST_PROXY;
beforeAll(async () => {
  // Through the environment, as an operator sets it: one proxy in front of CareHub.
  process.env.TRUST_PROXY = '1';
  f = await createFixture({ loginFreeFailures: 1, loginDelayBaseMs: 10_000, loginDelayMaxMs: 80_000, ipAttemptLimit: 12 });
});
afterAll(async () => {
  if (previousTrustProxy === undefined) delete process.env.TRUST_PROXY;
  else process.env.TRUST_PROXY = previousTrustProxy;
  await f?.close();
});

/** Moves every recorded attempt of this username (or address) back by `ms`, as if that time had passed. */
async function ago(ms: number, where: { username?: string; ip?: string }) {
  const db = f.database.db;
  let q = db.updateTable('login_attempts').set({ at: sql`at - make_interval(secs => ${ms / 1000})` as never });
  if (where.username) q = q.where('username', '=', where.username);
  if (where.ip) q = q.where('ip', '=', where.ip);
  await q.execute();
}

/** A client whose requests reach CareHub through one proxy, which appends the real client's address. */
function behindProxy(clientAddress: string, forgedByClient?: string): ApiClient {
  return new ApiClient(f.server.url, forgedByClient ? `${forgedByClient}, ${clientAddress}` : clientAddress);
}

describe('a wrong password never locks the real user out', () => {
  it('five wrong passwords from one address do not stop the right password from another', async () => {
    for (let i = 0; i < 5; i++) {
      await ago(80_000, { username: 'hatyai' });
      expect((await behindProxy('10.1.0.1').login('hatyai', `wrong-${i}-password`)).status).toBe(401);
    }
    // The attacker's own address now waits...
    expect((await behindProxy('10.1.0.1').login('hatyai', DEMO_PASSWORD)).status).toBe(429);
    // ...but the real user at another machine signs in at once; nothing answers 423 any more.
    const real = await behindProxy('10.1.0.2').login('hatyai', DEMO_PASSWORD);
    expect(real.status).toBe(200);
    const events = await f.database.db.selectFrom('audit_log').select(['action', 'ip']).where('actor_username', '=', 'hatyai').execute();
    expect(events.filter((e) => e.action === 'auth.login_failed')).toHaveLength(5);
    expect(events.filter((e) => e.action === 'auth.login_refused')).toHaveLength(1);
  });

  it('makes the wait grow with each failure of the pair, says how long in Retry-After and in Thai, and a success resets it', async () => {
    const ip = '10.1.1.1';
    const waits: number[] = [];
    for (let i = 0; i < 5; i++) {
      expect((await behindProxy(ip).login('sw.hatyai', `wrong-${i}-password`)).status).toBe(401);
      const r = await behindProxy(ip).login('sw.hatyai', DEMO_PASSWORD);
      expect(r.status).toBe(429);
      expect(r.body.code).toBe('auth.slow_down');
      const retryAfter = Number(r.headers.get('retry-after'));
      expect(r.body.details.retryAfterSeconds).toBe(retryAfter);
      expect(r.body.message_th).toBe(`ใส่รหัสผ่านผิดหลายครั้ง กรุณารอ ${retryAfter} วินาทีแล้วลองใหม่`);
      expect(r.body.message_en).toContain(`wait ${retryAfter} seconds`);
      waits.push(retryAfter);
      await ago(retryAfter * 1000, { username: 'sw.hatyai', ip });
    }
    // 10 s doubling, capped at 80 s (allowing a second for the requests themselves).
    expect(waits.map((w) => Math.round(w / 10) * 10)).toEqual([10, 20, 40, 80, 80]);
    // The wait over, the right password works, and the count starts again: the next typo costs 10 s, not 160.
    expect((await behindProxy(ip).login('sw.hatyai', DEMO_PASSWORD)).status).toBe(200);
    expect((await behindProxy(ip).login('sw.hatyai', 'one-typo-here')).status).toBe(401);
    const after = await behindProxy(ip).login('sw.hatyai', DEMO_PASSWORD);
    expect(after.status).toBe(429);
    expect(Number(after.headers.get('retry-after'))).toBeLessThanOrEqual(10);
  });

  it('counts parallel guesses one after another, so a burst gets no more tries than a sequence', async () => {
    const replies = await Promise.all(Array.from({ length: 6 }, (_, i) => behindProxy('10.1.2.1').login('nurse.hatyai', `burst-${i}-password`)));
    expect(replies.filter((r) => r.status === 401)).toHaveLength(1);
    expect(replies.filter((r) => r.status === 429)).toHaveLength(5);
  });
});

describe('an address with many failures (a hospital behind one NAT, or one machine guessing usernames)', () => {
  /**
   * The rule: once an address has IP_ATTEMPT_LIMIT (here 12) failures within the window, across all
   * usernames, a username that has not signed in from that address within LOGIN_KNOWN_DAYS gets one
   * attempt per LOGIN_DELAY_MAX_MS from it; a username that has is judged by its own pair only.
   */
  it('slows an address guessing many usernames while its own staff still sign in', async () => {
    const nat = '10.3.0.1';
    expect((await behindProxy(nat).login('sw.boyang', DEMO_PASSWORD)).status).toBe(200);
    for (let i = 0; i < 12; i++) expect((await behindProxy(nat).login(`guess${i}`, 'not-the-password')).status).toBe(401);

    const guess = await behindProxy(nat).login('guess99', 'not-the-password');
    expect(guess.status).toBe(429);
    expect(guess.body.code).toBe('auth.address_slowed');
    expect(guess.body.message_th).toContain('จากเครือข่ายนี้');
    expect(Number(guess.headers.get('retry-after'))).toBeGreaterThan(70);
    // A username that never signed in from here is slowed too (even with the right password)...
    expect((await behindProxy(nat).login('boyang', DEMO_PASSWORD)).status).toBe(429);
    // ...but a user who has signed in from here before is not: signs in, and a typo is a plain 401.
    expect((await behindProxy(nat).login('sw.boyang', DEMO_PASSWORD)).status).toBe(200);
    expect((await behindProxy(nat).login('sw.boyang', 'a-typo-password')).status).toBe(401);
    // Other addresses are untouched.
    expect((await behindProxy('10.3.0.2').login('boyang', DEMO_PASSWORD)).status).toBe(200);
    // Slowed, not shut: once the longest wait has passed since its last failure, the address may try again.
    await ago(80_000, { ip: nat });
    expect((await behindProxy(nat).login('guess100', 'not-the-password')).status).toBe(401);
    expect((await behindProxy(nat).login('guess101', 'not-the-password')).status).toBe(429);
  });
});

describe('TRUST_PROXY', () => {
  it('parses a hop count and a list of proxies, refuses nonsense, and warns about true', () => {
    expect(parseTrustProxy('1')).toBe(1);
    expect(parseTrustProxy('10.0.0.0/8, 127.0.0.1')).toEqual(['10.0.0.0/8', '127.0.0.1']);
    expect(parseTrustProxy('')).toBe(false);
    expect(parseTrustProxy('true')).toBe(true);
    expect(() => parseTrustProxy('10.0.0.0/99')).toThrow(/TRUST_PROXY/);
    expect(() => parseTrustProxy('yes')).toThrow(/TRUST_PROXY/);
    expect(trustProxyWarning({ trustProxy: true })).toMatch(/any client/);
    expect(trustProxyWarning({ trustProxy: 1 })).toBeNull();
    expect(loadConfig().trustProxy).toBe(1);
  });

  it('with one proxy, an address the client adds to X-Forwarded-For changes neither the limit nor the audit', async () => {
    const real = '10.4.0.1';
    expect((await behindProxy(real, '203.0.113.1').login('steward.pmj', 'wrong-password-1')).status).toBe(401);
    // A new forged address each time: still the same client, still waiting.
    const second = await behindProxy(real, '203.0.113.2').login('steward.pmj', 'wrong-password-2');
    expect(second.status).toBe(429);
    const rows = await f.database.db
      .selectFrom('audit_log')
      .select(['action', 'ip'])
      .where('actor_username', '=', 'steward.pmj')
      .where('action', 'like', 'auth.%')
      .execute();
    expect(rows.map((r) => r.ip)).toEqual([real, real]);
    const attempts = await f.database.db.selectFrom('login_attempts').select('ip').where('username', '=', 'steward.pmj').execute();
    expect(attempts.map((a) => a.ip)).toEqual([real]);
  });

  it('a list of proxies: only an address on it may set the client address', async () => {
    const listed = await createFixture({ trustProxy: parseTrustProxy('10.0.0.0/8') }, 1);
    try {
      // The test client connects from 127.0.0.1, which is not a listed proxy: its header is ignored.
      const c = new ApiClient(listed.server.url, '198.51.100.7');
      expect((await c.login('boyang', 'wrong-password-1')).status).toBe(401);
      const row = await listed.database.db.selectFrom('login_attempts').select('ip').executeTakeFirstOrThrow();
      expect(row.ip).toBe('127.0.0.1');
    } finally {
      await listed.close();
    }
  });
});

describe('passwords by strength', () => {
  let admin: ApiClient;
  let org: { id: string; areaCode: string };
  beforeAll(async () => {
    admin = await f.as('admin');
    org = (await admin.get('/api/organisations?pageSize=1')).body.items[0];
  });
  const newUser = (username: string, password: string) => ({
    username,
    displayName: 'สมศรี ทดสอบ',
    role: 'analyst',
    organisationId: org.id,
    scopes: [org.areaCode],
    password,
  });

  it.each([
    ['1234567890', 'มีคนใช้บ่อยมาก'],
    ['password1', 'มีคนใช้กันทั่วไป'],
  ])('refuses %s with Thai and English feedback beside the field', async (password, thai) => {
    const r = await admin.post('/api/users', newUser(`weak.${password.length}`, password));
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('user.password_weak');
    expect(r.body.message_th).toContain('เดาได้ง่ายเกินไป');
    const field = r.body.details.fields[0];
    expect(field.path).toBe('password');
    expect(field.message_th).toContain(thai);
    expect(field.message_en).toMatch(/frequently used|commonly used|similar to a commonly used/);
    expect(r.body.details.score).toBeLessThan(3);
    expect(r.body.details.suggestions.length).toBeGreaterThan(0);
    for (const s of r.body.details.suggestions) expect(s.th).toMatch(/[ก-๙]/);
  });

  it('refuses a password made of the username, and accepts a strong passphrase', async () => {
    const own = await admin.post('/api/users', newUser('somsri.test', 'somsri.test2024'));
    expect(own.status).toBe(400);
    expect(own.body.code).toBe('user.password_weak');
    const ok = await admin.post('/api/users', newUser('somsri.test', 'kluay-hom songkhla jet pen'));
    expect(ok.status).toBe(201);
    expect((await f.client().login('somsri.test', 'kluay-hom songkhla jet pen')).status).toBe(200);
  });

  it("holds an admin's reset of another user's password to the same rule", async () => {
    const id = (await admin.get('/api/users?q=somsri.test')).body.items[0].id;
    const weak = await admin.patch(`/api/users/${id}`, { password: 'password1' });
    expect(weak.status).toBe(400);
    expect(weak.body.code).toBe('user.password_weak');
    expect((await admin.patch(`/api/users/${id}`, { password: 'mango sticky rice at noon' })).status).toBe(200);
  });
});

describe("changing one's own password", () => {
  it('needs the right current password; a wrong one is audited and counts as a failed sign-in', async () => {
    const me = await f.as('osm.boyang');
    const other = await f.as('osm.boyang');
    const missing = await me.post('/api/me/password', { newPassword: 'a quiet river in hat yai' });
    expect(missing.status).toBe(400);
    expect(missing.body.details.fields.map((x: { path: string }) => x.path)).toEqual(['currentPassword']);

    const wrong = await me.post('/api/me/password', { currentPassword: 'not-my-password', newPassword: 'a quiet river in hat yai' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('auth.current_password_wrong');
    expect(wrong.body.details.fields[0]).toMatchObject({ path: 'currentPassword', message_th: 'รหัสผ่านปัจจุบันไม่ถูกต้อง' });
    const failed = await f.database.db
      .selectFrom('audit_log')
      .select('action')
      .where('actor_username', '=', 'osm.boyang')
      .where('action', '=', 'auth.password_change_failed')
      .execute();
    expect(failed).toHaveLength(1);
    const attempt = await f.database.db
      .selectFrom('login_attempts')
      .select('success')
      .where('username', '=', 'osm.boyang')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow();
    expect(attempt.success).toBe(false);
    // It counts for the delay: right away, even the right current password waits.
    const waiting = await me.post('/api/me/password', { currentPassword: DEMO_PASSWORD, newPassword: 'a quiet river in hat yai' });
    expect(waiting.status).toBe(429);
    expect(Number(waiting.headers.get('retry-after'))).toBeGreaterThan(0);
    await ago(80_000, { username: 'osm.boyang' });

    const weak = await me.post('/api/me/password', { currentPassword: DEMO_PASSWORD, newPassword: '1234567890' });
    expect(weak.status).toBe(400);
    expect(weak.body.details.fields[0].path).toBe('newPassword');

    const ok = await me.post('/api/me/password', { currentPassword: DEMO_PASSWORD, newPassword: 'a quiet river in hat yai' });
    expect(ok.status).toBe(204);
    expect((await me.get('/api/me')).status).toBe(200);
    expect((await other.get('/api/me')).status).toBe(401);
    expect((await f.client().login('osm.boyang', 'a quiet river in hat yai')).status).toBe(200);
  });

  it('an admin changing their own password through user administration needs the current one too', async () => {
    const admin = await f.as('songkhla');
    const self = (await admin.get('/api/me')).body.id;
    const without = await admin.patch(`/api/users/${self}`, { password: 'lotus pond behind the temple' });
    expect(without.status).toBe(400);
    expect(without.body.code).toBe('auth.current_password_required');
    const wrong = await admin.patch(`/api/users/${self}`, { password: 'lotus pond behind the temple', currentPassword: 'not-my-password' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.code).toBe('auth.current_password_wrong');
    await ago(80_000, { username: 'songkhla' });
    const ok = await admin.patch(`/api/users/${self}`, { password: 'lotus pond behind the temple', currentPassword: DEMO_PASSWORD });
    expect(ok.status).toBe(200);
    expect((await f.client().login('songkhla', 'lotus pond behind the temple')).status).toBe(200);
  });
});
