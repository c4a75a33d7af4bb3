import { createHash } from 'node:crypto';
import { ADL_GROUP_MIN, CASELOAD_ROLES, HELP, type IndicatorDefinition, REFERRAL_RESPONSE_HOURS, type Role, STANDARD_INSTRUMENTS } from '@carehub/core';
import { sql } from 'kysely';
import type { Tx } from '../../db/context.js';
import { type AreaFilter, areaFilter, indicatorSql } from './compile.js';

/**
 * The indicator cache (migrations 0016_indicator_cache, which explains invalidation and races, and
 * 0017). A month's counts are kept per indicator, definition hash, month and registered area (a
 * person's `area_code`), with the village numbers; a read sums the cached cells of its area, works
 * out only the cells missing (one statement over the missing areas and months) and stores them.
 * A closed month's cell is kept until a write drops it. A running or provisional month's value also
 * moves with the clock, so its cell serves for RECENT_MINUTES after it was computed, and a write
 * drops it at once like any other.
 */

/** How long a running or provisional month's cached value is used: how far it may lag the clock (never a write). */
export const RECENT_MINUTES = 10;

/** A cached cell that may be used now: worked out after its month matured, or recently. */
const usable = sql<boolean>`(c.computed_at >= c.horizon OR c.computed_at > now() - make_interval(mins => ${RECENT_MINUTES}))`;

/** Bump when compile.ts changes what a definition counts: every cached value is then a miss. */
const COMPILER_VERSION = 'indicators-compile-1';

/**
 * The cache key of a definition: its measure, plus the constants of the platform the compiled SQL
 * reads (response hours, ADL thresholds, help taxonomy, the ADL instrument). The target, names and
 * description are not values and are left out.
 */
export function definitionHash(def: IndicatorDefinition): string {
  const adl = STANDARD_INSTRUMENTS.find((x) => x.feeds?.adlGroup);
  const key = JSON.stringify({
    v: COMPILER_VERSION,
    measure: def.measure,
    hours: REFERRAL_RESPONSE_HOURS,
    adl: [ADL_GROUP_MIN, adl?.code, adl?.feeds?.adlGroup],
    help: Object.entries(HELP).map(([code, h]) => [code, h.addresses]),
  });
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}

type Level = 'country' | 'province' | 'district' | 'subdistrict' | 'village';

/**
 * Whether this user's reads may use and fill the cache for an area: a user whose row-level security
 * shows every person of the area's registered areas (a scope at or above the subdistrict that
 * contains the area; not a caseload-only role). Anyone else computes live, as before.
 */
export function cacheable(actor: { scopes: string[]; role?: Role }, level: Level, code: string): boolean {
  if (actor.role !== undefined && CASELOAD_ROLES.includes(actor.role)) return false;
  const base = level === 'country' ? '' : level === 'village' ? code.slice(0, 6) : code;
  return actor.scopes.some((s) => s === 'TH' || (s.length <= 6 && base.startsWith(s)));
}

/** The registered areas an area's persons may have (every non-village area under it, and village areas with persons). */
export async function cellsOf(tx: Tx, level: Level, code: string): Promise<string[]> {
  const prefix = level === 'country' ? '' : level === 'village' ? code.slice(0, 6) : code;
  const r = await sql<{ code: string }>`SELECT a.code FROM areas a WHERE a.code LIKE ${`${prefix}%`}
    AND (a.level <> 'village' OR EXISTS (SELECT 1 FROM persons p WHERE p.area_code = a.code)) ORDER BY 1`.execute(tx);
  return r.rows.map((x) => x.code);
}

/** The child an (area, village) counts in for a read at `level` (as areaFilter's `child`). */
function childOf(level: Level, area: string, village: number): string {
  switch (level) {
    case 'country':
      return area.slice(0, 2);
    case 'province':
      return area.slice(0, 4);
    case 'district':
      return area.slice(0, 6);
    case 'subdistrict':
      return area + String(village).padStart(2, '0');
    case 'village':
      return '';
  }
}

