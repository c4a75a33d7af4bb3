import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser } from '../../db/context.js';
import { createFixture, type Fixture } from '../../testing/fixture.js';
import { type StandIn, startStandIn } from '../../testing/notify-standins.js';
import type { ApiClient } from '../../testing/server.js';
import { makeAdapters } from './adapters.js';
import type { NotifyConfig } from './settings.js';
import { ndb } from './tables.js';
import { vapidKeys } from './vapid.js';
import { runNotificationRound } from './worker.js';

const LINE_ID = `U${'0123456789abcdef'.repeat(2)}`;
let f: Fixture;
let line: StandIn;
let notify: NotifyConfig;
let osm: ApiClient;
let nurse: ApiClient;
const ids: Record<string, string> = {};

const prefs = (over: Record<string, unknown> = {}) => ({
  email: { enabled: false, address: null },
  line: { enabled: true, userId: LINE_ID },
  sms: { enabled: false, phone: '081-234-5678' },
  webpush: { enabled: false },
  quietHours: { from: '21:00', to: '06:30' },
  ...over,
});

beforeAll(async () => {
  line = await startStandIn((r) =>
    r.path === '/v2/bot/message/push' && r.headers.authorization === 'Bearer t0ken'
      ? { status: 200, body: { sentMessages: [] } }
      : { status: 401, body: { message: 'Authentication failed' } },
  );
  notify = {
    publicUrl: 'https://carehub.example',
    email: undefined,
    line: { accessToken: 't0ken', apiBase: line.url },
    sms: { apiKey: 'k', apiSecret: 's', sender: 'CareHub', apiBase: line.url, force: 'corporate' },
    webPush: { subject: 'mailto:ops@carehub.example' },
    pollSeconds: 0,
    maxAttempts: 3,
  };
  f = await createFixture({ notify }, 0);
  osm = await f.as('osm.boyang');
  nurse = await f.as('nurse.hatyai');
  for (const u of await f.database.db.selectFrom('users').select(['id', 'username']).execute()) ids[u.username] = u.id;
});
afterAll(async () => {
  await f?.close();
  await line?.close();
});

describe('my notification preferences', () => {
  it('need a session, and start with no channel, offering only what the server has set up', async () => {
    expect((await f.client().get('/api/me/notifications')).status).toBe(401);
    const r = await osm.get('/api/me/notifications');
    expect(r.status).toBe(200);
    expect(r.body.offered).toEqual(['webpush', 'line', 'sms']);
    expect(Buffer.from(r.body.vapidPublicKey, 'base64url')).toHaveLength(65);
    expect(r.body.preferences).toEqual({
      email: { enabled: false, address: null },
      line: { enabled: false, userId: null },
      sms: { enabled: false, phone: null },
      webpush: { enabled: false },
      quietHours: null,
    });
  });

  it('are saved for the signed-in user only, normalised, and audited without the contact details', async () => {
    const r = await osm.put('/api/me/notifications', prefs());
    expect(r.status).toBe(200);
    expect(r.body.preferences).toEqual(prefs({ sms: { enabled: false, phone: '0812345678' } }));
    // Another user still has their own (empty) preferences.
    expect((await nurse.get('/api/me/notifications')).body.preferences.line).toEqual({ enabled: false, userId: null });
    const a = await f.database.db
      .selectFrom('audit_log')
      .select(['details'])
      .where('action', '=', 'notifications.preferences_changed')
      .where('actor_id', '=', ids['osm.boyang']!)
      .executeTakeFirstOrThrow();
    expect(a.details).toEqual({ channels: ['line'], quietHours: true });
    expect(JSON.stringify(a.details)).not.toContain(LINE_ID);
  });

  it('cannot be read by anyone else, even an admin of the area, through the database', async () => {
    const admin = await f.database.db
      .selectFrom('users')
      .select(['id', 'scopes', 'organisation_id', 'role'])
      .where('username', '=', 'boyang')
      .executeTakeFirstOrThrow();
    const seen = await asUser(
      f.database.db,
      { userId: admin.id, scopes: admin.scopes, organisationId: admin.organisation_id, role: admin.role as never },
      (tx) => ndb(tx).selectFrom('notification_preferences').select('user_id').execute(),
    );
    expect(seen).toEqual([]);
  });

  it('refuse a channel the server does not offer, a channel without its address and a malformed value, writing nothing', async () => {
    const noEmail = await osm.put('/api/me/notifications', prefs({ email: { enabled: true, address: 'somsri@example.com' } }));
    expect(noEmail.status).toBe(400);
    expect(noEmail.body.code).toBe('validation.failed');
    expect(noEmail.body.details.fields).toEqual([expect.objectContaining({ path: 'email.enabled', message_th: 'ระบบนี้ยังไม่ได้ตั้งค่าช่องทางนี้' })]);
    const noPhone = await osm.put('/api/me/notifications', prefs({ sms: { enabled: true, phone: null } }));
    expect(noPhone.body.details.fields.map((x: { path: string }) => x.path)).toEqual(['sms.phone']);
    const badPhone = await osm.put('/api/me/notifications', prefs({ sms: { enabled: true, phone: '12345' } }));
    expect(badPhone.status).toBe(400);
    expect(badPhone.body.details.fields[0]).toMatchObject({ path: 'sms.phone', message_th: expect.stringContaining('10 หลัก') });
    const badTime = await osm.put('/api/me/notifications', prefs({ quietHours: { from: '25:00', to: '06:00' } }));
    expect(badTime.status).toBe(400);
    expect(badTime.body.details.fields[0].path).toBe('quietHours.from');
    const badLine = await osm.put('/api/me/notifications', prefs({ line: { enabled: true, userId: 'somsri' } }));
    expect(badLine.status).toBe(400);
    expect((await osm.get('/api/me/notifications')).body.preferences).toEqual(prefs({ sms: { enabled: false, phone: '0812345678' } }));
  });
});

