import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { z } from 'zod';
import type { DB } from '../../db/schema.js';
import { ndb } from './tables.js';

/** An in-app path: starts with one "/", never "//" or "/\" (which a browser reads as another site). */
export const InAppPath = z
  .string()
  .max(500)
  .regex(/^\/(?![/\\])[^\s]*$/, 'an in-app path such as /tasks/…');

export const Notice = z.object({
  /** What raised it, e.g. `task.escalated`, `alert.self_harm`, `test`. */
  kind: z.string().regex(/^[a-z0-9_.-]{1,64}$/),
  titleTh: z.string().min(1).max(200),
  titleEn: z.string().min(1).max(200),
  bodyTh: z.string().max(1000),
  bodyEn: z.string().max(1000),
  url: InAppPath,
  /** Urgent notices (a self-harm alert) ignore quiet hours: they are always sent at once. */
  urgent: z.boolean(),
});
export type Notice = z.infer<typeof Notice>;

/** The channel the worker listens on; the notification carries only the notice's id. */
export const NOTICE_CHANNEL = 'carehub_notices';

/**
 * Records a notice for one user in the outbox, in the caller's transaction when given one (so the notice
 * exists exactly when the task that raised it commits). The notification worker then delivers it through
 * the user's chosen channels, honouring quiet hours unless the notice is urgent.
 *
 * The title and body stay in CareHub (the user sees them after signing in); outside messages carry only
 * a fixed "a task needs your attention" text and the link, never personal or health details.
 * May be called as any signed-in user (asUser) or as the system. Returns the notice's id.
 */
export async function sendNotice(db: Kysely<DB>, userId: string, notice: Notice): Promise<string> {
  const n = Notice.parse(notice);
  z.string().uuid().parse(userId);
  const id = randomUUID();
  // No RETURNING: the app role may add a notice for a user it cannot read back.
  await ndb(db)
    .insertInto('notification_outbox')
    .values({
      id,
      user_id: userId,
      kind: n.kind,
      title_th: n.titleTh,
      title_en: n.titleEn,
      body_th: n.bodyTh,
      body_en: n.bodyEn,
      url: n.url,
      urgent: n.urgent,
    })
    .execute();
  // Delivered on commit only: wakes the worker at once instead of at its next poll.
  await sql`SELECT pg_notify(${NOTICE_CHANNEL}, ${id})`.execute(db);
  return id;
}
