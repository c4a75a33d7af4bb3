import { visitCoverage } from '@carehub/core';
import { type RawBuilder, sql } from 'kysely';

/**
 * Home-visit coverage: the one definition of "visited", "due" and "coverage" (issue 17). The
 * dashboard's person rollup (migration 0025 builds `rollup_person_tags` from these fragments), the
 * dashboard's XLSX/CSV exports and monthly report PDF (`monthFigures`), the volunteer activity report
 * and the `visit_coverage_monthly` indicator all read it from here; nothing else spells the rule out.
 *
 * - **Month**: a Thai calendar month, from its first midnight to its last in Thai time (UTC+7).
 * - **A visit that counts**: a row of `visits` (the server stores a visit only when the phone has
 *   submitted it; drafts stay in the outbox) that the reviewer has not returned: pending or approved.
 *   A returned visit is rejected: its correction is a new visit (visits are append-only), so the
 *   returned one counts nowhere, neither as a visit nor as setting the next visit's date. Pending
 *   visits count because the visit took place; approval only decides the volunteer's stipend.
 * - **Persons**: living at the month's cut (status alive, or died/moved out after the month's last
 *   day), counted in the area and village they are registered in now (moves are not kept).
 * - **Due a visit in the month**: every such person, UNLESS their latest counted visit before the
 *   month set a next-visit date after the month's last day (every visit sets one). So a person never
 *   visited, or whose last visit set a date in or before the month, is due. Caseloads play no part:
 *   a caseload says who should go, not whether someone needs a visit; a person on nobody's caseload
 *   is due and, as nobody goes, unvisited, which is the gap the figure must show (issue 17: 1,010
 *   bedridden or homebound persons of อ.นาทวี on no caseload were left out of "due" and the area
 *   showed "—"). Why this rule: it is the supervisor's overview's "overdue" (visits-overview: a
 *   caseload person whose last visit set no date or a date now passed) applied to the whole
 *   registry, which holds only the vulnerable persons the programme means to reach (DESIGN §4), and
 *   the next-visit date a volunteer sets is the one place where the records say a visit may wait.
 *   Not taken: "due" only for the bedridden and homebound. The dashboard's ADL group is the
 *   registry's and the indicators' the Barthel at the month's cut, so such a rule would itself give
 *   two answers; and the issue asks that people on no caseload count as due. The indicator
 *   `bedridden_visited_monthly` still reports that group apart.
 * - **Visited in the month**: at least one counted visit in the month; two visits are one person.
 * - **Coverage**: persons due AND visited in the month / persons due in the month; no figure (null,
 *   shown "—") only when nobody is due. A person visited though not due (the last visit deferred the
 *   next one) counts among "persons visited" but not in coverage.
 *
 * The fragments below take SQL expressions (column references), never values, and so compile to
 * plain SQL text with no bound parameters: migration 0025 writes them into a database function.
 * Changing the rule here therefore needs a new migration that re-creates `rollup_person_tags` as
 * 0025 does, and a rebuild of the person rollup.
 */

type Expr = RawBuilder<unknown>;

/** A visit (alias `v`) that counts: submitted and not returned by the reviewer. */
export const countedVisit = (v: string): RawBuilder<boolean> => sql<boolean>`${sql.ref(`${v}.review_status`)} <> 'returned'`;

/**
 * Due in the month: the latest counted visit of the person before `monthFrom` (the month's first
 * instant) set no next-visit date, or one before `nextMonth` (the first day after the month); or there
 * is no such visit.
 */
export function dueSql(personId: Expr, monthFrom: Expr, nextMonth: Expr): RawBuilder<boolean> {
  return sql<boolean>`coalesce((SELECT cv_due.next_visit_on < ${nextMonth} FROM visits cv_due
    WHERE cv_due.person_id = ${personId} AND ${countedVisit('cv_due')} AND cv_due.visited_at < ${monthFrom}
    ORDER BY cv_due.visited_at DESC LIMIT 1), true)`;
}

/** The same rule over a person's counted visits gathered as two arrays (times and next-visit dates), as the indicators gather facts. */
export function dueFromArraysSql(visitedAt: Expr, nextVisitOn: Expr, monthFrom: Expr, nextMonth: Expr): RawBuilder<boolean> {
  return sql<boolean>`coalesce((SELECT cv_due.next_visit_on < ${nextMonth} FROM unnest(${visitedAt}, ${nextVisitOn}) AS cv_due(visited_at, next_visit_on)
    WHERE cv_due.visited_at < ${monthFrom} ORDER BY cv_due.visited_at DESC LIMIT 1), true)`;
}

/** Visited in the month: a counted visit at or after `monthFrom` and before `monthTo`. */
export function visitedSql(personId: Expr, monthFrom: Expr, monthTo: Expr): RawBuilder<boolean> {
  return sql<boolean>`EXISTS (SELECT 1 FROM visits cv_in WHERE cv_in.person_id = ${personId} AND ${countedVisit('cv_in')}
    AND cv_in.visited_at >= ${monthFrom} AND cv_in.visited_at < ${monthTo})`;
}

/** Counted among the month's persons: alive at the cut (`cutDay`, the month's last Thai day or today). */
export const aliveAtCutSql = (person: string, cutDay: Expr): RawBuilder<boolean> =>
  sql<boolean>`(${sql.ref(`${person}.status`)} = 'alive' OR ${sql.ref(`${person}.status_date`)} > ${cutDay})`;

/** Coverage from the two counts: null only when nobody is due (core's `visitCoverage`, which the web app uses too). */
export const coverage = visitCoverage;
