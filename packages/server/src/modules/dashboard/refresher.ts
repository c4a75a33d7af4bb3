import { randomUUID } from 'node:crypto';
import { HELP } from '@carehub/core';
import { sql } from 'kysely';
import pg from 'pg';
import type { Database } from '../../db/connection.js';
import { asSystem } from '../../db/context.js';
import { publish } from '../events/bus.js';

/**
 * Keeps the dashboard rollups current and tells browsers when they changed.
 *
 * Since migration 0014 the rollups a visit touches (persons, visits, needs) are tables that triggers
 * keep up to date in the writing transaction, by the difference each statement makes (at 1,000,000
 * visits, rebuilding them from the raw rows took about 12 s a change). What is left here:
 * - referrals and tasks stay materialized views (open items only; well under 0.1 s to refresh), rebuilt
 *   after a change at most every max(`minIntervalMs`, 3 × the last refresh), CONCURRENTLY on PostgreSQL
 *   (readers keep the old rows meanwhile), plainly on PGlite (one session: nobody reads meanwhile);
 * - the person counts depend on the day (ages, the month's visits due), so when the Thai calendar day
 *   changes they are rebuilt once (`rollup_rebuild('persons', true)`): checked every minute, and before
 *   any read;
 * - after a change commits, `dashboard.changed` goes to the live event bus once per changed area
 *   (coarsened to districts or provinces when many), so browsers refetch.
 *
 * Changes arrive as notices on `carehub_rollups` (triggers send `table:subdistrict` at commit), so
 * writes from any process, an import or the CLI count. Behind a load balancer every process hears
 * them, so only one process acts on them: the one holding a session advisory lock on its listening
 * connection (the others try again every `leaderRetryMs` and take over when it goes, refreshing the
 * views once then). Each view's refresh also runs under a transaction advisory lock of its own
 * (`pg_try_advisory_xact_lock`): a process that finds it taken (a leader being replaced) leaves the
 * work to the holder and looks again later. PGlite is one process: it always leads.
 */
export const ROLLUPS = ['persons', 'visits', 'needs', 'referrals', 'tasks'] as const;
export type Rollup = (typeof ROLLUPS)[number];
/** Rollups that triggers keep current (0014); the others are materialized views refreshed here. */
const LIVE: readonly Rollup[] = ['persons', 'visits', 'needs'];
const VIEWS: readonly Rollup[] = ['referrals', 'tasks'];

