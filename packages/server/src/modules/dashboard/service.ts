import {
  ADL_GROUPS,
  AGE_BANDS,
  type AreaCounts,
  type Dashboard,
  DISABILITY_TYPES,
  GAP_CODES,
  inScope,
  NEED_CATEGORIES,
  REFERRAL_RESPONSE_HOURS,
  SEXES,
} from '@carehub/core';
import { sql } from 'kysely';
import type { Database } from '../../db/connection.js';
import { type Actor, asUser } from '../../db/context.js';
import { AppError } from '../../http/errors.js';
import { audit } from '../audit/service.js';
import { areaSql, childAreas, resolveArea } from './areas.js';
import { coverage } from './coverage.js';
import type { RollupRefresher } from './refresher.js';

/** The area a user sees when they name none: their organisation's, if in their scope, else their first scope. */
export function defaultArea(actor: Pick<Actor, 'areaCode' | 'scopes'>): string {
  return inScope(actor.areaCode, actor.scopes) ? actor.areaCode : (actor.scopes[0] ?? actor.areaCode);
}

const zero = (): AreaCounts => ({
  persons: 0,
  disability: 0,
  elderly: 0,
  bedridden: 0,
  awaitingRehabilitation: 0,
  withGaps: 0,
  visitsThisMonth: 0,
  personsVisited: 0,
  visitDue: 0,
  visitDueVisited: 0,
  needsFound: 0,
  needsMet: 0,
  openReferrals: 0,
  overdueReferrals: 0,
  openTasks: 0,
  overdueTasks: 0,
});

/** Which person-rollup cell feeds which headline count. */
const PERSON_COUNT: Record<string, keyof AreaCounts> = {
  'total:all': 'persons',
  'vulnerability:disability': 'disability',
  'vulnerability:elderly': 'elderly',
  'vulnerability:bedridden': 'bedridden',
  'vulnerability:awaiting_rehabilitation': 'awaitingRehabilitation',
  'gap:any': 'withGaps',
  'visit:visited': 'personsVisited',
  'visit:due': 'visitDue',
  'visit:due_visited': 'visitDueVisited',
};

const addMonths = (month: string, n: number): string => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 1 + n, 1));
  return d.toISOString().slice(0, 10);
};

/**
 * The area dashboard: counts only, for an area in the user's scope, from the rollups (never the raw
 * rows), with its child areas; every read is audited. The person counts are rebuilt first if they
 * were built on another day (ages and the month move with the calendar).
 */
