import { ErrorResponse } from '@carehub/core';
import { z } from 'zod';
import { type Actor, asSystem, asUser } from '../../db/context.js';
import { type Module, requireActor } from '../../http/context.js';
import { AppError, notFound } from '../../http/errors.js';
import { audit } from '../audit/service.js';
import { makeAdapters, offeredChannels } from './adapters.js';
import { sendNotice } from './notice.js';
import { AdminDelivery, MyNotice, MyNotifications, Preferences, PushSubscriptionInput } from './schema.js';
import type { NotifyConfig } from './settings.js';
import { type Channel, ndb } from './tables.js';
import { vapidKeys } from './vapid.js';
import { startNotificationWorker } from './worker.js';

const errors = { 400: ErrorResponse, 401: ErrorResponse, 403: ErrorResponse, 404: ErrorResponse };

const field = (path: string, th: string, en: string) => ({ path, message_th: th, message_en: en });

/** Refuses a preference the server cannot honour: a channel it does not offer, or one without its address. */
function checkPreferences(p: Preferences, offered: readonly Channel[]): void {
  const fields = [];
  const names: Record<Channel, string> = { email: 'email', line: 'line', sms: 'sms', webpush: 'webpush' };
  for (const c of ['email', 'line', 'sms', 'webpush'] as const) {
    if (p[c].enabled && !offered.includes(c)) fields.push(field(`${names[c]}.enabled`, 'ระบบนี้ยังไม่ได้ตั้งค่าช่องทางนี้', 'This server has not set up this channel'));
  }
  if (p.email.enabled && !p.email.address)
    fields.push(field('email.address', 'กรอกอีเมลเพื่อรับการแจ้งเตือนทางอีเมล', 'Enter an e-mail address to be notified by e-mail'));
  if (p.line.enabled && !p.line.userId)
    fields.push(field('line.userId', 'กรอก LINE user ID เพื่อรับการแจ้งเตือนทาง LINE', 'Enter your LINE user ID to be notified on LINE'));
  if (p.sms.enabled && !p.sms.phone) fields.push(field('sms.phone', 'กรอกเบอร์มือถือเพื่อรับ SMS', 'Enter a mobile number to be notified by SMS'));
  if (fields.length) throw new AppError(400, 'validation.failed', { in: 'body', fields });
}

