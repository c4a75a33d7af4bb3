import { createECDH, createPublicKey, randomBytes, verify } from 'node:crypto';
import { Agent } from 'node:https';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Database } from '../../db/connection.js';
import { seedDemo } from '../../seed/demo.js';
import { createTestDatabase } from '../../testing/db.js';
import { type Recorded, type StandIn, selfSignedCert, startStandIn } from '../../testing/notify-standins.js';
import { type Adapters, makeAdapters } from './adapters.js';
import { type Notice, sendNotice } from './notice.js';
import type { NotifyConfig } from './settings.js';
import { ndb } from './tables.js';
import { vapidKeys } from './vapid.js';
import { runNotificationRound, startNotificationWorker } from './worker.js';

const require = createRequire(import.meta.url);
const ece = require('http_ece') as { decrypt(buf: Buffer, params: { version: string; privateKey: unknown; authSecret: string }): Buffer };

const TOKEN = 'line-channel-access-token-xyz';
const SMS_KEY = 'tbs-key';
const SMS_SECRET = 'tbs-secret';
const SUBJECT = 'mailto:ops@carehub.example';
const LINE_ID = `U${'4af4980629'.repeat(3)}ab`;
const PHONE = '0812345678';
const SECRET_TITLE = 'นางสมใจ ทดลอง ตอบ 9Q ข้อ 9 ว่าคิดทำร้ายตัวเอง';
const SECRET_BODY = 'ผลประเมิน 2Q plus พบความเสี่ยงฆ่าตัวตาย';

const b64url = (b: Buffer) => b.toString('base64url');
const form = (r: Recorded) => Object.fromEntries(new URLSearchParams(r.body.toString()));

/** LINE Messaging API, push message: what LINE documents it checks, and its answers. */
function lineAnswer(r: Recorded) {
  if (r.method !== 'POST' || r.path !== '/v2/bot/message/push') return { status: 404, body: { message: 'Not found' } };
  if (r.headers.authorization !== `Bearer ${TOKEN}`)
    return { status: 401, body: { message: 'Authentication failed. Confirm that the access token in the authorization header is valid.' } };
  if (r.headers['content-type'] !== 'application/json') return { status: 415, body: { message: 'Unsupported Media Type' } };
  const b = JSON.parse(r.body.toString());
  const ok =
    typeof b.to === 'string' &&
    Array.isArray(b.messages) &&
    b.messages.length >= 1 &&
    b.messages.length <= 5 &&
    b.messages.every((m: { type: string; text: string }) => m.type === 'text' && typeof m.text === 'string' && m.text.length >= 1 && m.text.length <= 5000);
  if (!ok)
    return { status: 400, body: { message: 'The request body has 1 error(s)', details: [{ message: 'May not be empty', property: 'messages[0].text' }] } };
  return { status: 200, body: { sentMessages: [{ id: '461230966842064897', quoteToken: 'IStG5h1Tz7b' }] } };
}

/** ThaiBulkSMS API v2, POST /sms with HTTP Basic key:secret and form fields. */
function smsAnswer(r: Recorded) {
  if (r.method !== 'POST' || r.path !== '/sms') return { status: 404, body: { error: { code: 404, name: 'NOT_FOUND', description: 'Not found' } } };
  if (r.headers.authorization !== `Basic ${Buffer.from(`${SMS_KEY}:${SMS_SECRET}`).toString('base64')}`)
    return { status: 401, body: { error: { code: 401, name: 'ERROR_UNAUTHORIZED', description: 'Unauthorized' } } };
  if (!String(r.headers['content-type']).startsWith('application/x-www-form-urlencoded'))
    return { status: 400, body: { error: { code: 400, name: 'ERROR_BAD_REQUEST', description: 'Bad request' } } };
  const f = form(r);
  if (!f.message || !f.sender || !['corporate', 'standard'].includes(f.force ?? ''))
    return { status: 400, body: { error: { code: 400, name: 'ERROR_PARAMETER', description: 'Invalid parameter' } } };
  const good = /^66[689]\d{8}$/.test(f.msisdn ?? '');
  return {
    status: 201,
    body: {
      remaining_credit: 99,
      total_use_credit: good ? 1 : 0,
      credit_type: f.force,
      phone_number_list: good ? [{ number: f.msisdn, message_id: 'p6CbOw6Ja3', used_credit: 1 }] : [],
      bad_phone_number_list: good ? [] : [{ number: f.msisdn, message: 'Invalid phone number' }],
    },
  };
}

