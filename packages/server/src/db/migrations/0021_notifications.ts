import { type Kysely, sql } from 'kysely';

/**
 * Notices that reach people outside the app (issue 17, item 4): task escalations and urgent alerts sent
 * by e-mail, LINE, SMS and web push through each user's chosen channels and quiet hours.
 *
 * - `notification_outbox` holds one row per notice for one user. Any request may add a notice (the task
 *   that raises it decides who should hear), so the app role may INSERT for anyone; it reads only its own
 *   notices or those of users it can see (admins, for delivery status).
 * - `notification_deliveries` is one row per notice and channel (per browser for web push) with its
 *   status, attempts and next attempt; the worker (the owner, no RLS) writes it.
 * - `notification_preferences` and `push_subscriptions` hold a user's contact details: only that user
 *   reads or writes them through the app role.
 * - `notification_vapid` keeps the server's VAPID key pair, made once; the app role cannot read it.
 * Quiet hours are Asia/Bangkok wall-clock "HH:MM" strings; from > to spans midnight.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE notification_preferences (
      user_id uuid PRIMARY KEY REFERENCES users(id),
      email_enabled boolean NOT NULL DEFAULT false,
      email text CHECK (email IS NULL OR length(email) <= 254),
      line_enabled boolean NOT NULL DEFAULT false,
      line_user_id text CHECK (line_user_id IS NULL OR length(line_user_id) <= 64),
      sms_enabled boolean NOT NULL DEFAULT false,
      phone text CHECK (phone IS NULL OR phone ~ '^0[0-9]{8,9}$'),
      webpush_enabled boolean NOT NULL DEFAULT false,
      quiet_from text CHECK (quiet_from IS NULL OR quiet_from ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
      quiet_to text CHECK (quiet_to IS NULL OR quiet_to ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK ((quiet_from IS NULL) = (quiet_to IS NULL)),
      CHECK (NOT email_enabled OR email IS NOT NULL),
      CHECK (NOT line_enabled OR line_user_id IS NOT NULL),
      CHECK (NOT sms_enabled OR phone IS NOT NULL)
    );

    CREATE TABLE push_subscriptions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id),
      endpoint text NOT NULL UNIQUE CHECK (endpoint ~ '^https?://' AND length(endpoint) <= 2048),
      p256dh text NOT NULL CHECK (length(p256dh) <= 200),
      auth text NOT NULL CHECK (length(auth) <= 100),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX push_subscriptions_user ON push_subscriptions (user_id);

    CREATE TABLE notification_outbox (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id),
      kind text NOT NULL CHECK (kind ~ '^[a-z0-9_.-]{1,64}$'),
      title_th text NOT NULL CHECK (length(title_th) BETWEEN 1 AND 200),
      title_en text NOT NULL CHECK (length(title_en) BETWEEN 1 AND 200),
      body_th text NOT NULL CHECK (length(body_th) <= 1000),
      body_en text NOT NULL CHECK (length(body_en) <= 1000),
      url text NOT NULL CHECK (url ~ '^/[^/\\\\]' OR url = '/'),
      urgent boolean NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now(),
      fanned_out_at timestamptz
    );
    CREATE INDEX notification_outbox_new ON notification_outbox (created_at) WHERE fanned_out_at IS NULL;
    CREATE INDEX notification_outbox_user ON notification_outbox (user_id, created_at DESC);

    CREATE TABLE notification_deliveries (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      notice_id uuid NOT NULL REFERENCES notification_outbox(id) ON DELETE CASCADE,
      channel text NOT NULL CHECK (channel IN ('email', 'line', 'sms', 'webpush')),
      subscription_id uuid REFERENCES push_subscriptions(id) ON DELETE SET NULL,
      status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
      attempts integer NOT NULL DEFAULT 0,
      next_attempt_at timestamptz NOT NULL DEFAULT now(),
      locked_until timestamptz,
      last_error text,
      sent_at timestamptz,
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX notification_deliveries_due ON notification_deliveries (next_attempt_at) WHERE status = 'pending';
    CREATE INDEX notification_deliveries_notice ON notification_deliveries (notice_id);

    CREATE TABLE notification_vapid (
      id boolean PRIMARY KEY DEFAULT true CHECK (id),
      public_key text NOT NULL,
      private_key text NOT NULL,
      created_at timestamptz NOT NULL DEFAULT now()
    );

    ALTER TABLE notification_preferences ENABLE ROW LEVEL SECURITY;
    CREATE POLICY notification_preferences_own ON notification_preferences
      USING (user_id = app_user_id()) WITH CHECK (user_id = app_user_id());

    ALTER TABLE push_subscriptions ENABLE ROW LEVEL SECURITY;
    CREATE POLICY push_subscriptions_own ON push_subscriptions
      USING (user_id = app_user_id()) WITH CHECK (user_id = app_user_id());

    ALTER TABLE notification_outbox ENABLE ROW LEVEL SECURITY;
    CREATE POLICY notification_outbox_read ON notification_outbox FOR SELECT
      USING (user_id = app_user_id() OR EXISTS (SELECT 1 FROM users u WHERE u.id = notification_outbox.user_id));
    CREATE POLICY notification_outbox_add ON notification_outbox FOR INSERT WITH CHECK (true);

    ALTER TABLE notification_deliveries ENABLE ROW LEVEL SECURITY;
    CREATE POLICY notification_deliveries_read ON notification_deliveries FOR SELECT
      USING (EXISTS (SELECT 1 FROM notification_outbox n WHERE n.id = notification_deliveries.notice_id));

    GRANT SELECT, INSERT, UPDATE, DELETE ON notification_preferences TO carehub_app;
    GRANT SELECT, INSERT, DELETE ON push_subscriptions TO carehub_app;
    GRANT SELECT, INSERT ON notification_outbox TO carehub_app;
    GRANT SELECT ON notification_deliveries TO carehub_app;
  `.execute(db);
}