export interface ValueRow {
  month: string;
  child: string;
  den: number;
  num: number;
}

interface Pending {
  code: string;
  hash: string;
  days: number;
  month: string;
  area: string;
  villages: number[];
  nums: number[];
  dens: number[];
}

/**
 * One read's use of the cache: `read` answers one definition's closed months (cached cells summed,
 * missing ones computed), and `store` keeps what was computed, at the end of the read, for the areas
 * no write has touched meanwhile.
 */
export class CacheRead {
  private pending: Pending[] = [];
  private gens = new Map<string, string>();
  computedCells = 0;
  cachedCells = 0;

  constructor(
    private readonly tx: Tx,
    private readonly level: Level,
    private readonly code: string,
    private readonly cells: string[],
  ) {}

  async read(def: IndicatorDefinition, months: string[], days: number): Promise<ValueRow[]> {
    const hash = definitionHash(def);
    const filter = areaFilter(this.level, this.code);
    const firsts = months.map((m) => `${m}-01`);
    const present = await sql<{ area_code: string; month: string }>`SELECT c.area_code, to_char(c.month, 'YYYY-MM') AS month FROM indicator_cache c
      WHERE c.code = ${def.code} AND c.hash = ${hash} AND c.area_code = ANY (${this.cells}::text[])
        AND c.month = ANY (${firsts}::date[]) AND ${usable}`.execute(this.tx);
    const have = new Set(present.rows.map((r) => `${r.area_code}|${r.month}`));
    this.cachedCells += have.size;

    const out: ValueRow[] = [];
    if (have.size) {
      const cached = await sql<ValueRow>`SELECT to_char(c.month, 'YYYY-MM') AS month, ${filter.child} AS child,
          sum(u.den)::int AS den, coalesce(sum(u.num), 0)::float8 AS num
        FROM indicator_cache c
        CROSS JOIN LATERAL unnest(c.village_no, c.num, c.den) AS u(village_no, num, den)
        CROSS JOIN LATERAL (SELECT c.area_code, u.village_no) p
        WHERE c.code = ${def.code} AND c.hash = ${hash} AND c.area_code = ANY (${this.cells}::text[])
          AND c.month = ANY (${firsts}::date[]) AND ${usable} AND ${filter.where}
        GROUP BY 1, 2`.execute(this.tx);
      out.push(...cached.rows);
    }

    const missing: Array<{ area: string; month: string }> = [];
    for (const area of this.cells) for (const month of months) if (!have.has(`${area}|${month}`)) missing.push({ area, month });
    if (!missing.length) return out;
    this.computedCells += missing.length;
    const areas = [...new Set(missing.map((m) => m.area))];
    await this.noteGens(areas);
    const span = missing.map((m) => m.month).sort();
    const fresh = await indicatorSql(def, cellFilter(areas), span[0]!, span.at(-1)!).execute(this.tx);
    const byCell = new Map<string, Array<{ village: number; num: number; den: number }>>();
    for (const r of fresh.rows) {
      const [area, village] = r.child.split(':') as [string, string];
      const key = `${area}|${r.month}`;
      const list = byCell.get(key) ?? [];
      list.push({ village: Number(village), num: Number(r.num), den: Number(r.den) });
      byCell.set(key, list);
    }
    // The area's own filter (areaFilter's `where`), on the cells computed.
    const inArea = (area: string, village: number) =>
      this.level === 'country' ||
      (this.level === 'village' ? area === this.code.slice(0, 6) && village === Number(this.code.slice(6)) : area.startsWith(this.code));
    for (const { area, month } of missing) {
      const list = (byCell.get(`${area}|${month}`) ?? []).sort((a, b) => a.village - b.village);
      this.pending.push({
        code: def.code,
        hash,
        days,
        month,
        area,
        villages: list.map((x) => x.village),
        nums: list.map((x) => x.num),
        dens: list.map((x) => x.den),
      });
      for (const x of list) {
        if (inArea(area, x.village)) out.push({ month, child: childOf(this.level, area, x.village), den: x.den, num: x.num });
      }
    }
    return out;
  }