/** A push service (RFC 8030) checking a Web Push request: TTL, aes128gcm body, VAPID (RFC 8292) JWT signed by k. */
function pushAnswer(r: Recorded) {
  if (r.method !== 'POST' || !r.path.startsWith('/push/')) return { status: 404 };
  const ttl = Number(r.headers.ttl);
  if (!Number.isInteger(ttl) || ttl < 0) return { status: 400 };
  if (r.headers['content-encoding'] !== 'aes128gcm' || r.headers['content-type'] !== 'application/octet-stream') return { status: 400 };
  const m = /^vapid t=([^,\s]+),\s*k=([A-Za-z0-9_-]+)$/.exec(String(r.headers.authorization));
  if (!m) return { status: 401 };
  const [h, c, s] = m[1]!.split('.');
  const header = JSON.parse(Buffer.from(h!, 'base64url').toString());
  const claims = JSON.parse(Buffer.from(c!, 'base64url').toString());
  const point = Buffer.from(m[2]!, 'base64url');
  const key = createPublicKey({ key: { kty: 'EC', crv: 'P-256', x: b64url(point.subarray(1, 33)), y: b64url(point.subarray(33, 65)) }, format: 'jwk' });
  const signed = verify('sha256', Buffer.from(`${h}.${c}`), { key, dsaEncoding: 'ieee-p1363' }, Buffer.from(s!, 'base64url'));
  const now = Date.now() / 1000;
  if (
    header.alg !== 'ES256' ||
    !signed ||
    claims.aud !== `https://${r.headers.host}` ||
    !(claims.exp > now && claims.exp <= now + 24 * 3600) ||
    claims.sub !== SUBJECT
  )
    return { status: 403 };
  if (r.path === '/push/gone') return { status: 410 };
  return { status: 201 };
}

let database: Database;
let line: StandIn;
let sms: StandIn;
let push: StandIn;
let cfg: NotifyConfig;
let adapters: Adapters;
let pushAgent: Agent;
let user: string;
let other: string;

const notice = (over: Partial<Notice> = {}): Notice => ({
  kind: 'task.escalated',
  titleTh: SECRET_TITLE,
  titleEn: 'Somjai answered 9Q item 9: thoughts of self-harm',
  bodyTh: SECRET_BODY,
  bodyEn: '2Q plus found suicide risk',
  url: '/tasks/7f1c2b9e-8a5d-4c3e-9b1a-2d4e6f8a0b1c',
  urgent: false,
  ...over,
});

async function setPrefs(userId: string, p: Record<string, unknown>) {
  const row = { email_enabled: false, line_enabled: false, sms_enabled: false, webpush_enabled: false, quiet_from: null, quiet_to: null, ...p };
  await ndb(database.db)
    .insertInto('notification_preferences')
    .values({ user_id: userId, ...row })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(row))
    .execute();
}

const deliveries = (noticeId: string) =>
  ndb(database.db).selectFrom('notification_deliveries').selectAll().where('notice_id', '=', noticeId).orderBy('channel').execute();
const bkk = (day: string, hhmm: string) => new Date(`${day}T${hhmm}:00+07:00`);

beforeAll(async () => {
  database = await createTestDatabase();
  await seedDemo(database.db, { persons: 0 });
  const rows = await database.db.selectFrom('users').select(['id', 'username']).execute();
  user = rows.find((r) => r.username === 'sw.boyang')!.id;
  other = rows.find((r) => r.username === 'nurse.hatyai')!.id;
  const tls = selfSignedCert();
  [line, sms, push] = await Promise.all([startStandIn(lineAnswer), startStandIn(smsAnswer), startStandIn(pushAnswer, tls)]);
  pushAgent = new Agent({ ca: tls.cert });
  cfg = {
    publicUrl: 'https://carehub.example',
    email: undefined,
    line: { accessToken: TOKEN, apiBase: line.url },
    sms: { apiKey: SMS_KEY, apiSecret: SMS_SECRET, sender: 'CareHub', apiBase: sms.url, force: 'corporate' },
    webPush: { subject: SUBJECT },
    pollSeconds: 3600,
    maxAttempts: 3,
  };
  adapters = makeAdapters(cfg, () => vapidKeys(database.db), pushAgent);
});
afterAll(async () => {
  await Promise.all([line?.close(), sms?.close(), push?.close()]);
  await database?.close();
});
beforeEach(async () => {
  // Each test starts with nothing left to deliver from the one before.
  await ndb(database.db).updateTable('notification_outbox').set({ fanned_out_at: new Date() }).where('fanned_out_at', 'is', null).execute();
  await ndb(database.db).updateTable('notification_deliveries').set({ status: 'failed' }).where('status', '=', 'pending').execute();
});

