import { randomUUID } from 'node:crypto';
import { HELP } from '@carehub/core';
import { sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../../db/connection.js';
import { asSystem } from '../../db/context.js';
import { publish } from '../events/bus.js';

/**
 * Keeps the dashboard rollups (migration 0011) current.
 *
 * Why materialized views refreshed on change, not triggers keeping counters: the figures need joins
 * that counters cannot follow cheaply (a need is met by help at a later visit; a visit makes a person
 * "visited" and moves their next due date; ages and the month move with the calendar), and one
 * definition in SQL is easier to check than the same rules spread over insert/update/delete triggers.
 * The cost is a rebuild of the stale views, so the refresher batches: it waits `debounceMs` after a
 * change, then refreshes everything that went stale since, and leaves at least `minIntervalMs` (and
 * three times the last refresh's duration) between refreshes, so a busy province spends at most about
 * a quarter of one core on it however fast visits arrive.
 *
 * Changes arrive as notices on `carehub_rollups` (triggers send `table:subdistrict` at commit), so
 * writes from any process, an import or the CLI count. After a refresh commits, `dashboard.changed`
 * goes to the live event bus once per changed area (coarsened to districts or provinces when many),
 * so browsers refetch. The person counts depend on the day (ages, the month's visits due), so they
 * are rebuilt when the Thai calendar day changes: checked every minute, and before any read.
 *
 * PostgreSQL refreshes CONCURRENTLY (readers keep the old rows meanwhile); PGlite has one session, so
 * nobody can read during a refresh anyway and the plain refresh, which skips the diff, is used.
 */
export const ROLLUPS = ['persons', 'visits', 'needs', 'referrals', 'tasks'] as const;
export type Rollup = (typeof ROLLUPS)[number];

const CHANNEL = 'carehub_rollups';

/** What a change to each table (as the trigger names it) makes stale. `moved`: a person changed area. */
const STALE: Record<string, readonly Rollup[]> = {
  persons: ['persons'],
  moved: ROLLUPS,
  visits: ['persons', 'visits', 'needs'],
  caseload_assignments: ['persons'],
  referrals: ['referrals'],
  tasks: ['tasks'],
};

/** More changed areas than this in one refresh are announced by district, then by province. */
const MAX_AREA_EVENTS = 50;

export interface RefresherOptions {
  debounceMs?: number;
  minIntervalMs?: number;
  log?: (msg: string) => void;
}

export class RollupRefresher {
  private readonly dirty = new Set<Rollup>();
  private readonly areas = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private dayTimer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private lastEnd = 0;
  private lastDuration = 0;
  private closed = false;
  private unlisten: (() => Promise<void>) | undefined;
  private readonly debounceMs: number;
  private readonly minIntervalMs: number;
  private readonly log: (msg: string) => void;

  constructor(
    private readonly database: Database,
    opts: RefresherOptions = {},
  ) {
    this.debounceMs = opts.debounceMs ?? 250;
    this.minIntervalMs = opts.minIntervalMs ?? 2000;
    this.log = opts.log ?? (() => {});
  }

  /** Listens for changes, brings the help taxonomy in step and rebuilds everything once (changes made while no server listened). */
  async start(): Promise<void> {
    await syncHelpNeeds(this.database);
    // After a lost connection, changes may have been missed: rebuild everything.
    this.unlisten = await listen(
      this.database,
      CHANNEL,
      (payload) => this.notice(payload),
      () => this.mark(ROLLUPS),
      this.log,
    );
    this.mark(ROLLUPS);
    this.dayTimer = setInterval(() => {
      this.checkDay().catch(() => this.log('dashboard: day check failed'));
    }, 60_000);
    this.dayTimer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    clearInterval(this.dayTimer);
    await this.unlisten?.();
    await this.chain;
  }

  /** A trigger's notice, `table:area`. */
  notice(payload: string): void {
    const [table = '', area] = payload.split(':');
    const stale = STALE[table];
    if (stale) this.mark(stale, area);
  }

  mark(rollups: readonly Rollup[], area?: string): void {
    for (const r of rollups) this.dirty.add(r);
    if (area) this.areas.add(area);
    this.schedule();
  }

  /** Rebuilds now (after any refresh under way) and resolves when done: for a read that finds the person counts a day old. */
  async refreshNow(rollups: readonly Rollup[]): Promise<void> {
    for (const r of rollups) this.dirty.add(r);
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.enqueue();
  }

  /** Whether the person counts were built for another day than today (database clock, Thai time). */
  async personsStale(): Promise<boolean> {
    const row = await sql<{ stale: boolean }>`
      SELECT as_of IS DISTINCT FROM (now() AT TIME ZONE 'UTC' + interval '7 hours')::date AS stale
      FROM rollup_state WHERE name = 'persons'`.execute(this.database.db);
    return row.rows[0]?.stale ?? true;
  }

  private async checkDay(): Promise<void> {
    if (!this.closed && (await this.personsStale())) this.mark(['persons']);
  }

  private schedule(): void {
    if (this.timer || this.closed || this.dirty.size === 0) return;
    const gap = Math.max(this.minIntervalMs, 3 * this.lastDuration);
    const wait = Math.max(this.debounceMs, this.lastEnd + gap - Date.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.enqueue();
    }, wait);
    this.timer.unref();
  }

  private enqueue(): Promise<void> {
    this.chain = this.chain.then(() => this.refresh());
    return this.chain;
  }

  private async refresh(): Promise<void> {
    const rollups = ROLLUPS.filter((r) => this.dirty.has(r));
    const areas = [...this.areas];
    this.dirty.clear();
    this.areas.clear();
    if (rollups.length === 0 || this.closed) return;
    const started = Date.now();
    const concurrently = this.database.kind === 'postgres' ? sql`CONCURRENTLY` : sql``;
    try {
      await asSystem(this.database.db, async (tx) => {
        for (const r of rollups) {
          const t0 = Date.now();
          await sql`REFRESH MATERIALIZED VIEW ${concurrently} ${sql.table(`rollup_${r}`)}`.execute(tx);
          await tx
            .updateTable('rollup_state')
            .set({
              as_of: sql`(now() AT TIME ZONE 'UTC' + interval '7 hours')::date`,
              refreshed_at: sql`now()`,
              duration_ms: Date.now() - t0,
            })
            .where('name', '=', r)
            .execute();
        }
        // Delivered when this commits, so a browser that refetches sees the new counts.
        for (const areaCode of coarsen(areas)) await publish(tx, { type: 'dashboard.changed', id: randomUUID(), areaCode });
      });
    } catch (e) {
      if (this.closed) return;
      for (const r of rollups) this.dirty.add(r);
      for (const a of areas) this.areas.add(a);
      this.log(`dashboard: refresh failed (${(e as Error).message}); will retry`);
    } finally {
      this.lastDuration = Date.now() - started;
      this.lastEnd = Date.now();
      this.schedule();
    }
  }
}

