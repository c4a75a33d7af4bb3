import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { DEFAULT_VISIT_INTERVALS, type VisitIntervals } from '@carehub/core';
import { type ImportLimits, importLimitsFromEnv } from './modules/imports/parse-core.js';
import { type NotifyConfig, notifyConfigFromEnv } from './modules/notifications/settings.js';

/** Runtime configuration, all from the environment, with defaults that run on a laptop. */
export interface Config {
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  /** Absolute lifetime of a session. */
  sessionTtlMinutes: number;
  /** A session unused for this long expires. */
  sessionIdleMinutes: number;
  /** Set the Secure flag on the session cookie (behind HTTPS). */
  cookieSecure: boolean;
  /**
   * Sign-in delay for one account from one address (docs/ARCHITECTURE.md, "Lockout"): the first
   * `loginFreeFailures` - 1 consecutive failures cost nothing; the n-th makes the next attempt of that
   * pair wait `loginDelayBaseMs` × 2^(n − loginFreeFailures), at most `loginDelayMaxMs`. Nothing locks.
   */
  loginFreeFailures: number;
  loginDelayBaseMs: number;
  loginDelayMaxMs: number;
  /** Failures older than this are forgotten by both rules. */
  lockoutWindowMinutes: number;
  /**
   * Failed sign-ins from one address within the window after which usernames that have not signed in
   * from that address before are slowed to one attempt per `loginDelayMaxMs`; users who have are not.
   */
  ipAttemptLimit: number;
  /** How far back a successful sign-in from an address makes the user "known" there. */
  loginKnownDays: number;
  webDist: string | undefined;
  logLevel: string;
  /**
   * Which proxies may set X-Forwarded-For: `false` (none, the default), a hop count (`TRUST_PROXY=1`),
   * a list of proxy addresses or CIDRs (`TRUST_PROXY=10.0.0.0/8,127.0.0.1`), or `true` (any client:
   * warned about at startup, since the address limit and the audit address can then be forged).
   */
  trustProxy: boolean | number | string[];
  /** Days between home visits by ADL group: VISIT_INTERVALS="bedridden=7,homebound=14,social=30,unknown=30". */
  visitIntervals: VisitIntervals;
  /** Notices outside the app: SMTP, LINE, ThaiBulkSMS, web push, worker timing (modules/notifications/settings.ts). */
  notify: NotifyConfig;
  /**
   * The offline basemap: a PMTiles v3 file the province provides (CAREHUB_MAP_PMTILES, a path on this
   * machine). Unset: a file an admin uploaded into DATA_DIR/map/, else no basemap (nothing online).
   */
  mapPmtiles: string | undefined;
  /**
   * Live streams (/api/events) follow their session: each re-checks it (still open, same role, areas
   * and organisation) at least this often (EVENTS_REVALIDATE_SECONDS, 20); sign-out, revocation and
   * user changes close it at once besides. One user may hold this many streams at a time on one server
   * process; one more is refused with 429 (EVENTS_STREAMS_PER_USER, 5).
   */
  eventsRevalidateMs: number;
  eventsStreamsPerUser: number;
  /**
   * What an import file may hold (modules/imports/parse-core.ts): IMPORT_MAX_FILE_MB (100),
   * IMPORT_MAX_ROWS (200000), IMPORT_MAX_COLUMNS (200), IMPORT_MAX_CELL_KB (32), IMPORT_WORKER_MEMORY_MB (1024).
   */
  importLimits: ImportLimits;
  /** A running import renews its lease every few seconds; one not renewed for this long is reported interrupted (IMPORT_LEASE_SECONDS, 60). */
  importLeaseSeconds: number;
}

