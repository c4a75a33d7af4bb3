import {
  ADL_GROUP_MIN,
  HELP,
  type IndicatorDefinition,
  type NeedCondition,
  type PersonCondition,
  REFERRAL_RESPONSE_HOURS,
  type ReferralCondition,
  type ScoreChange,
  STANDARD_INSTRUMENTS,
} from '@carehub/core';
import { type RawBuilder, sql } from 'kysely';
import { aliveAtCutSql, countedVisit, dueFromArraysSql } from '../dashboard/coverage.js';

/**
 * Compiles an indicator definition (core `IndicatorDefinition`, the vocabulary of
 * packages/core/src/indicators.ts) to one parameterised SQL statement. Every value of a definition
 * reaches PostgreSQL as a bound parameter; table and column names come only from this file. The
 * statement runs as the user (`asUser`), so row-level security keeps it inside the user's areas as
 * well as the area filter written here.
 *
 * The statement returns one row per month and child area: `month` (YYYY-MM), `child` (the child
 * area's code, as the dashboard groups them), `den` and `num` (for an average: how many persons
 * have a value, and the sum of the values).
 *
 * Aliases the conditions may use: `m` the month (`t0` its first instant in Thai time, `t1` its cut:
 * the month's end or now, whichever is first, `d1` the cut's Thai calendar day), `b` the bounds of
 * all months (`lo_t`, `hi_t`, `lo_d`, `hi_d`), `p` the person, `n` a need found (`person_id`,
 * `code`, `found_at`, and the help the person was given), `r` a referral.
 *
 * Set-based, not row by row: the facts a person condition reads (vulnerability records,
 * entitlements, Barthel responses, visits, score responses) are gathered once per person into arrays
 * (`px`), and each month is then judged from those arrays in memory. Row-level security thus checks
 * each fact row once, not once per person and month (a province of 50,000 persons × 12 months read
 * in ~80 s row by row).
 */

/** The instrument whose score sets a person's ADL group (Barthel), and that score. */
const ADL = (() => {
  const d = STANDARD_INSTRUMENTS.find((x) => x.feeds?.adlGroup);
  return { instrument: d?.code ?? 'barthel', score: d?.feeds?.adlGroup ?? 'total' };
})();

/** Which help answers which need (core HELP taxonomy), as two parallel arrays for `unnest`. */
const HELP_PAIRS = (() => {
  const helps: string[] = [];
  const needs: string[] = [];
  for (const [help, { addresses }] of Object.entries(HELP)) {
    for (const need of addresses) {
      helps.push(help);
      needs.push(need);
    }
  }
  return { helps, needs };
})();

const TRUE = sql<boolean>`true`;
const FALSE = sql<boolean>`false`;
const and = (xs: RawBuilder<boolean>[]) => (xs.length ? sql<boolean>`(${sql.join(xs, sql` AND `)})` : TRUE);
const or = (xs: RawBuilder<boolean>[]) => (xs.length ? sql<boolean>`(${sql.join(xs, sql` OR `)})` : FALSE);
/** A fact that cannot be worked out (unknown birth date, no ADL group) is false, and so its negation is true. */
const fact = (x: RawBuilder<boolean>) => sql<boolean>`coalesce(${x}, false)`;

/** The Thai calendar day of an instant. */
const thaiDay = (col: RawBuilder<unknown>) => sql`(${col} AT TIME ZONE 'UTC' + interval '7 hours')::date`;

/** A signed response that a signed correction has not replaced. */
const current = (alias: string) =>
  sql<boolean>`${sql.ref(`${alias}.status`)} = 'signed' AND NOT EXISTS (SELECT 1 FROM assessments c WHERE c.replaces = ${sql.ref(`${alias}.id`)} AND c.status = 'signed')`;

/** ADL group at the cut, from the person's current Barthel responses (`adl_at`, `adl_total`), else the registry's group. */
const adlGroupAtCut = sql<string>`(CASE
    WHEN adl.total IS NOT NULL THEN CASE WHEN adl.total >= ${ADL_GROUP_MIN.social} THEN 'social' WHEN adl.total >= ${ADL_GROUP_MIN.homebound} THEN 'homebound' ELSE 'bedridden' END
    WHEN coalesce(cardinality(p.adl_at), 0) = 0 THEN p.adl_group
  END)`;
const adlTotalAtCut = sql`(SELECT a.total FROM unnest(p.adl_at, p.adl_total) AS a(at, total) WHERE a.at < m.t1 ORDER BY a.at DESC LIMIT 1)`;

