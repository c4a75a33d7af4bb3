import type { Kysely } from 'kysely';
import pg from 'pg';
import type { Database } from '../../db/connection.js';
import type { DB } from '../../db/schema.js';
import { type Adapters, DeliveryError } from './adapters.js';
import { composeMessage } from './message.js';
import { NOTICE_CHANNEL } from './notice.js';
import { holdUntil } from './quiet.js';
import type { NotifyConfig } from './settings.js';
import { type Channel, ndb } from './tables.js';

/** Wait before attempt n+1 after n failed attempts: 1, 2, 4, 8, 16 … minutes, at most an hour. */
export function backoffMs(attempts: number): number {
  return Math.min(60, 2 ** Math.max(0, attempts - 1)) * 60_000;
}

const CLAIM_MS = 2 * 60_000;
const BATCH = 50;

/**
 * Turns new notices into one delivery per chosen, offered channel (one per browser for web push), due at
 * once or, for a notice that is not urgent, when the user's quiet hours end. A notice for a user with no
 * channel stays in the outbox only (seen in the app).
 */
export async function fanOut(db: Kysely<DB>, offered: readonly Channel[], now: Date): Promise<number> {
  return ndb(db)
    .transaction()
    .execute(async (tx) => {
      const notices = await tx
        .selectFrom('notification_outbox')
        .select(['id', 'user_id', 'urgent', 'kind'])
        .where('fanned_out_at', 'is', null)
        .orderBy('created_at')
        .limit(BATCH)
        .forUpdate()
        .skipLocked()
        .execute();
      for (const n of notices) {
        const prefs = await tx.selectFrom('notification_preferences').selectAll().where('user_id', '=', n.user_id).executeTakeFirst();
        const due = holdUntil(n, prefs, now) ?? now;
        const rows: Array<{ notice_id: string; channel: Channel; subscription_id: string | null; next_attempt_at: Date }> = [];
        if (prefs) {
          if (prefs.email_enabled && offered.includes('email')) rows.push({ notice_id: n.id, channel: 'email', subscription_id: null, next_attempt_at: due });
          if (prefs.line_enabled && offered.includes('line')) rows.push({ notice_id: n.id, channel: 'line', subscription_id: null, next_attempt_at: due });
          if (prefs.sms_enabled && offered.includes('sms')) rows.push({ notice_id: n.id, channel: 'sms', subscription_id: null, next_attempt_at: due });
          if (prefs.webpush_enabled && offered.includes('webpush')) {
            const subs = await tx.selectFrom('push_subscriptions').select('id').where('user_id', '=', n.user_id).execute();
            for (const s of subs) rows.push({ notice_id: n.id, channel: 'webpush', subscription_id: s.id, next_attempt_at: due });
          }
        }
        if (rows.length) await tx.insertInto('notification_deliveries').values(rows).execute();
        await tx.updateTable('notification_outbox').set({ fanned_out_at: now }).where('id', '=', n.id).execute();
      }
      return notices.length;
    });
}

export interface RoundResult {
  sent: number;
  retrying: number;
  failed: number;
  held: number;
}

