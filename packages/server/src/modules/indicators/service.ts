import {
  addMonthsTo,
  IndicatorDefinition,
  type IndicatorListItem,
  type IndicatorSeries,
  type IndicatorValues,
  indicatorValue,
  inScope,
  isProvisional,
  MAX_INDICATOR_MONTHS,
  maturityDays,
  monthRange,
  STARTING_INDICATORS,
} from '@carehub/core';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../../db/connection.js';
import { type Actor, asUser, type Tx } from '../../db/context.js';
import type { DB } from '../../db/schema.js';
import { AppError } from '../../http/errors.js';
import { audit } from '../audit/service.js';
import { childAreas, resolveArea } from '../dashboard/areas.js';
import { CacheRead, cacheable, cellsOf, type ValueRow } from './cache.js';
import { areaFilter, indicatorSql } from './compile.js';

/**
 * Quality-of-life indicators (issue 8, part 3): definitions are rows of `indicators` (migration
 * 0012) in the vocabulary of core `indicators.ts`; values are computed per month and child area
 * from the registry, visits, assessments and referrals, as the user (row-level security) and
 * inside an area of the user's scope, and every read of values is audited. Counts only.
 */

interface Row {
  code: string;
  definition: unknown;
  target: string | number | null;
  position: number;
  updated_at: Date;
}

/** Publishes the shipped starting set where missing; a target changed since is kept. Returns how many were added. */
export async function ensureIndicators(db: Kysely<DB>): Promise<number> {
  let added = 0;
  for (const [i, d] of STARTING_INDICATORS.entries()) {
    const { target, ...definition } = d;
    const r = await sql`INSERT INTO indicators (code, definition, target, position)
      VALUES (${d.code}, ${JSON.stringify(definition)}::jsonb, ${target}, ${(i + 1) * 10})
      ON CONFLICT (code) DO NOTHING`.execute(db);
    added += Number(r.numAffectedRows ?? 0);
  }
  return added;
}

/** A row read back as a definition (target from its column), or the reasons it is not one. */
function parseRow(row: Row): { ok: true; def: IndicatorDefinition } | { ok: false; problems: string[] } {
  const raw = row.definition && typeof row.definition === 'object' ? row.definition : {};
  const parsed = IndicatorDefinition.safeParse({ ...raw, code: row.code, target: row.target === null ? null : Number(row.target) });
  if (parsed.success) return { ok: true, def: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((i) => `${i.path.join('.') || '(definition)'}: ${i.message}`) };
}

async function loadRows(tx: Tx, code?: string): Promise<Row[]> {
  const r = await sql<Row>`SELECT code, definition, target, position, updated_at FROM indicators
    WHERE active ${code === undefined ? sql`` : sql`AND code = ${code}`} ORDER BY position, code`.execute(tx);
  return r.rows;
}

const item = (row: Row, def: IndicatorDefinition): IndicatorListItem => ({
  code: row.code,
  definition: def,
  position: row.position,
  updatedAt: new Date(row.updated_at).toISOString(),
});

/** The active definitions, and any row that does not read as one (so nothing is dropped unseen). */
export async function listIndicators(
  database: Database,
  actor: Actor,
): Promise<{ indicators: IndicatorListItem[]; invalid: Array<{ code: string; problems: string[] }> }> {
  return asUser(database.db, actor, async (tx) => {
    const indicators: IndicatorListItem[] = [];
    const invalid: Array<{ code: string; problems: string[] }> = [];
    for (const row of await loadRows(tx)) {
      const p = parseRow(row);
      if (p.ok) indicators.push(item(row, p.def));
      else invalid.push({ code: row.code, problems: p.problems });
    }
    return { indicators, invalid };
  });
}

/** Changes an indicator's target (province and system admins); audited with the old and new value. */
export async function setIndicatorTarget(database: Database, actor: Actor, code: string, target: number | null): Promise<IndicatorListItem> {
  return asUser(database.db, actor, async (tx) => {
    const [row] = await loadRows(tx, code);
    if (!row) throw new AppError(404, 'not_found');
    const p = parseRow({ ...row, target });
    if (!p.ok) throw new AppError(400, 'validation.failed', { fields: p.problems.map((m) => ({ path: 'target', message_th: m, message_en: m })) });
    const updated = await sql<Row>`UPDATE indicators SET target = ${target}, updated_at = now(), updated_by = ${actor.userId}
      WHERE code = ${code} RETURNING code, definition, target, position, updated_at`.execute(tx);
    await audit(tx, actor, {
      action: 'indicator.target_changed',
      subjectType: 'indicator',
      subjectId: code,
      details: { from: row.target === null ? null : Number(row.target), to: target },
    });
    return item(updated.rows[0]!, p.def);
  });
}

const invalidQuery = (path: string, th: string, en: string) => new AppError(400, 'validation.failed', { fields: [{ path, message_th: th, message_en: en }] });

/**
 * Every active indicator for an area in the user's scope, month by month from `from` to `to`
 * (default: the last 12 months, this one included), and per child area for the month `to`.
 */