/** A person condition, as of the month's cut; `p` is a row of `px` (the person with their fact arrays). */
export function personSql(c: PersonCondition): RawBuilder<boolean> {
  switch (c.op) {
    case 'all':
      return and(c.of.map(personSql));
    case 'any':
      return or(c.of.map(personSql));
    case 'not':
      return sql<boolean>`NOT ${personSql(c.of)}`;
    case 'vulnerability':
      return fact(sql<boolean>`EXISTS (SELECT 1 FROM unnest(p.vul_kind, p.vul_known, p.vul_ended) AS v(kind, known, ended_at)
        WHERE v.kind = ${c.kind} AND (v.known IS NULL OR v.known <= m.d1) AND (v.ended_at IS NULL OR v.ended_at >= m.t1))`);
    case 'disability_card':
      return fact(sql<boolean>`EXISTS (SELECT 1 FROM unnest(p.vul_kind, p.vul_card, p.vul_card_from, p.vul_ended, p.vul_expiry) AS v(kind, has_card, card_from, ended_at, card_expiry)
        WHERE v.kind = 'disability' AND v.has_card AND (v.card_from IS NULL OR v.card_from <= m.d1) AND (v.ended_at IS NULL OR v.ended_at >= m.t1)
        ${c.current ? sql`AND (v.card_expiry IS NULL OR v.card_expiry >= m.d1)` : sql``})`);
    case 'age':
      return fact(
        and([
          sql<boolean>`p.birth_date IS NOT NULL`,
          ...(c.atLeast !== undefined ? [sql<boolean>`p.birth_date <= (m.d1 - make_interval(years => ${c.atLeast}::int))::date`] : []),
          ...(c.below !== undefined ? [sql<boolean>`p.birth_date > (m.d1 - make_interval(years => ${c.below}::int))::date`] : []),
        ]),
      );
    case 'adl_group':
      // OFFSET 0 keeps the latest total a subquery of its own, worked out once, not once per use in the CASE.
      return fact(sql<boolean>`(SELECT ${adlGroupAtCut} FROM (SELECT ${adlTotalAtCut} AS total OFFSET 0) adl) = ANY (${c.groups}::text[])`);
    case 'entitlement':
      return fact(sql<boolean>`EXISTS (SELECT 1 FROM unnest(p.ent_kind, p.ent_status, p.ent_from, p.ent_end) AS e(kind, status, from_day, end_date)
        WHERE e.kind = ${c.kind} AND e.status = ANY (${c.statuses}::text[]) AND (e.from_day IS NULL OR e.from_day <= m.d1) AND (e.end_date IS NULL OR e.end_date >= m.d1))`);
    case 'visited':
      return fact(sql<boolean>`EXISTS (SELECT 1 FROM unnest(p.visit_at) AS t(at) WHERE t.at < m.t1
        AND t.at >= ${c.withinDays === undefined ? sql`m.t0` : sql`m.t1 - make_interval(days => ${c.withinDays}::int)`})`);
    case 'visit_due':
      // The dashboard's rule (coverage.ts), over the person's counted visits gathered once (`due_at`, `due_next`).
      return dueFromArraysSql(sql`p.due_at`, sql`p.due_next`, sql`m.t0`, sql`(m.month + interval '1 month')::date`);
    case 'sex':
      return fact(sql<boolean>`p.sex = ANY (${c.values}::text[])`);
  }
}

/** Which fact arrays a person condition reads, and how many days before the first month visits matter. */
interface PersonFacts {
  vul: boolean;
  ent: boolean;
  adl: boolean;
  visitDays: number | null;
  due: boolean;
}
function personFacts(cs: PersonCondition[], acc: PersonFacts = { vul: false, ent: false, adl: false, visitDays: null, due: false }): PersonFacts {
  for (const c of cs) {
    if (c.op === 'all' || c.op === 'any') personFacts(c.of, acc);
    else if (c.op === 'not') personFacts([c.of], acc);
    else if (c.op === 'vulnerability' || c.op === 'disability_card') acc.vul = true;
    else if (c.op === 'entitlement') acc.ent = true;
    else if (c.op === 'adl_group') acc.adl = true;
    else if (c.op === 'visited') acc.visitDays = Math.max(acc.visitDays ?? 0, c.withinDays ?? 0);
    else if (c.op === 'visit_due') acc.due = true;
  }
  return acc;
}