/** Attempts the deliveries that are due, each claimed for a while so another server copy leaves it alone. */
export async function deliverDue(db: Kysely<DB>, cfg: Pick<NotifyConfig, 'publicUrl' | 'maxAttempts'>, adapters: Adapters, now: Date): Promise<RoundResult> {
  const d = ndb(db);
  const result: RoundResult = { sent: 0, retrying: 0, failed: 0, held: 0 };
  const claimed = await d
    .updateTable('notification_deliveries')
    .set({ locked_until: new Date(now.getTime() + CLAIM_MS) })
    .where(
      'id',
      'in',
      d
        .selectFrom('notification_deliveries')
        .select('id')
        .where('status', '=', 'pending')
        .where('next_attempt_at', '<=', now)
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', now)]))
        .orderBy('next_attempt_at')
        .limit(BATCH)
        .forUpdate()
        .skipLocked(),
    )
    .returningAll()
    .execute();

  for (const del of claimed) {
    const notice = await d
      .selectFrom('notification_outbox')
      .select(['user_id', 'url', 'urgent', 'kind'])
      .where('id', '=', del.notice_id)
      .executeTakeFirstOrThrow();
    const prefs = await d.selectFrom('notification_preferences').selectAll().where('user_id', '=', notice.user_id).executeTakeFirst();
    const finish = (set: { status: 'sent' | 'failed' | 'pending'; attempts?: number; next_attempt_at?: Date; last_error?: string | null; sent_at?: Date }) =>
      d
        .updateTable('notification_deliveries')
        .set({ ...set, locked_until: null })
        .where('id', '=', del.id)
        .execute();

    // A retry that would land in quiet hours waits for their end as the first attempt did.
    const hold = holdUntil(notice, prefs, now);
    if (hold) {
      await finish({ status: 'pending', next_attempt_at: hold });
      result.held++;
      continue;
    }
    let to: string | { endpoint: string; p256dh: string; auth: string } | null | undefined;
    if (del.channel === 'webpush') {
      to = del.subscription_id
        ? await d.selectFrom('push_subscriptions').select(['endpoint', 'p256dh', 'auth']).where('id', '=', del.subscription_id).executeTakeFirst()
        : null;
    } else if (prefs) {
      to =
        del.channel === 'email'
          ? prefs.email_enabled
            ? prefs.email
            : null
          : del.channel === 'line'
            ? prefs.line_enabled
              ? prefs.line_user_id
              : null
            : prefs.sms_enabled
              ? prefs.phone
              : null;
    }
    const adapter = adapters[del.channel];
    if (!to || !adapter) {
      await finish({ status: 'failed', last_error: !adapter ? 'channel no longer offered' : 'channel turned off by the user' });
      result.failed++;
      continue;
    }
    const attempts = del.attempts + 1;
    try {
      await adapter({ id: del.id, urgent: notice.urgent, message: composeMessage(notice, cfg.publicUrl), to });
      await finish({ status: 'sent', attempts, sent_at: new Date(), last_error: null });
      result.sent++;
    } catch (err) {
      const e = err instanceof DeliveryError ? err : new DeliveryError('internal error', true);
      if (e.gone && del.subscription_id) await d.deleteFrom('push_subscriptions').where('id', '=', del.subscription_id).execute();
      if (e.retryable && attempts < cfg.maxAttempts) {
        await finish({ status: 'pending', attempts, last_error: e.reason, next_attempt_at: new Date(now.getTime() + backoffMs(attempts)) });
        result.retrying++;
      } else {
        await finish({ status: 'failed', attempts, last_error: e.reason });
        result.failed++;
      }
    }
  }
  return result;
}

/** One round: new notices fanned out, due deliveries attempted. Runs as the owner (no user scope applies). */
export async function runNotificationRound(db: Kysely<DB>, cfg: NotifyConfig, adapters: Adapters, now = new Date()): Promise<RoundResult> {
  const offered = Object.keys(adapters) as Channel[];
  await fanOut(db, offered, now);
  return deliverDue(db, cfg, adapters, now);
}

/**
 * The background worker: a round every `pollSeconds`, and at once when a notice is committed
 * (LISTEN carehub_notices). Logs counts only, never an address, number or message.
 */
export async function startNotificationWorker(
  database: Database,
  cfg: NotifyConfig,
  adapters: Adapters,
  log: (msg: string) => void,
): Promise<{ close(): Promise<void> }> {
  let running = false;
  let again = false;
  let closed = false;
  const round = async (): Promise<void> => {
    if (closed) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        const r = await runNotificationRound(database.db, cfg, adapters);
        if (r.sent || r.failed || r.retrying) log(`notifications: ${r.sent} sent, ${r.retrying} to retry, ${r.failed} failed`);
      } while (again && !closed);
    } catch (err) {
      log(`notifications: round failed (${(err as Error).name})`);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void round(), cfg.pollSeconds * 1000);
  timer.unref();
  let unlisten: () => Promise<void> = async () => {};
  try {
    if (database.pglite) {
      unlisten = await database.pglite.listen(NOTICE_CHANNEL, () => void round());
    } else if (database.connectionString) {
      const client = new pg.Client({ connectionString: database.connectionString });
      client.on('notification', () => void round());
      client.on('error', () => log('notifications: listener lost; polling only'));
      await client.connect();
      await client.query(`LISTEN ${NOTICE_CHANNEL}`);
      unlisten = () => client.end().catch(() => {});
    }
  } catch {
    log('notifications: could not listen; polling only');
  }
  void round();
  return {
    async close() {
      closed = true;
      clearInterval(timer);
      await unlisten();
      while (running) await new Promise((r) => setTimeout(r, 20));
    },
  };
}