describe('web push subscriptions', () => {
  const sub = { endpoint: 'https://push.example/send/abc123', keys: { p256dh: 'BAx', auth: 'q1w2' } };
  it('are added, counted and removed by their owner; a shared browser moves to whoever subscribes it', async () => {
    expect((await osm.post('/api/me/notifications/push-subscriptions', sub)).status).toBe(201);
    expect((await osm.get('/api/me/notifications')).body.pushSubscriptions).toBe(1);
    expect((await osm.post('/api/me/notifications/push-subscriptions', { ...sub, endpoint: 'javascript:alert(1)' })).status).toBe(400);
    // The nurse cannot remove the volunteer's browser.
    expect((await nurse.delete(`/api/me/notifications/push-subscriptions?endpoint=${encodeURIComponent(sub.endpoint)}`)).status).toBe(404);
    expect((await nurse.post('/api/me/notifications/push-subscriptions', sub)).status).toBe(201);
    expect((await osm.get('/api/me/notifications')).body.pushSubscriptions).toBe(0);
    expect((await nurse.get('/api/me/notifications')).body.pushSubscriptions).toBe(1);
    expect((await nurse.delete(`/api/me/notifications/push-subscriptions?endpoint=${encodeURIComponent(sub.endpoint)}`)).status).toBe(204);
    expect((await nurse.get('/api/me/notifications')).body.pushSubscriptions).toBe(0);
  });
});

describe('a test notice and delivery status', () => {
  it('is sent now through my channels, even in quiet hours, and I see how it went', async () => {
    await osm.put('/api/me/notifications', prefs({ quietHours: { from: '00:00', to: '23:59' } }));
    const before = line.requests.length;
    const t = await osm.post('/api/me/notifications/test');
    expect(t.status).toBe(202);
    await runNotificationRound(
      f.database.db,
      notify,
      makeAdapters(notify, () => vapidKeys(f.database.db)),
      new Date(),
    );
    expect(line.requests.length).toBe(before + 1);
    expect(JSON.parse(line.requests.at(-1)!.body.toString()).to).toBe(LINE_ID);
    const mine = await osm.get('/api/me/notifications/notices');
    expect(mine.body[0]).toMatchObject({
      id: t.body.id,
      kind: 'test',
      url: '/me/notifications',
      deliveries: [{ channel: 'line', status: 'sent', attempts: 1 }],
    });
    // The nurse sees none of it.
    expect((await nurse.get('/api/me/notifications/notices')).body).toEqual([]);
  });

  it('is shown to admins for users in their scope only, without the message, and refused to others', async () => {
    const local = await (await f.as('boyang')).get('/api/notifications/deliveries');
    expect(local.status).toBe(200);
    expect(local.body).toEqual([
      expect.objectContaining({ kind: 'test', channel: 'line', status: 'sent', user: expect.objectContaining({ username: 'osm.boyang' }) }),
    ]);
    expect(JSON.stringify(local.body)).not.toContain('ทดสอบการแจ้งเตือน');
    expect(JSON.stringify(local.body)).not.toContain(LINE_ID);
    const elsewhere = await (await f.as('hatyai')).get('/api/notifications/deliveries');
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body).toEqual([]);
    expect((await osm.get('/api/notifications/deliveries')).status).toBe(403);
    expect((await f.client().get('/api/notifications/deliveries')).status).toBe(401);
  });
});