/**
 * The person's facts as arrays, one lateral aggregate per table read (row-level security checks each row once).
 * A vulnerability or entitlement with no date of its own (since, card issue, start) is taken to have held
 * all along: a registry loaded today would otherwise show everyone without allowances or disability before today.
 */
function factJoins(f: PersonFacts, score: ScoreChange | null): { columns: RawBuilder<unknown>; joins: RawBuilder<unknown> } {
  const columns: RawBuilder<unknown>[] = [];
  const joins: RawBuilder<unknown>[] = [];
  if (f.vul) {
    columns.push(sql`vul.*`);
    joins.push(sql`LEFT JOIN LATERAL (SELECT array_agg(v.kind) AS vul_kind,
        array_agg(coalesce(v.since, v.card_issued)) AS vul_known,
        array_agg(v.ended_at) AS vul_ended, array_agg(coalesce(v.card_number, '') <> '') AS vul_card,
        array_agg(coalesce(v.card_issued, v.since)) AS vul_card_from, array_agg(v.card_expiry) AS vul_expiry
      FROM person_vulnerabilities v WHERE v.person_id = p.id) vul ON true`);
  }
  if (f.ent) {
    columns.push(sql`ent.*`);
    joins.push(sql`LEFT JOIN LATERAL (SELECT array_agg(e.kind) AS ent_kind, array_agg(e.status) AS ent_status,
        array_agg(e.start_date) AS ent_from, array_agg(e.end_date) AS ent_end
      FROM person_entitlements e WHERE e.person_id = p.id) ent ON true`);
  }
  if (f.adl) {
    columns.push(sql`adlx.*`);
    joins.push(sql`LEFT JOIN LATERAL (SELECT array_agg(a.performed_at) AS adl_at, array_agg((a.scores->>${ADL.score})::numeric) AS adl_total
      FROM assessments a WHERE a.person_id = p.id AND a.instrument_code = ${ADL.instrument} AND ${current('a')}) adlx ON true`);
  }
  if (f.visitDays !== null) {
    columns.push(sql`vis.*`);
    joins.push(sql`LEFT JOIN LATERAL (SELECT array_agg(v.visited_at) AS visit_at FROM visits v
      WHERE v.person_id = p.id AND ${countedVisit('v')} AND v.visited_at < b.hi_t
        AND v.visited_at >= b.lo_t - make_interval(days => ${f.visitDays}::int)) vis ON true`);
  }
  if (f.due) {
    // Every counted visit before the last month's end: the latest before a month may be years old.
    columns.push(sql`due.*`);
    joins.push(sql`LEFT JOIN LATERAL (SELECT array_agg(v.visited_at) AS due_at, array_agg(v.next_visit_on) AS due_next FROM visits v
      WHERE v.person_id = p.id AND ${countedVisit('v')} AND v.visited_at < b.hi_t) due ON true`);
  }
  if (score) {
    columns.push(sql`sc.*`);
    joins.push(sql`LEFT JOIN LATERAL (SELECT array_agg(a.performed_at) AS sc_at, array_agg((a.scores->>${score.score})::numeric) AS sc_total
      FROM assessments a WHERE a.person_id = p.id AND a.instrument_code = ${score.instrument} AND ${current('a')}
        AND a.scores->>${score.score} IS NOT NULL AND a.performed_at < b.hi_t
        AND a.performed_at >= b.lo_t - make_interval(months => ${score.months + score.toleranceMonths}::int)) sc ON true`);
  }
  return {
    columns: columns.length ? sql`, ${sql.join(columns, sql`, `)}` : sql``,
    joins: sql.join(joins, sql` `),
  };
}

/**
 * A condition that holds in some month of the range whenever `c` holds in one (a superset, not
 * depending on the month), so the months are crossed with the persons who may count, not everyone;
 * null when nothing narrower than "everyone" can be said.
 */