export async function readIndicatorValues(
  database: Database,
  actor: Actor,
  q: { area: string; from?: string; to?: string },
  options: { cache?: boolean } = {},
): Promise<IndicatorValues> {
  if (!inScope(q.area, actor.scopes)) throw new AppError(403, 'forbidden.out_of_scope');
  return asUser(database.db, actor, async (tx) => {
    const today = (await sql<{ today: string }>`SELECT (now() AT TIME ZONE 'UTC' + interval '7 hours')::date::text AS today`.execute(tx)).rows[0]!.today;
    const thisMonth = today.slice(0, 7);
    const to = q.to ?? thisMonth;
    const from = q.from ?? addMonthsTo(to, -11);
    if (to > thisMonth) throw invalidQuery('to', 'เดือนสิ้นสุดต้องไม่เกินเดือนปัจจุบัน', 'The last month cannot be after this month');
    const months = monthRange(from, to);
    if (!months.length) throw invalidQuery('from', 'เดือนเริ่มต้นต้องไม่หลังเดือนสิ้นสุด', 'The first month cannot be after the last');
    if (months.length > MAX_INDICATOR_MONTHS) {
      throw invalidQuery('from', `ขอได้ครั้งละไม่เกิน ${MAX_INDICATOR_MONTHS} เดือน`, `At most ${MAX_INDICATOR_MONTHS} months at a time`);
    }
    const area = await resolveArea(tx, q.area);
    const filter = areaFilter(area.level, area.code);

    const defs: IndicatorDefinition[] = [];
    for (const row of await loadRows(tx)) {
      const p = parseRow(row);
      if (p.ok) defs.push(p.def);
    }
    // The planner's estimates for these statements are far too high (a month series of unknown size crossed with
    // people), so PostgreSQL would spend seconds compiling them with JIT before running them in less.
    await sql`SET LOCAL jit = off`.execute(tx);
    // Months come from the cache (migrations 0016, 0017) where this user's row-level security sees
    // whole registered areas; otherwise they are computed live, in one statement per indicator.
    const cache =
      options.cache !== false && cacheable(actor, area.level, area.code)
        ? new CacheRead(tx, area.level, area.code, await cellsOf(tx, area.level, area.code))
        : null;
    const results: Array<{ def: IndicatorDefinition; rows: ValueRow[] }> = [];
    for (const def of defs) {
      const rows: ValueRow[] = cache ? await cache.read(def, months, maturityDays(def.measure)) : (await indicatorSql(def, filter, from, to).execute(tx)).rows;
      results.push({ def, rows });
    }
    if (cache) await cache.store();

    const withData = new Set<string>();
    for (const r of results) for (const row of r.rows) if (row.month === to && row.den > 0 && row.child) withData.add(row.child);
    const children = await childAreas(tx, area, [...withData]);

    const indicators: IndicatorSeries[] = results.map(({ def, rows }) => {
      const byMonth = new Map<string, { num: number; den: number }>();
      const byChild = new Map<string, { num: number; den: number }>();
      const add = (m: Map<string, { num: number; den: number }>, key: string, row: { num: number; den: number }) => {
        const c = m.get(key) ?? { num: 0, den: 0 };
        c.num += Number(row.num);
        c.den += Number(row.den);
        m.set(key, c);
      };
      for (const row of rows) {
        add(byMonth, row.month, row);
        if (row.month === to) add(byChild, row.child, row);
      }
      const days = maturityDays(def.measure);
      const cell = (c: { num: number; den: number } | undefined) => {
        const numerator = Math.round((c?.num ?? 0) * 1000) / 1000;
        const denominator = c?.den ?? 0;
        return { numerator, denominator, value: indicatorValue(def.unit, numerator, denominator) };
      };
      return {
        code: def.code,
        name: def.name,
        description: def.description,
        unit: def.unit,
        direction: def.direction,
        target: def.target,
        maturityDays: days,
        months: months.map((month) => ({ month, ...cell(byMonth.get(month)), provisional: isProvisional(month, today, days) })),
        children: children.map((c) => ({ area: c, ...cell(byChild.get(c.code)) })),
      };
    });

    await audit(tx, actor, {
      action: 'indicators.read',
      subjectType: 'report',
      areaCode: area.code,
      details: { level: area.level, from, to, indicators: indicators.length, children: children.length },
    });
    return { area, from, to, asOf: today, indicators };
  });
}

/**
 * Fills the cache of closed months (migration 0016) for every province with persons, for the last 12
 * months, in the background after start: one read per province as a province-scoped system reader (no
 * user, nothing leaves the database, so nothing to audit). Areas already cached cost one lookup; after
 * a restart only the months that closed since are worked out.
 */
export async function warmIndicatorCache(database: Database, log: (msg: string) => void = () => {}): Promise<number> {
  const provinces = (await sql<{ code: string }>`SELECT DISTINCT left(area_code, 2) AS code FROM persons ORDER BY 1`.execute(database.db)).rows;
  let stored = 0;
  for (const { code } of provinces) {
    const started = Date.now();
    const n = await asUser(database.db, { userId: '', scopes: [code] }, async (tx) => {
      const today = (await sql<{ today: string }>`SELECT (now() AT TIME ZONE 'UTC' + interval '7 hours')::date::text AS today`.execute(tx)).rows[0]!.today;
      const thisMonth = today.slice(0, 7);
      const months = monthRange(addMonthsTo(thisMonth, -11), addMonthsTo(thisMonth, -1));
      await sql`SET LOCAL jit = off`.execute(tx);
      const cache = new CacheRead(tx, 'province', code, await cellsOf(tx, 'province', code));
      for (const row of await loadRows(tx)) {
        const p = parseRow(row);
        if (!p.ok) continue;
        const days = maturityDays(p.def.measure);
        const closed = months.filter((m) => !isProvisional(m, today, days));
        if (closed.length) await cache.read(p.def, closed, days);
      }
      return cache.store();
    });
    stored += n;
    if (n) log(`indicator cache: ${n} cells stored for province ${code} in ${Date.now() - started} ms`);
  }
  return stored;
}
