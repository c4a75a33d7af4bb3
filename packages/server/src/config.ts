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
  /** Failed sign-ins for one account within the window that lock it for the window. */
  lockoutThreshold: number;
  lockoutWindowMinutes: number;
  /** Failed sign-ins from one address within the window before it is refused. */
  ipAttemptLimit: number;
  webDist: string | undefined;
  logLevel: string;
  trustProxy: boolean;
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
    lockoutThreshold: int('LOCKOUT_THRESHOLD', 5),
    lockoutWindowMinutes: int('LOCKOUT_WINDOW_MINUTES', 15),
    ipAttemptLimit: int('IP_ATTEMPT_LIMIT', 30),
    webDist: env.WEB_DIST,
    logLevel: env.LOG_LEVEL ?? 'info',
    trustProxy: env.TRUST_PROXY === 'true',
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