export function personMaySql(c: PersonCondition): RawBuilder<boolean> | null {
  switch (c.op) {
    case 'all': {
      const xs = c.of.map(personMaySql).filter((x): x is RawBuilder<boolean> => x !== null);
      return xs.length ? and(xs) : null;
    }
    case 'any': {
      const xs = c.of.map(personMaySql);
      return xs.length && xs.every((x) => x !== null) ? or(xs as RawBuilder<boolean>[]) : xs.length ? null : FALSE;
    }
    case 'not':
    case 'visit_due':
      return null;
    case 'vulnerability':
      return sql<boolean>`EXISTS (SELECT 1 FROM person_vulnerabilities v WHERE v.person_id = p.id AND v.kind = ${c.kind})`;
    case 'disability_card':
      return sql<boolean>`EXISTS (SELECT 1 FROM person_vulnerabilities v WHERE v.person_id = p.id AND v.kind = 'disability' AND coalesce(v.card_number, '') <> '')`;
    case 'age':
      return and([
        sql<boolean>`p.birth_date IS NOT NULL`,
        ...(c.atLeast !== undefined ? [sql<boolean>`p.birth_date <= (b.hi_d - make_interval(years => ${c.atLeast}::int))::date`] : []),
        ...(c.below !== undefined ? [sql<boolean>`p.birth_date > (b.lo_d - make_interval(years => ${c.below}::int))::date`] : []),
      ]);
    case 'adl_group':
      return sql<boolean>`(p.adl_group = ANY (${c.groups}::text[])
        OR EXISTS (SELECT 1 FROM assessments x WHERE x.person_id = p.id AND x.instrument_code = ${ADL.instrument} AND x.status = 'signed'))`;
    case 'entitlement':
      return sql<boolean>`EXISTS (SELECT 1 FROM person_entitlements e WHERE e.person_id = p.id AND e.kind = ${c.kind} AND e.status = ANY (${c.statuses}::text[]))`;
    case 'visited':
      return sql<boolean>`EXISTS (SELECT 1 FROM visits v WHERE v.person_id = p.id AND ${countedVisit('v')} AND v.visited_at < b.hi_t
        AND v.visited_at >= b.lo_t - make_interval(days => ${c.withinDays ?? 0}::int))`;
    case 'sex':
      return sql<boolean>`p.sex = ANY (${c.values}::text[])`;
  }
}

/** A need condition; `n` is the need found (person, code, first found in the month). */
export function needSql(c: NeedCondition): RawBuilder<boolean> {
  switch (c.op) {
    case 'all':
      return and(c.of.map(needSql));
    case 'any':
      return or(c.of.map(needSql));
    case 'not':
      return sql<boolean>`NOT ${needSql(c.of)}`;
    case 'need_category':
      return sql<boolean>`split_part(n.code, '.', 1) = ANY (${c.categories}::text[])`;
    case 'need_code':
      return sql<boolean>`n.code = ANY (${c.codes}::text[])`;
    case 'need_met':
      return sql<boolean>`EXISTS (SELECT 1 FROM unnest(n.help_at, n.help_code) AS h(at, code)
        WHERE h.at >= n.found_at AND h.at < n.found_at + make_interval(days => ${c.withinDays}::int) AND h.code = ANY (n.helps))`;
  }
}

const deadline = sql`r.sent_at + make_interval(hours => CASE r.urgency WHEN 'emergency' THEN ${REFERRAL_RESPONSE_HOURS.emergency}::int
  WHEN 'urgent' THEN ${REFERRAL_RESPONSE_HOURS.urgent}::int ELSE ${REFERRAL_RESPONSE_HOURS.routine}::int END)`;

/** A referral condition; `r` is the referral. */
export function referralSql(c: ReferralCondition): RawBuilder<boolean> {
  switch (c.op) {
    case 'all':
      return and(c.of.map(referralSql));
    case 'any':
      return or(c.of.map(referralSql));
    case 'not':
      return sql<boolean>`NOT ${referralSql(c.of)}`;
    case 'urgency':
      return sql<boolean>`r.urgency = ANY (${c.values}::text[])`;
    case 'state':
      return sql<boolean>`r.state = ANY (${c.values}::text[])`;
    case 'answered_in_time':
      return fact(sql<boolean>`r.answered_at IS NOT NULL AND r.answered_at <= ${deadline}`);
    case 'withdrawn_before_due':
      return fact(sql<boolean>`r.state = 'cancelled' AND r.answered_at IS NULL AND r.closed_at <= ${deadline}`);
    case 'completed':
      return fact(
        c.withinDays === undefined
          ? sql<boolean>`r.state = 'completed'`
          : sql<boolean>`r.state = 'completed' AND r.closed_at <= r.sent_at + make_interval(days => ${c.withinDays}::int)`,
      );
  }
}

