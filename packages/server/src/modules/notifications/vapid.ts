import type { Kysely } from 'kysely';
import webpush from 'web-push';
import type { DB } from '../../db/schema.js';
import { ndb } from './tables.js';

/**
 * The server's VAPID key pair, made on first use and kept in the database (so every server copy signs
 * with the same key and browsers' subscriptions survive restarts). Read as the owner: the app role has
 * no grant on the table.
 */
export async function vapidKeys(db: Kysely<DB>): Promise<{ publicKey: string; privateKey: string }> {
  const d = ndb(db);
  const row = await d.selectFrom('notification_vapid').select(['public_key', 'private_key']).executeTakeFirst();
  if (row) return { publicKey: row.public_key, privateKey: row.private_key };
  const fresh = webpush.generateVAPIDKeys();
  // Two copies starting together: the first insert wins and both read it back.
  await d
    .insertInto('notification_vapid')
    .values({ public_key: fresh.publicKey, private_key: fresh.privateKey })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute();
  const kept = await d.selectFrom('notification_vapid').select(['public_key', 'private_key']).executeTakeFirstOrThrow();
  return { publicKey: kept.public_key, privateKey: kept.private_key };
}