describe('LINE push messages', () => {
  it('sends the documented request, with no personal or health detail, and records it as sent', async () => {
    await setPrefs(user, { line_enabled: true, line_user_id: LINE_ID });
    const before = line.requests.length;
    const id = await sendNotice(database.db, user, notice());
    const r = await runNotificationRound(database.db, cfg, adapters, new Date());
    expect(r.sent).toBe(1);
    expect(line.requests.length).toBe(before + 1);
    const req = line.requests.at(-1)!;
    const body = JSON.parse(req.body.toString());
    expect(body.to).toBe(LINE_ID);
    expect(body.messages).toHaveLength(1);
    const text: string = body.messages[0].text;
    expect(text).toContain('https://carehub.example/tasks/7f1c2b9e-8a5d-4c3e-9b1a-2d4e6f8a0b1c');
    expect(text).toContain('เข้าสู่ระบบ');
    for (const secret of [SECRET_TITLE, SECRET_BODY, 'Somjai', 'suicide', '9Q']) expect(text).not.toContain(secret);
    const [d] = await deliveries(id);
    expect(d).toMatchObject({ channel: 'line', status: 'sent', attempts: 1, last_error: null });
    expect(req.headers['x-line-retry-key']).toBe(d!.id);
  });

  it('retries an error answer with backoff under the same retry key, then succeeds', async () => {
    await setPrefs(user, { line_enabled: true, line_user_id: LINE_ID });
    const t0 = new Date();
    const id = await sendNotice(database.db, user, notice());
    line.queue.push({ status: 500, body: { message: 'An error occurred in the server' } });
    const first = await runNotificationRound(database.db, cfg, adapters, t0);
    expect(first).toMatchObject({ sent: 0, retrying: 1 });
    let [d] = await deliveries(id);
    expect(d).toMatchObject({ status: 'pending', attempts: 1, last_error: 'LINE HTTP 500' });
    expect(d!.next_attempt_at.getTime()).toBe(t0.getTime() + 60_000);
    // Not due yet: nothing is sent.
    const early = await runNotificationRound(database.db, cfg, adapters, new Date(t0.getTime() + 59_000));
    expect(early.sent + early.retrying + early.failed).toBe(0);
    const second = await runNotificationRound(database.db, cfg, adapters, new Date(t0.getTime() + 60_000));
    expect(second.sent).toBe(1);
    [d] = await deliveries(id);
    expect(d).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
    const keys = line.requests.slice(-2).map((x) => x.headers['x-line-retry-key']);
    expect(keys).toEqual([d!.id, d!.id]);
  });

  it('marks a delivery failed when LINE refuses it, or after the last retry', async () => {
    await setPrefs(user, { line_enabled: true, line_user_id: LINE_ID });
    const refused = await sendNotice(database.db, user, notice());
    line.queue.push({ status: 400, body: { message: "The property, 'to', in the request body is invalid" } });
    await runNotificationRound(database.db, cfg, adapters, new Date());
    expect((await deliveries(refused))[0]).toMatchObject({ status: 'failed', attempts: 1, last_error: 'LINE HTTP 400' });

    const t0 = new Date();
    const flaky = await sendNotice(database.db, user, notice());
    for (let i = 0; i < 3; i++) line.queue.push({ status: 503, body: {} });
    await runNotificationRound(database.db, cfg, adapters, t0);
    await runNotificationRound(database.db, cfg, adapters, new Date(t0.getTime() + 60_000));
    expect((await deliveries(flaky))[0]).toMatchObject({ status: 'pending', attempts: 2 });
    await runNotificationRound(database.db, cfg, adapters, new Date(t0.getTime() + 3 * 60_000));
    expect((await deliveries(flaky))[0]).toMatchObject({ status: 'failed', attempts: 3, last_error: 'LINE HTTP 503' });
  });

  it('fails with 401 when the token is wrong, and never stores the token or the answer text', async () => {
    await setPrefs(user, { line_enabled: true, line_user_id: LINE_ID });
    const wrong = makeAdapters({ ...cfg, line: { accessToken: 'revoked', apiBase: line.url } }, () => vapidKeys(database.db));
    const id = await sendNotice(database.db, user, notice());
    await runNotificationRound(database.db, cfg, wrong, new Date());
    const [d] = await deliveries(id);
    expect(d).toMatchObject({ status: 'failed', last_error: 'LINE HTTP 401' });
  });
});