/** Area codes to announce: each changed subdistrict, or their districts or provinces when there are many. */
export function coarsen(areas: readonly string[], max = MAX_AREA_EVENTS): string[] {
  let codes = [...new Set(areas)];
  for (const length of [4, 2]) if (codes.length > max) codes = [...new Set(codes.map((c) => c.slice(0, length)))];
  return codes.sort();
}

/** Makes dashboard_help_needs the core HELP taxonomy (which help answers which need). */
async function syncHelpNeeds(database: Database): Promise<void> {
  const pairs = Object.entries(HELP).flatMap(([help, h]) => h.addresses.map((need) => ({ help_code: help, need_code: need })));
  await asSystem(database.db, async (tx) => {
    await tx
      .insertInto('dashboard_help_needs')
      .values(pairs)
      .onConflict((oc) => oc.columns(['help_code', 'need_code']).doNothing())
      .execute();
    const keys = pairs.map((p) => `${p.help_code} ${p.need_code}`);
    await sql`DELETE FROM dashboard_help_needs WHERE help_code || ' ' || need_code <> ALL (${keys}::text[])`.execute(tx);
  });
}

/** LISTEN on a channel: PGlite's own listen, or one dedicated connection to PostgreSQL that reconnects. */
async function listen(
  database: Database,
  channel: string,
  fn: (payload: string) => void,
  reconnected: () => void,
  log: (msg: string) => void,
): Promise<() => Promise<void>> {
  if (database.pglite) return database.pglite.listen(channel, fn);
  if (!database.connectionString) throw new Error('dashboard rollups need PGlite or a PostgreSQL connection string');
  let client: pg.Client | null = null;
  let closed = false;
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: database.connectionString });
    c.on('notification', (n) => n.payload && fn(n.payload));
    c.on('error', () => {
      if (!closed) setTimeout(() => connect().catch(() => log('dashboard: reconnect failed')), 1000).unref();
    });
    await c.connect();
    await c.query(`LISTEN ${channel}`);
    if (client) reconnected();
    client = c;
  };
  await connect();
  return async () => {
    closed = true;
    await client?.end().catch(() => {});
  };
}