/** The change of a score: latest current response in the month minus the one nearest `months` earlier (from `sc_at`, `sc_total`). */
function scoreChangeSql(v: ScoreChange): RawBuilder<unknown> {
  return sql`(SELECT (cur.total - base.total)::float8 AS val
    FROM (SELECT s.at, s.total FROM unnest(p.sc_at, p.sc_total) AS s(at, total) WHERE s.at >= m.t0 AND s.at < m.t1 ORDER BY s.at DESC LIMIT 1) cur
    CROSS JOIN LATERAL (SELECT s.total FROM unnest(p.sc_at, p.sc_total) AS s(at, total)
          WHERE s.at >= cur.at - make_interval(months => ${v.months + v.toleranceMonths}::int)
            AND s.at <= cur.at - make_interval(months => ${v.months - v.toleranceMonths}::int)
          ORDER BY abs(extract(epoch FROM s.at - (cur.at - make_interval(months => ${v.months}::int)))), s.at DESC
          LIMIT 1) base)`;
}

/** Where in the area a row's person is, and the child area it counts in (the dashboard's grouping). */
export interface AreaFilter {
  where: RawBuilder<boolean>;
  child: RawBuilder<string>;
}

export function areaFilter(level: 'country' | 'province' | 'district' | 'subdistrict' | 'village', code: string): AreaFilter {
  switch (level) {
    case 'country':
      return { where: TRUE, child: sql<string>`left(p.area_code, 2)` };
    case 'province':
      return { where: sql<boolean>`p.area_code LIKE ${`${code}%`}`, child: sql<string>`left(p.area_code, 4)` };
    case 'district':
      return { where: sql<boolean>`p.area_code LIKE ${`${code}%`}`, child: sql<string>`left(p.area_code, 6)` };
    case 'subdistrict':
      return { where: sql<boolean>`p.area_code LIKE ${`${code}%`}`, child: sql<string>`p.area_code || lpad(coalesce(p.village_no, 0)::text, 2, '0')` };
    case 'village':
      return {
        where: sql<boolean>`p.area_code = ${code.slice(0, 6)} AND coalesce(p.village_no, 0) = ${Number(code.slice(6))}`,
        child: sql<string>`''`,
      };
  }
}

/** The months `from`..`to` (YYYY-MM) with their first instant, cut instant and cut day, and their bounds. */
function monthsCte(from: string, to: string) {
  return sql`m AS (
      SELECT g::date AS month,
        (g - interval '7 hours') AT TIME ZONE 'UTC' AS t0,
        least((g + interval '1 month' - interval '7 hours') AT TIME ZONE 'UTC', now()) AS t1,
        least((g + interval '1 month' - interval '1 day')::date, ${thaiDay(sql`now()`)}) AS d1
      FROM generate_series(${`${from}-01`}::timestamp, ${`${to}-01`}::timestamp, interval '1 month') g
    ), b AS (SELECT min(t0) AS lo_t, max(t1) AS hi_t, min(d1) AS lo_d, max(d1) AS hi_d FROM m)`;
}

/** Alive at the month's cut: alive now, or died or moved out after it. */
const aliveAtCut = aliveAtCutSql('p', sql`m.d1`);
const aliveInRange = sql<boolean>`(p.status = 'alive' OR p.status_date > b.lo_d)`;

/** The most days after a need was found that any `need_met` of the tree looks ahead, or null when none does. */
function needMetDays(cs: NeedCondition[]): number | null {
  let days: number | null = null;
  for (const c of cs) {
    const d = c.op === 'all' || c.op === 'any' ? needMetDays(c.of) : c.op === 'not' ? needMetDays([c.of]) : c.op === 'need_met' ? c.withinDays : null;
    if (d !== null) days = Math.max(days ?? 0, d);
  }
  return days;
}