const CHANNEL = 'carehub_rollups';
/** Advisory lock keys (two-int form, first int 74210–74213 is the dashboard's). */
const LEADER_LOCK = [74213, 0] as const;
const VIEW_LOCK = 74212;

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
  /** How often a process that does not lead tries to take over (PostgreSQL). */
  leaderRetryMs?: number;
  log?: (msg: string) => void;
  /** Called for each view this process refreshed, or found another process refreshing ('busy'). */
  onRefresh?: (rollup: Rollup, outcome: 'refreshed' | 'busy') => void;
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
  private leading = false;
  private unlisten: (() => Promise<void>) | undefined;
  private starting: Promise<void> = Promise.resolve();
  private readonly debounceMs: number;
  private readonly minIntervalMs: number;
  private readonly leaderRetryMs: number;
  private readonly log: (msg: string) => void;
  private readonly onRefresh: NonNullable<RefresherOptions['onRefresh']>;

  constructor(
    private readonly database: Database,
    opts: RefresherOptions = {},
  ) {
    this.debounceMs = opts.debounceMs ?? 250;
    this.minIntervalMs = opts.minIntervalMs ?? 2000;
    this.leaderRetryMs = opts.leaderRetryMs ?? 5000;
    this.log = opts.log ?? (() => {});
    this.onRefresh = opts.onRefresh ?? (() => {});
  }

  /** Resolves when the start-up recount (see `start`) is done. */
  get ready(): Promise<void> {
    return this.starting;
  }

  /** Whether this process is the one that refreshes and announces (always on PGlite). */
  get isLeader(): boolean {
    return this.leading;
  }

  /**
   * Listens for changes (the leader refreshes the views once: changes made while no server listened),
   * and in the background brings the help taxonomy in step (recounting needs met if it changed) and
   * rebuilds the person counts if they are a day old. `ready` resolves when that is done.
   */
  async start(): Promise<void> {
    // In the background: after a taxonomy change, recounting needs met at 1,000,000 visits takes tens of
    // seconds, longer than a server may take to start. Reads meanwhile see the counts as they were.
    this.starting = (async () => {
      await syncHelpNeeds(this.database);
      await this.rebuildPersons();
    })().catch((e) => this.log(`dashboard: start-up recount failed (${(e as Error).message})`));
    this.unlisten = await listen(
      this.database,
      CHANNEL,
      (payload) => this.notice(payload),
      (leading) => this.lead(leading),
      this.leaderRetryMs,
      this.log,
    );
    this.dayTimer = setInterval(() => {
      this.checkDay().catch(() => this.log('dashboard: day check failed'));
    }, 60_000);
    this.dayTimer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    clearInterval(this.dayTimer);
    await this.starting;
    await this.chain;
    await this.unlisten?.();
  }

  /** A trigger's notice, `table:area`. Only the leader acts on it; the others' browsers hear the leader's events. */
  notice(payload: string): void {
    if (!this.leading) return;
    const [table = '', area] = payload.split(':');
    const stale = STALE[table];
    if (stale) this.mark(stale, area);
  }

  mark(rollups: readonly Rollup[], area?: string): void {
    for (const r of rollups) this.dirty.add(r);
    if (area) this.areas.add(area);
    this.schedule();
  }

  /**
   * Rebuilds now (after any refresh under way) and resolves when done: for a read that finds the
   * person counts a day old (any process may: the rebuild locks and looks again), or to recount
   * visits and needs from the raw rows ('visits' or 'needs').
   */
  async refreshNow(rollups: readonly Rollup[]): Promise<void> {
    if (rollups.includes('persons')) await this.rebuildPersons();
    if (rollups.includes('visits') || rollups.includes('needs')) {
      await asSystem(this.database.db, (tx) => sql`SELECT rollup_rebuild('visits')`.execute(tx));
    }
    const views = VIEWS.filter((r) => rollups.includes(r));
    if (views.length === 0) return;
    for (const r of views) this.dirty.add(r);
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

  private async rebuildPersons(): Promise<void> {
    await asSystem(this.database.db, (tx) => sql`SELECT rollup_rebuild('persons', true)`.execute(tx));
  }

  private lead(leading: boolean): void {
    const was = this.leading;
    this.leading = leading;
    if (leading && !was) {
      this.log('dashboard: this process now refreshes the rollups');
      this.mark(VIEWS);
    }
    if (!leading) {
      this.dirty.clear();
      this.areas.clear();
    }
  }

  private async checkDay(): Promise<void> {
    if (!this.closed && this.leading && (await this.personsStale())) await this.rebuildPersons();
  }

  private schedule(): void {
    if (this.timer || this.closed || (this.dirty.size === 0 && this.areas.size === 0)) return;
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
    const views = VIEWS.filter((r) => this.dirty.has(r));
    const live = LIVE.filter((r) => this.dirty.has(r));
    const areas = [...this.areas];
    this.dirty.clear();
    this.areas.clear();
    if ((views.length === 0 && live.length === 0 && areas.length === 0) || this.closed) return;
    const started = Date.now();
    const postgres = this.database.kind === 'postgres';
    const concurrently = postgres ? sql`CONCURRENTLY` : sql``;
    const busy: Rollup[] = [];
    const done: Rollup[] = [];
    try {
      await asSystem(this.database.db, async (tx) => {
        for (const r of views) {
          // One process at a time per view; the holder's refresh covers what it heard, and this one looks again later.
          if (postgres) {
            const lock = await sql<{ ok: boolean }>`SELECT pg_try_advisory_xact_lock(${VIEW_LOCK}, ${VIEWS.indexOf(r)}) AS ok`.execute(tx);
            if (!lock.rows[0]?.ok) {
              busy.push(r);
              continue;
            }
          }
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
          done.push(r);
        }
        // The trigger-kept rollups were current when the change committed: record when it was announced.
        if (live.length > 0) await tx.updateTable('rollup_state').set({ refreshed_at: sql`now()` }).where('name', 'in', live).execute();
        // Delivered when this commits, so a browser that refetches sees the new counts.
        for (const areaCode of coarsen(areas)) await publish(tx, { type: 'dashboard.changed', id: randomUUID(), areaCode });
      });
      for (const r of done) this.onRefresh(r, 'refreshed');
      for (const r of busy) {
        this.onRefresh(r, 'busy');
        this.dirty.add(r);
      }
    } catch (e) {
      if (this.closed) return;
      for (const r of [...views, ...live]) this.dirty.add(r);
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

/** Makes dashboard_help_needs the core HELP taxonomy (which help answers which need); recounts needs met if it changed. */
async function syncHelpNeeds(database: Database): Promise<void> {
  const pairs = Object.entries(HELP).flatMap(([help, h]) => h.addresses.map((need) => ({ help_code: help, need_code: need })));
  await asSystem(database.db, async (tx) => {
    const added = await tx
      .insertInto('dashboard_help_needs')
      .values(pairs)
      .onConflict((oc) => oc.columns(['help_code', 'need_code']).doNothing())
      .returning('help_code')
      .execute();
    const keys = pairs.map((p) => `${p.help_code} ${p.need_code}`);
    const removed = await sql`DELETE FROM dashboard_help_needs WHERE help_code || ' ' || need_code <> ALL (${keys}::text[])`.execute(tx);
    if (added.length > 0 || Number(removed.numAffectedRows ?? 0) > 0) await sql`SELECT rollup_rebuild('visits')`.execute(tx);
  });
}

/**
 * LISTEN on a channel: PGlite's own listen (one process: it leads), or one dedicated connection to
 * PostgreSQL that reconnects, and on which this process tries to hold the leader's session lock
 * (released by PostgreSQL when the connection or the process goes). `lead` hears each change of role;
 * after a reconnect a leader is told again, so it refreshes what it may have missed.
 */
async function listen(
  database: Database,
  channel: string,
  fn: (payload: string) => void,
  lead: (leading: boolean) => void,
  retryMs: number,
  log: (msg: string) => void,
): Promise<() => Promise<void>> {
  if (database.pglite) {
    const stop = await database.pglite.listen(channel, fn);
    lead(true);
    return stop;
  }
  if (!database.connectionString) throw new Error('dashboard rollups need PGlite or a PostgreSQL connection string');
  let client: pg.Client | null = null;
  let leading = false;
  let closed = false;
  const tryLead = async (c: pg.Client): Promise<void> => {
    if (leading || closed) return;
    const r = await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [...LEADER_LOCK]);
    if (r.rows[0]?.ok && !closed) {
      leading = true;
      lead(true);
    }
  };
  const retry = setInterval(() => {
    if (client && !leading) tryLead(client).catch(() => log('dashboard: leader check failed'));
  }, retryMs);
  retry.unref();
  const connect = async (): Promise<void> => {
    const c = new pg.Client({ connectionString: database.connectionString });
    c.on('notification', (n) => n.payload && fn(n.payload));
    c.on('error', () => {
      if (client === c) client = null;
      if (leading) {
        leading = false;
        lead(false);
      }
      if (!closed) setTimeout(() => connect().catch(() => log('dashboard: reconnect failed')), 1000).unref();
    });
    await c.connect();
    await c.query(`LISTEN ${channel}`);
    client = c;
    await tryLead(c);
  };
  await connect();
  return async () => {
    closed = true;
    clearInterval(retry);
    await client?.end().catch(() => {});
  };
}