export async function readDashboard(database: Database, refresher: RollupRefresher, actor: Actor, code: string): Promise<Dashboard> {
  if (!inScope(code, actor.scopes)) throw new AppError(403, 'forbidden.out_of_scope');
  if (await refresher.personsStale()) await refresher.refreshNow(['persons']);
  return asUser(database.db, actor, async (tx) => {
    const area = await resolveArea(tx, code);
    const { where, child } = areaSql(area);
    const clock = await sql<{ today: string; refreshed_at: Date | null; as_of: string | null }>`
      SELECT (now() AT TIME ZONE 'UTC' + interval '7 hours')::date::text AS today,
        (SELECT max(refreshed_at) FROM rollup_state) AS refreshed_at,
        (SELECT as_of::text FROM rollup_state WHERE name = 'persons') AS as_of`.execute(tx);
    const { today, refreshed_at, as_of } = clock.rows[0]!;
    // The rollups are read through security-barrier views, whose rows the planner cannot estimate: it
    // expected 10 rows of the province's 139,000 needs cells and sorted them (on disk) to group them.
    // Grouping by hashing took the province's reads from about 350 to 145 ms (50,000 persons, 1,000,000 visits).
    await sql`SET LOCAL enable_sort = off`.execute(tx);
    const month = `${today.slice(0, 7)}-01`;
    const since = addMonths(month, -11);
    const hours = REFERRAL_RESPONSE_HOURS;

    const persons = await sql<{ child: string; dim: string; key: string; n: number }>`
      SELECT ${child} AS child, dim, key, sum(n)::int AS n FROM dashboard_persons WHERE ${where} GROUP BY 1, 2, 3`.execute(tx);
    const visits = await sql<{ child: string; month: string; visits: number; persons: number }>`
      SELECT ${child} AS child, month::text AS month, sum(visits)::int AS visits, sum(persons)::int AS persons
      FROM dashboard_visits WHERE ${where} AND month >= ${since}::date GROUP BY 1, 2`.execute(tx);
    const needs = await sql<{ child: string; month: string; category: string; found: number; met: number }>`
      SELECT ${child} AS child, month::text AS month, category, sum(found)::int AS found, sum(met)::int AS met
      FROM dashboard_needs WHERE ${where} AND month >= ${since}::date GROUP BY 1, 2, 3`.execute(tx);
    const referrals = await sql<{ child: string; open: number; overdue: number }>`
      SELECT ${child} AS child, sum(n)::int AS open,
        coalesce(sum(n) FILTER (WHERE state = 'sent' AND (
          (urgency = 'emergency' AND sent_at < now() - make_interval(hours => ${hours.emergency}))
          OR (urgency = 'urgent' AND sent_at < now() - make_interval(hours => ${hours.urgent}))
          OR (urgency = 'routine' AND sent_at < now() - make_interval(hours => ${hours.routine})))), 0)::int AS overdue
      FROM dashboard_referrals WHERE ${where} GROUP BY 1`.execute(tx);
    const tasks = await sql<{ child: string; open: number; overdue: number }>`
      SELECT ${child} AS child, sum(n)::int AS open, coalesce(sum(n) FILTER (WHERE due_on < ${today}::date), 0)::int AS overdue
      FROM dashboard_tasks WHERE ${where} GROUP BY 1`.execute(tx);

    // Counts per child area, and for the area itself (every row counts once in its area).
    const total = zero();
    const byChild = new Map<string, AreaCounts>();
    const add = (key: string, field: keyof AreaCounts, n: number) => {
      total[field] += n;
      if (area.level === 'village') return;
      const c = byChild.get(key) ?? zero();
      c[field] += n;
      byChild.set(key, c);
    };
    const cells = new Map<string, number>();
    for (const r of persons.rows) {
      const tag = `${r.dim}:${r.key}`;
      cells.set(tag, (cells.get(tag) ?? 0) + r.n);
      const field = PERSON_COUNT[tag];
      if (field) add(r.child, field, r.n);
    }
    const byMonth = new Map<string, { visits: number; persons: number }>();
    for (const r of visits.rows) {
      const m = byMonth.get(r.month) ?? { visits: 0, persons: 0 };
      m.visits += r.visits;
      m.persons += r.persons;
      byMonth.set(r.month, m);
      if (r.month === month) add(r.child, 'visitsThisMonth', r.visits);
    }
    const needsNow = new Map<string, { found: number; met: number }>();
    const needsYear = new Map<string, { found: number; met: number }>();
    for (const r of needs.rows) {
      const y = needsYear.get(r.category) ?? { found: 0, met: 0 };
      y.found += r.found;
      y.met += r.met;
      needsYear.set(r.category, y);
      if (r.month !== month) continue;
      const n = needsNow.get(r.category) ?? { found: 0, met: 0 };
      n.found += r.found;
      n.met += r.met;
      needsNow.set(r.category, n);
      add(r.child, 'needsFound', r.found);
      add(r.child, 'needsMet', r.met);
    }
    for (const r of referrals.rows) {
      add(r.child, 'openReferrals', r.open);
      add(r.child, 'overdueReferrals', r.overdue);
    }
    for (const r of tasks.rows) {
      add(r.child, 'openTasks', r.open);
      add(r.child, 'overdueTasks', r.overdue);
    }

    const children = await childAreas(tx, area, [...byChild.keys()]);
    const cell = (tag: string) => cells.get(tag) ?? 0;
    const categories = NEED_CATEGORIES.map((c) => c.code as string);
    const needRows = (m: Map<string, { found: number; met: number }>) =>
      [...categories, ...[...m.keys()].filter((k) => !categories.includes(k))].map((category) => ({
        category,
        found: m.get(category)?.found ?? 0,
        met: m.get(category)?.met ?? 0,
      }));

    await audit(tx, actor, {
      action: 'dashboard.read',
      subjectType: 'report',
      areaCode: area.code,
      details: { level: area.level, children: children.length },
    });
    return {
      area,
      asOf: as_of ?? today,
      month: month.slice(0, 7),
      refreshedAt: refreshed_at ? new Date(refreshed_at).toISOString() : null,
      counts: total,
      persons: {
        disabilityTypes: DISABILITY_TYPES.map((type) => ({ type, count: cell(`disability_type:${type}`) })),
        adlGroups: [...ADL_GROUPS, 'unknown' as const].map((group) => ({ group, count: cell(`adl:${group}`) })),
        ageBands: [...AGE_BANDS, 'unknown' as const].map((band) => ({ band, count: cell(`age:${band}`) })),
        sex: SEXES.map((sex) => ({ sex, count: cell(`sex:${sex}`) })),
      },
      visits: {
        coverage: coverage(total.visitDue, total.visitDueVisited),
        byMonth: Array.from({ length: 12 }, (_, i) => {
          const m = addMonths(month, i - 11);
          return { month: m.slice(0, 7), ...(byMonth.get(m) ?? { visits: 0, persons: 0 }) };
        }),
      },
      needs: { thisMonth: needRows(needsNow), last12Months: needRows(needsYear) },
      gaps: GAP_CODES.map((code) => ({ code, count: cell(`gap:${code}`) })),
      children: children.map((c) => ({ ...c, counts: byChild.get(c.code) ?? zero() })),
    };
  });
}