const EMPTY: Preferences = {
  email: { enabled: false, address: null },
  line: { enabled: false, userId: null },
  sms: { enabled: false, phone: null },
  webpush: { enabled: false },
  quietHours: null,
};

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const notificationRoutes: Module = async (app, { database, config }) => {
  const cfg: NotifyConfig = config.notify;
  const offered = offeredChannels(cfg);

  if (cfg.pollSeconds > 0) {
    const worker = await startNotificationWorker(
      database,
      cfg,
      makeAdapters(cfg, () => vapidKeys(database.db)),
      (msg) => app.log.info(msg),
    );
    app.addHook('onClose', () => worker.close());
  }

  async function mine(actor: Actor): Promise<z.infer<typeof MyNotifications>> {
    const { prefs, subs } = await asUser(database.db, actor, async (tx) => ({
      prefs: await ndb(tx).selectFrom('notification_preferences').selectAll().where('user_id', '=', actor.userId).executeTakeFirst(),
      subs: await ndb(tx)
        .selectFrom('push_subscriptions')
        .select((e) => e.fn.countAll<number>().as('n'))
        .where('user_id', '=', actor.userId)
        .executeTakeFirstOrThrow(),
    }));
    return {
      offered,
      vapidPublicKey: cfg.webPush ? (await vapidKeys(database.db)).publicKey : null,
      pushSubscriptions: Number(subs.n),
      preferences: prefs
        ? {
            email: { enabled: prefs.email_enabled, address: prefs.email },
            line: { enabled: prefs.line_enabled, userId: prefs.line_user_id },
            sms: { enabled: prefs.sms_enabled, phone: prefs.phone },
            webpush: { enabled: prefs.webpush_enabled },
            quietHours: prefs.quiet_from && prefs.quiet_to ? { from: prefs.quiet_from, to: prefs.quiet_to } : null,
          }
        : EMPTY,
    };
  }

  // Permission: any signed-in user, for their own preferences only (the row is keyed by the session's user).
  app.get(
    '/api/me/notifications',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['notifications'],
        summary: 'My notification channels and quiet hours (any signed-in user, own only)',
        response: { 200: MyNotifications, ...errors },
      },
    },
    async (req) => mine(requireActor(req)),
  );

  app.put(
    '/api/me/notifications',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['notifications'],
        summary: 'Set my notification channels and quiet hours (any signed-in user, own only)',
        body: Preferences,
        response: { 200: MyNotifications, ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      const p = req.body;
      checkPreferences(p, offered);
      const row = {
        email_enabled: p.email.enabled,
        email: p.email.address || null,
        line_enabled: p.line.enabled,
        line_user_id: p.line.userId || null,
        sms_enabled: p.sms.enabled,
        phone: p.sms.phone || null,
        webpush_enabled: p.webpush.enabled,
        quiet_from: p.quietHours?.from ?? null,
        quiet_to: p.quietHours?.to ?? null,
        updated_at: new Date(),
      };
      await asUser(database.db, actor, async (tx) => {
        await ndb(tx)
          .insertInto('notification_preferences')
          .values({ user_id: actor.userId, ...row })
          .onConflict((oc) => oc.column('user_id').doUpdateSet(row))
          .execute();
        await audit(tx, actor, {
          action: 'notifications.preferences_changed',
          subjectType: 'user',
          subjectId: actor.userId,
          areaCode: actor.areaCode,
          // Which channels, never the address, number or LINE id.
          details: { channels: (['email', 'line', 'sms', 'webpush'] as const).filter((c) => p[c].enabled), quietHours: p.quietHours !== null },
        });
      });
      return mine(actor);
    },
  );

  app.post(
    '/api/me/notifications/push-subscriptions',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['notifications'],
        summary: 'Register this browser for web push (any signed-in user, own only)',
        body: PushSubscriptionInput,
        response: { 201: z.object({ id: z.string().uuid() }), ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      if (!offered.includes('webpush'))
        throw new AppError(400, 'validation.failed', {
          in: 'body',
          fields: [field('endpoint', 'ระบบนี้ยังไม่ได้ตั้งค่าการแจ้งเตือนผ่านเบราว์เซอร์', 'This server has not set up web push')],
        });
      const { endpoint, keys } = req.body;
      // The endpoint is a secret only this browser knows: whoever presents it now owns it (a shared
      // device moves from one user to the next), so an older row of another user is replaced as the owner.
      const id = await asSystem(database.db, async (tx) => {
        await ndb(tx).deleteFrom('push_subscriptions').where('endpoint', '=', endpoint).execute();
        const r = await ndb(tx)
          .insertInto('push_subscriptions')
          .values({ user_id: actor.userId, endpoint, p256dh: keys.p256dh, auth: keys.auth })
          .returning('id')
          .executeTakeFirstOrThrow();
        await audit(tx, actor, { action: 'notifications.push_subscribed', subjectType: 'user', subjectId: actor.userId, areaCode: actor.areaCode });
        return r.id;
      });
      return reply.status(201).send({ id });
    },
  );

  app.delete(
    '/api/me/notifications/push-subscriptions',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['notifications'],
        summary: 'Stop web push to this browser (any signed-in user, own only)',
        querystring: z.object({ endpoint: z.string().max(2048) }),
        response: { 204: z.null(), ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const gone = await asUser(database.db, actor, async (tx) => {
        const r = await ndb(tx)
          .deleteFrom('push_subscriptions')
          .where('endpoint', '=', req.query.endpoint)
          .where('user_id', '=', actor.userId)
          .returning('id')
          .execute();
        if (r.length)
          await audit(tx, actor, { action: 'notifications.push_unsubscribed', subjectType: 'user', subjectId: actor.userId, areaCode: actor.areaCode });
        return r.length;
      });
      if (!gone) throw notFound();
      return reply.status(204).send(null);
    },
  );

  app.post(
    '/api/me/notifications/test',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['notifications'],
        summary: 'Send myself a test notice through my channels, now (any signed-in user)',
        response: { 202: z.object({ id: z.string().uuid() }), ...errors },
      },
    },
    async (req, reply) => {
      const actor = requireActor(req);
      const id = await asUser(database.db, actor, async (tx) => {
        const noticeId = await sendNotice(tx, actor.userId, {
          kind: 'test',
          titleTh: 'ทดสอบการแจ้งเตือน',
          titleEn: 'Test notice',
          bodyTh: 'ถ้าคุณได้รับข้อความนี้ ช่องทางที่เลือกใช้งานได้',
          bodyEn: 'If this reached you, your chosen channels work',
          url: '/me/notifications',
          urgent: false,
        });
        await audit(tx, actor, { action: 'notifications.test_sent', subjectType: 'user', subjectId: actor.userId, areaCode: actor.areaCode });
        return noticeId;
      });
      return reply.status(202).send({ id });
    },
  );

  app.get(
    '/api/me/notifications/notices',
    {
      config: { permission: 'authenticated' },
      schema: {
        tags: ['notifications'],
        summary: 'My latest notices and how each was delivered (any signed-in user, own only)',
        response: { 200: z.array(MyNotice), ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return asUser(database.db, actor, async (tx) => {
        const notices = await ndb(tx)
          .selectFrom('notification_outbox')
          .select(['id', 'kind', 'title_th', 'title_en', 'url', 'urgent', 'created_at'])
          .where('user_id', '=', actor.userId)
          .orderBy('created_at', 'desc')
          .limit(20)
          .execute();
        const deliveries = notices.length
          ? await ndb(tx)
              .selectFrom('notification_deliveries')
              .selectAll()
              .where(
                'notice_id',
                'in',
                notices.map((n) => n.id),
              )
              .orderBy('created_at')
              .execute()
          : [];
        return notices.map((n) => ({
          id: n.id,
          kind: n.kind,
          titleTh: n.title_th,
          titleEn: n.title_en,
          url: n.url,
          urgent: n.urgent,
          createdAt: n.created_at.toISOString(),
          deliveries: deliveries
            .filter((d) => d.notice_id === n.id)
            .map((d) => ({
              id: d.id,
              channel: d.channel,
              status: d.status,
              attempts: d.attempts,
              nextAttemptAt: d.status === 'pending' ? iso(d.next_attempt_at) : null,
              sentAt: iso(d.sent_at),
              lastError: d.last_error,
            })),
        }));
      });
    },
  );

  app.get(
    '/api/notifications/deliveries',
    {
      config: { permission: 'users.manage' },
      schema: {
        tags: ['notifications'],
        summary: 'Delivery status of notices to users in my scope (users.manage); channel and status only, never the message or the address',
        querystring: z.object({ status: z.enum(['pending', 'sent', 'failed']).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }),
        response: { 200: z.array(AdminDelivery), ...errors },
      },
    },
    async (req) => {
      const actor = requireActor(req);
      return asUser(database.db, actor, async (tx) => {
        let q = ndb(tx)
          .selectFrom('notification_deliveries as d')
          .innerJoin('notification_outbox as n', 'n.id', 'd.notice_id')
          // The users policy keeps this to users in the admin's areas.
          .innerJoin('users as u', 'u.id', 'n.user_id')
          .select([
            'd.id',
            'd.channel',
            'd.status',
            'd.attempts',
            'd.next_attempt_at',
            'd.sent_at',
            'd.last_error',
            'n.id as notice_id',
            'n.kind',
            'n.urgent',
            'n.created_at',
            'u.id as user_id',
            'u.username',
            'u.display_name',
          ])
          .orderBy('d.created_at', 'desc')
          .limit(req.query.limit);
        if (req.query.status) q = q.where('d.status', '=', req.query.status);
        const rows = await q.execute();
        await audit(tx, actor, {
          action: 'notifications.deliveries_read',
          areaCode: actor.areaCode,
          details: { count: rows.length, status: req.query.status ?? null },
        });
        return rows.map((d) => ({
          id: d.id,
          channel: d.channel,
          status: d.status,
          attempts: d.attempts,
          nextAttemptAt: d.status === 'pending' ? iso(d.next_attempt_at) : null,
          sentAt: iso(d.sent_at),
          lastError: d.last_error,
          noticeId: d.notice_id,
          kind: d.kind,
          urgent: d.urgent,
          createdAt: d.created_at.toISOString(),
          user: { id: d.user_id, username: d.username, displayName: d.display_name },
        }));
      });
    },
  );
};