describe('SMS through ThaiBulkSMS', () => {
  it('posts the documented form with HTTP Basic and the number as 66…', async () => {
    await setPrefs(user, { sms_enabled: true, phone: PHONE });
    const id = await sendNotice(database.db, user, notice({ urgent: true }));
    await runNotificationRound(database.db, cfg, adapters, new Date());
    const f = form(sms.requests.at(-1)!);
    expect(f).toMatchObject({ msisdn: '66812345678', sender: 'CareHub', force: 'corporate' });
    expect(f.message).toContain('https://carehub.example/tasks/');
    for (const secret of [SECRET_TITLE, SECRET_BODY]) expect(f.message).not.toContain(secret);
    expect((await deliveries(id))[0]).toMatchObject({ channel: 'sms', status: 'sent', attempts: 1 });
  });

  it('fails at once on refused credentials, retries a gateway error', async () => {
    await setPrefs(user, { sms_enabled: true, phone: PHONE });
    const bad = makeAdapters({ ...cfg, sms: { ...cfg.sms!, apiSecret: 'wrong' } }, () => vapidKeys(database.db));
    const a = await sendNotice(database.db, user, notice());
    await runNotificationRound(database.db, cfg, bad, new Date());
    const [da] = await deliveries(a);
    expect(da).toMatchObject({ status: 'failed', attempts: 1, last_error: 'SMS HTTP 401 (401)' });
    expect(da!.last_error).not.toContain(PHONE);

    const b = await sendNotice(database.db, user, notice());
    sms.queue.push({ status: 502, body: 'Bad gateway' });
    await runNotificationRound(database.db, cfg, adapters, new Date());
    expect((await deliveries(b))[0]).toMatchObject({ status: 'pending', attempts: 1, last_error: 'SMS HTTP 502' });
  });
});

describe('quiet hours', () => {
  it('hold a notice that is not urgent until they end, and send an urgent one at once', async () => {
    await setPrefs(user, { line_enabled: true, line_user_id: LINE_ID, quiet_from: '22:00', quiet_to: '06:00' });
    const before = line.requests.length;
    const late = bkk('2026-12-07', '23:10');
    const routine = await sendNotice(database.db, user, notice());
    const urgent = await sendNotice(database.db, user, notice({ kind: 'alert.self_harm', urgent: true }));
    const r = await runNotificationRound(database.db, cfg, adapters, late);
    expect(r.sent).toBe(1);
    expect(line.requests.length).toBe(before + 1);
    expect(JSON.parse(line.requests.at(-1)!.body.toString()).messages[0].text).toContain('ด่วน');
    expect((await deliveries(urgent))[0]).toMatchObject({ status: 'sent' });
    const [held] = await deliveries(routine);
    expect(held).toMatchObject({ status: 'pending', attempts: 0 });
    expect(held!.next_attempt_at).toEqual(bkk('2026-12-08', '06:00'));
    // Still quiet at 05:59; sent at 06:00.
    expect((await runNotificationRound(database.db, cfg, adapters, bkk('2026-12-08', '05:59'))).sent).toBe(0);
    expect((await runNotificationRound(database.db, cfg, adapters, bkk('2026-12-08', '06:00'))).sent).toBe(1);
    expect((await deliveries(routine))[0]).toMatchObject({ status: 'sent', attempts: 1 });
  });
});

