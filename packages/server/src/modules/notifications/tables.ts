import type { Generated, Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';

/** Tables of migration 0021, typed here so this module owns them (see the migration for the access rules). */
export interface NotificationPreferencesTable {
  user_id: string;
  email_enabled: Generated<boolean>;
  email: string | null;
  line_enabled: Generated<boolean>;
  line_user_id: string | null;
  sms_enabled: Generated<boolean>;
  phone: string | null;
  webpush_enabled: Generated<boolean>;
  quiet_from: string | null;
  quiet_to: string | null;
  updated_at: Generated<Date>;
}

export interface PushSubscriptionsTable {
  id: Generated<string>;
  user_id: string;
  endpoint: string;
  p256dh: string;
  auth: string;
  created_at: Generated<Date>;
}

export interface NotificationOutboxTable {
  id: Generated<string>;
  user_id: string;
  kind: string;
  title_th: string;
  title_en: string;
  body_th: string;
  body_en: string;
  url: string;
  urgent: boolean;
  created_at: Generated<Date>;
  fanned_out_at: Date | null;
}

export type Channel = 'email' | 'line' | 'sms' | 'webpush';
export type DeliveryStatus = 'pending' | 'sent' | 'failed';

export interface NotificationDeliveriesTable {
  id: Generated<string>;
  notice_id: string;
  channel: Channel;
  subscription_id: string | null;
  status: Generated<DeliveryStatus>;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  locked_until: Date | null;
  last_error: string | null;
  sent_at: Date | null;
  created_at: Generated<Date>;
}

export interface NotificationVapidTable {
  id: Generated<boolean>;
  public_key: string;
  private_key: string;
  created_at: Generated<Date>;
}

export interface NotificationTables {
  notification_preferences: NotificationPreferencesTable;
  push_subscriptions: PushSubscriptionsTable;
  notification_outbox: NotificationOutboxTable;
  notification_deliveries: NotificationDeliveriesTable;
  notification_vapid: NotificationVapidTable;
}

export type NDB = DB & NotificationTables;

/** The same connection or transaction, seen with this module's tables. */
export function ndb(db: Kysely<DB>): Kysely<NDB> {
  return db as unknown as Kysely<NDB>;
}