  /** Makes sure every area has a counter, and notes the counters before computing. */
  private async noteGens(areas: string[]): Promise<void> {
    const todo = areas.filter((a) => !this.gens.has(a));
    if (!todo.length) return;
    await sql`INSERT INTO indicator_cache_gen (area_code) SELECT unnest(${todo}::text[]) ON CONFLICT DO NOTHING`.execute(this.tx);
    const r = await sql<{ area_code: string; gen: string }>`SELECT area_code, gen::text AS gen FROM indicator_cache_gen
      WHERE area_code = ANY (${todo}::text[])`.execute(this.tx);
    for (const row of r.rows) this.gens.set(row.area_code, row.gen);
  }

  /**
   * Stores the computed cells of the areas whose counters have not moved since they were noted. The
   * counters are read FOR SHARE: this waits for any writer still open on those areas, and makes a
   * later writer wait for this transaction before it deletes (migration 0016).
   */
  async store(): Promise<number> {
    if (!this.pending.length) return 0;
    const areas = [...this.gens.keys()].sort();
    const now = await sql<{ area_code: string; gen: string }>`SELECT area_code, gen::text AS gen FROM indicator_cache_gen
      WHERE area_code = ANY (${areas}::text[]) ORDER BY area_code FOR SHARE`.execute(this.tx);
    const unchanged = new Set(now.rows.filter((r) => this.gens.get(r.area_code) === r.gen).map((r) => r.area_code));
    const rows = this.pending.filter((p) => unchanged.has(p.area));
    this.pending = [];
    let stored = 0;
    for (let i = 0; i < rows.length; i += 2000) {
      const part = rows.slice(i, i + 2000);
      const r = await sql`INSERT INTO indicator_cache (code, hash, month, area_code, horizon, village_no, num, den)
        SELECT x.code, x.hash, x.month, x.area_code,
          ((x.month + interval '1 month') - interval '7 hours') AT TIME ZONE 'UTC' + make_interval(days => x.days),
          ARRAY(SELECT e::smallint FROM jsonb_array_elements_text(x.villages) WITH ORDINALITY AS j(e, i) ORDER BY i),
          ARRAY(SELECT e::float8 FROM jsonb_array_elements_text(x.nums) WITH ORDINALITY AS j(e, i) ORDER BY i),
          ARRAY(SELECT e::int FROM jsonb_array_elements_text(x.dens) WITH ORDINALITY AS j(e, i) ORDER BY i)
        FROM jsonb_to_recordset(${JSON.stringify(
          part.map((p) => ({
            code: p.code,
            hash: p.hash,
            month: `${p.month}-01`,
            area_code: p.area,
            days: p.days,
            villages: p.villages,
            nums: p.nums,
            dens: p.dens,
          })),
        )}::jsonb) AS x(code text, hash text, month date, area_code text, days int, villages jsonb, nums jsonb, dens jsonb)
        ON CONFLICT (code, hash, area_code, month) DO UPDATE SET horizon = excluded.horizon, village_no = excluded.village_no,
          num = excluded.num, den = excluded.den, computed_at = excluded.computed_at`.execute(this.tx);
      stored += Number(r.numAffectedRows ?? 0);
    }
    return stored;
  }
}

/** The persons registered in these areas, grouped by registered area and village (`area:village`). */
function cellFilter(areas: string[]): AreaFilter {
  return {
    where: sql<boolean>`p.area_code = ANY (${areas}::text[])`,
    child: sql<string>`p.area_code || ':' || coalesce(p.village_no, 0)::text`,
  };
}