/** The one statement of an indicator over the months `from`..`to` in an area. */
export function indicatorSql(
  def: IndicatorDefinition,
  area: AreaFilter,
  from: string,
  to: string,
): RawBuilder<{ month: string; child: string; den: number; num: number }> {
  const months = monthsCte(from, to);
  const { measure } = def;
  if (measure.subject === 'person') {
    const population = measure.kind === 'ratio' ? measure.denominator : measure.population;
    const may = personMaySql(population);
    const facts = factJoins(
      personFacts(measure.kind === 'ratio' ? [measure.denominator, measure.numerator] : [measure.population]),
      measure.kind === 'average' ? measure.value : null,
    );
    const candidates = sql`px AS (
      SELECT p.id, p.area_code, p.village_no, p.status, p.status_date, p.birth_date, p.sex, p.adl_group ${facts.columns}
      FROM persons p CROSS JOIN b ${facts.joins}
      WHERE ${area.where} AND ${aliveInRange} ${may ? sql`AND ${may}` : sql``}
        ${
          measure.kind === 'average'
            ? sql`AND EXISTS (SELECT 1 FROM assessments a WHERE a.person_id = p.id AND a.instrument_code = ${measure.value.instrument}
                AND a.status = 'signed' AND a.performed_at >= b.lo_t AND a.performed_at < b.hi_t)`
            : sql``
        })`;
    if (measure.kind === 'ratio') {
      return sql`WITH ${months}, ${candidates}
        SELECT to_char(m.month, 'YYYY-MM') AS month, ${area.child} AS child,
          count(*)::int AS den, (count(*) FILTER (WHERE ${personSql(measure.numerator)}))::int AS num
        FROM m JOIN px p ON ${aliveAtCut}
        WHERE ${personSql(measure.denominator)}
        GROUP BY 1, 2`;
    }
    return sql`WITH ${months}, ${candidates}
      SELECT to_char(m.month, 'YYYY-MM') AS month, ${area.child} AS child, count(*)::int AS den, coalesce(sum(x.val), 0)::float8 AS num
      FROM m JOIN px p ON ${aliveAtCut}
      CROSS JOIN LATERAL ${scoreChangeSql(measure.value)} x
      WHERE x.val IS NOT NULL AND ${personSql(measure.population)}
      GROUP BY 1, 2`;
  }
  if (measure.subject === 'need') {
    // Needs found per person, code and Thai month; with the help each person was given (if a condition asks).
    const days = needMetDays([measure.denominator, measure.numerator]);
    const help =
      days === null ? sql`NULL::timestamptz[] AS help_at, NULL::text[] AS help_code, NULL::text[] AS helps` : sql`hp.help_at, hp.help_code, hn.helps`;
    return sql`WITH ${months}, pa AS (SELECT p.id, p.area_code, p.village_no FROM persons p WHERE ${area.where}),
      n0 AS (
        SELECT date_trunc('month', v.visited_at AT TIME ZONE 'UTC' + interval '7 hours')::date AS month, v.person_id, x.code, min(v.visited_at) AS found_at
        FROM visits v JOIN pa ON pa.id = v.person_id CROSS JOIN b CROSS JOIN LATERAL jsonb_to_recordset(v.needs) AS x(code text)
        WHERE ${countedVisit('v')} AND v.visited_at >= b.lo_t AND v.visited_at < b.hi_t AND x.code IS NOT NULL
        GROUP BY 1, 2, 3
      ),
      hn AS (SELECT need_code, array_agg(help_code) AS helps FROM unnest(${HELP_PAIRS.helps}::text[], ${HELP_PAIRS.needs}::text[]) AS x(help_code, need_code) GROUP BY 1),
      hp AS (
        SELECT v.person_id, array_agg(v.visited_at) AS help_at, array_agg(x.code) AS help_code
        FROM visits v JOIN pa ON pa.id = v.person_id CROSS JOIN b CROSS JOIN LATERAL jsonb_to_recordset(v.help) AS x(code text)
        WHERE ${days === null ? sql`false` : sql`${countedVisit('v')} AND v.visited_at >= b.lo_t AND v.visited_at < b.hi_t + make_interval(days => ${days}::int) AND x.code IS NOT NULL`}
        GROUP BY 1
      ),
      n AS (
        SELECT n0.month, n0.person_id, n0.code, n0.found_at, ${help}
        FROM n0 LEFT JOIN hn ON hn.need_code = n0.code LEFT JOIN hp ON hp.person_id = n0.person_id
      )
      SELECT to_char(n.month, 'YYYY-MM') AS month, ${area.child} AS child,
        count(*)::int AS den, (count(*) FILTER (WHERE ${needSql(measure.numerator)}))::int AS num
      FROM n JOIN pa p ON p.id = n.person_id
      WHERE ${needSql(measure.denominator)}
      GROUP BY 1, 2`;
  }
  return sql`WITH ${months}
    SELECT to_char(m.month, 'YYYY-MM') AS month, ${area.child} AS child,
      count(*)::int AS den, (count(*) FILTER (WHERE ${referralSql(measure.numerator)}))::int AS num
    FROM m JOIN referrals r ON r.sent_at >= m.t0 AND r.sent_at < m.t1
    JOIN persons p ON p.id = r.person_id
    WHERE ${area.where} AND ${referralSql(measure.denominator)}
    GROUP BY 1, 2`;
}
