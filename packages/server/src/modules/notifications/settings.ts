/**
 * How notices reach people outside the app, from the environment (docs/OPERATIONS.md). A channel whose
 * settings are missing is not offered to users. Secrets (SMTP password, LINE token, SMS key and secret)
 * live only here and are never logged or returned by the API.
 */
export interface NotifyConfig {
  /** The address users open CareHub at, e.g. https://carehub.example.go.th; links in messages start with it. */
  publicUrl: string | undefined;
  email: { host: string; port: number; secure: boolean; user: string | undefined; password: string | undefined; from: string } | undefined;
  line: { accessToken: string; apiBase: string } | undefined;
  /** ThaiBulkSMS (api-v2.thaibulksms.com): POST /sms, HTTP Basic key:secret, form fields msisdn, message, sender, force. */
  sms: { apiKey: string; apiSecret: string; sender: string; apiBase: string; force: 'corporate' | 'standard' } | undefined;
  /** Web push with VAPID: the contact the push services are given (mailto: or https:). */
  webPush: { subject: string } | undefined;
  /** Seconds between the delivery worker's rounds (it is also woken when a notice is committed); 0 = no worker (the default under Vitest). */
  pollSeconds: number;
  /** Attempts per delivery before it is marked failed. */
  maxAttempts: number;
}

function num(env: NodeJS.ProcessEnv, name: string, fallback: number, min = 1): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number of at least ${min}, got "${v}"`);
  return n;
}

function base(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const v = env[name] || fallback;
  if (!/^https?:\/\/[^\s]+$/.test(v)) throw new Error(`${name} must be an http(s) address, got "${v}"`);
  return v.replace(/\/+$/, '');
}

export function notifyConfigFromEnv(env: NodeJS.ProcessEnv = process.env): NotifyConfig {
  const force = env.THAIBULKSMS_FORCE || 'corporate';
  if (force !== 'corporate' && force !== 'standard') throw new Error(`THAIBULKSMS_FORCE must be corporate or standard, got "${force}"`);
  const subject = env.WEB_PUSH_SUBJECT;
  if (subject && !/^(mailto:|https:\/\/)/.test(subject)) throw new Error(`WEB_PUSH_SUBJECT must start with mailto: or https://, got "${subject}"`);
  return {
    publicUrl: env.PUBLIC_URL ? base(env, 'PUBLIC_URL', env.PUBLIC_URL) : undefined,
    email: env.SMTP_HOST
      ? {
          host: env.SMTP_HOST,
          port: num(env, 'SMTP_PORT', 587),
          secure: env.SMTP_SECURE === 'true',
          user: env.SMTP_USER || undefined,
          password: env.SMTP_PASSWORD || undefined,
          from: env.SMTP_FROM || 'CareHub <no-reply@localhost>',
        }
      : undefined,
    line: env.LINE_CHANNEL_ACCESS_TOKEN
      ? { accessToken: env.LINE_CHANNEL_ACCESS_TOKEN, apiBase: base(env, 'LINE_API_BASE', 'https://api.line.me') }
      : undefined,
    sms:
      env.THAIBULKSMS_API_KEY && env.THAIBULKSMS_API_SECRET
        ? {
            apiKey: env.THAIBULKSMS_API_KEY,
            apiSecret: env.THAIBULKSMS_API_SECRET,
            sender: env.THAIBULKSMS_SENDER || 'CareHub',
            apiBase: base(env, 'THAIBULKSMS_API_BASE', 'https://api-v2.thaibulksms.com'),
            force,
          }
        : undefined,
    webPush: subject ? { subject } : undefined,
    // Under unit tests no worker runs unless asked for: tests drive rounds themselves.
    pollSeconds: num(env, 'NOTIFY_POLL_SECONDS', env.VITEST ? 0 : 30, 0),
    maxAttempts: num(env, 'NOTIFY_MAX_ATTEMPTS', 6),
  };
}