describe('web push', () => {
  it('posts an encrypted, VAPID-signed Web Push request that decrypts to a message without personal details', async () => {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const auth = b64url(randomBytes(16));
    await ndb(database.db)
      .insertInto('push_subscriptions')
      .values({ user_id: user, endpoint: `${push.url}/push/device-1`, p256dh: b64url(ecdh.getPublicKey()), auth })
      .execute();
    await setPrefs(user, { webpush_enabled: true });
    const id = await sendNotice(database.db, user, notice({ urgent: true }));
    const before = push.requests.length;
    await runNotificationRound(database.db, cfg, adapters, new Date());
    expect(push.requests.length).toBe(before + 1);
    const req = push.requests.at(-1)!;
    expect((await deliveries(id))[0]).toMatchObject({ channel: 'webpush', status: 'sent' });
    expect(req.headers.urgency).toBe('high');
    expect(String(req.headers.authorization)).toContain(`k=${(await vapidKeys(database.db)).publicKey}`);
    const payload = JSON.parse(ece.decrypt(req.body, { version: 'aes128gcm', privateKey: ecdh, authSecret: auth }).toString());
    expect(payload.url).toBe('/tasks/7f1c2b9e-8a5d-4c3e-9b1a-2d4e6f8a0b1c');
    expect(payload.title).toContain('CareHub');
    expect(JSON.stringify(payload)).not.toContain(SECRET_TITLE);
    expect(JSON.stringify(payload)).not.toContain(SECRET_BODY);
  });

  it('keeps one VAPID key pair', async () => {
    const a = await vapidKeys(database.db);
    const b = await vapidKeys(database.db);
    expect(b).toEqual(a);
    expect(Buffer.from(a.publicKey, 'base64url')).toHaveLength(65);
  });

  it('drops a subscription the push service says is gone (410)', async () => {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const sub = await ndb(database.db)
      .insertInto('push_subscriptions')
      .values({ user_id: other, endpoint: `${push.url}/push/gone`, p256dh: b64url(ecdh.getPublicKey()), auth: b64url(randomBytes(16)) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await setPrefs(other, { webpush_enabled: true });
    const id = await sendNotice(database.db, other, notice());
    await runNotificationRound(database.db, cfg, adapters, new Date());
    expect((await deliveries(id))[0]).toMatchObject({ status: 'failed', last_error: 'push HTTP 410 (subscription gone)', subscription_id: null });
    expect(await ndb(database.db).selectFrom('push_subscriptions').select('id').where('id', '=', sub.id).execute()).toEqual([]);
  });
});

describe('the outbox', () => {
  it('keeps a notice for a user without channels in the app only, and fails a delivery whose channel was turned off', async () => {
    await setPrefs(other, { webpush_enabled: false });
    const none = await sendNotice(database.db, other, notice());
    await runNotificationRound(database.db, cfg, adapters, new Date());
    expect(await deliveries(none)).toEqual([]);
    const n = await ndb(database.db).selectFrom('notification_outbox').select('fanned_out_at').where('id', '=', none).executeTakeFirstOrThrow();
    expect(n.fanned_out_at).not.toBeNull();

    await setPrefs(user, { line_enabled: true, line_user_id: LINE_ID, quiet_from: '00:00', quiet_to: '23:59' });
    const off = await sendNotice(database.db, user, notice());
    const t = bkk('2026-12-09', '10:00');
    await runNotificationRound(database.db, cfg, adapters, t);
    await setPrefs(user, { line_enabled: false, line_user_id: null });
    await runNotificationRound(database.db, cfg, adapters, bkk('2026-12-09', '23:59'));
    expect((await deliveries(off))[0]).toMatchObject({ status: 'failed', last_error: 'channel turned off by the user', attempts: 0 });
  });

  it('is delivered by the background worker as soon as the notice commits, logging counts only', async () => {
    await setPrefs(user, { line_enabled: true, line_user_id: LINE_ID, sms_enabled: true, phone: PHONE });
    const logs: string[] = [];
    const worker = await startNotificationWorker(database, cfg, adapters, (m) => logs.push(m));
    try {
      const lineBefore = line.requests.length;
      const smsBefore = sms.requests.length;
      await database.db.transaction().execute((tx) => sendNotice(tx, user, notice({ urgent: true })));
      await Promise.all([line.received(lineBefore + 1), sms.received(smsBefore + 1)]);
    } finally {
      await worker.close();
    }
    expect(logs.join('\n')).toMatch(/notifications: \d+ sent/);
    expect(logs.join('\n')).not.toMatch(new RegExp([PHONE, '66812345678', LINE_ID, TOKEN, SMS_SECRET, SECRET_TITLE].join('|')));
  });
});