function int(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive whole number, got "${v}"`);
  return n;
}

function intervals(name: string): VisitIntervals {
  const v = process.env[name];
  if (!v) return { ...DEFAULT_VISIT_INTERVALS };
  const out: VisitIntervals = { ...DEFAULT_VISIT_INTERVALS };
  for (const part of v.split(',')) {
    const [key, days] = part.split('=').map((x) => x.trim());
    const n = Number(days);
    if (!key || !(key in out) || !Number.isInteger(n) || n < 1 || n > 365)
      throw new Error(`${name} must look like "bedridden=7,homebound=14,social=30,unknown=30" (1–365 days), got "${v}"`);
    out[key as keyof VisitIntervals] = n;
  }
  return out;
}

const PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** TRUST_PROXY: unset/false, true, a hop count, or a comma-separated list of addresses, CIDRs or proxy-addr names. */
export function parseTrustProxy(value: string | undefined): Config['trustProxy'] {
  const v = value?.trim() ?? '';
  if (v === '' || v === 'false') return false;
  if (v === 'true') return true;
  if (/^\d+$/.test(v)) {
    const hops = Number(v);
    if (hops > 100) throw new Error(`TRUST_PROXY hop count must be 0–100, got "${v}"`);
    return hops === 0 ? false : hops;
  }
  const list = v
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  for (const entry of list) {
    const [address, bits, extra] = entry.split('/');
    const family = isIP(address ?? '');
    const okBits = bits === undefined || (/^\d+$/.test(bits) && Number(bits) <= (family === 6 ? 128 : 32));
    if (!PROXY_NAMES.has(entry) && (family === 0 || !okBits || extra !== undefined))
      throw new Error(`TRUST_PROXY must be true, false, a hop count or proxy addresses/CIDRs like "10.0.0.0/8,127.0.0.1"; "${entry}" is none of these`);
  }
  return list;
}

/**
 * TRUST_PROXY as Fastify takes it. Fastify 5 no longer honours a number (it trusts nothing then), so a
 * hop count becomes proxy-addr's trust function: the socket's address and the next hops - 1 entries of
 * X-Forwarded-For are proxies, and the entry before them is the client. Anything a client put further
 * left in the header is ignored.
 */
export function proxyTrust(trustProxy: Config['trustProxy']): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trustProxy !== 'number') return trustProxy;
  const hops = trustProxy;
  return (_address, hop) => hop < hops;
}

/** The startup warning for a TRUST_PROXY that believes any client's X-Forwarded-For, or null. */
export function trustProxyWarning(config: Pick<Config, 'trustProxy'>): string | null {
  return config.trustProxy === true
    ? 'TRUST_PROXY=true believes X-Forwarded-For from any client: a client can pick its own address for the sign-in limits and the audit log. Set TRUST_PROXY to the number of proxies in front of CareHub (e.g. 1) or their addresses (e.g. 10.0.0.0/8,127.0.0.1).'
    : null;
}

function nonNegative(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number (0 or more), got "${v}"`);
  return n;
}

export function loadConfig(overrides: Partial<Config> = {}): Config {
  const env = process.env;
  return {
    port: int('PORT', 3000),
    host: env.HOST ?? '0.0.0.0',
    dataDir: resolve(env.DATA_DIR ?? 'data'),
    databaseUrl: env.DATABASE_URL || undefined,
    sessionTtlMinutes: int('SESSION_TTL_MINUTES', 12 * 60),
    sessionIdleMinutes: int('SESSION_IDLE_MINUTES', 120),
    cookieSecure: env.COOKIE_SECURE === 'true',
    loginFreeFailures: int('LOGIN_FREE_FAILURES', 3),
    loginDelayBaseMs: nonNegative('LOGIN_DELAY_BASE_MS', 1000),
    loginDelayMaxMs: nonNegative('LOGIN_DELAY_MAX_MS', 60_000),
    lockoutWindowMinutes: int('LOCKOUT_WINDOW_MINUTES', 15),
    ipAttemptLimit: int('IP_ATTEMPT_LIMIT', 100),
    loginKnownDays: int('LOGIN_KNOWN_DAYS', 90),
    webDist: env.WEB_DIST,
    logLevel: env.LOG_LEVEL ?? 'info',
    trustProxy: parseTrustProxy(env.TRUST_PROXY),
    visitIntervals: intervals('VISIT_INTERVALS'),
    notify: notifyConfigFromEnv(env),
    mapPmtiles: env.CAREHUB_MAP_PMTILES ? resolve(env.CAREHUB_MAP_PMTILES) : undefined,
    eventsRevalidateMs: int('EVENTS_REVALIDATE_SECONDS', 20) * 1000,
    eventsStreamsPerUser: int('EVENTS_STREAMS_PER_USER', 5),
    importLimits: importLimitsFromEnv(env),
    importLeaseSeconds: int('IMPORT_LEASE_SECONDS', 60),
    ...overrides,
  };
}
