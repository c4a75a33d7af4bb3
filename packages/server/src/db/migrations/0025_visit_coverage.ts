import { type Kysely, sql } from 'kysely';
import { dueSql, visitedSql } from '../../modules/dashboard/coverage.js';

/**
 * One definition of visit coverage (issue 17, item 5; modules/dashboard/coverage.ts says who is due
 * and what counts as a visit). Until now the person rollup counted a person due only when their last
 * visit set a date in the month or, with no date, when they were on a caseload: the bedridden and
 * homebound on nobody's caseload fell out of "due", and the dashboard, the monthly report and the
 * indicators each gave another coverage. Here `rollup_person_tags` (0014's, same signature and tags)
 * takes "due" and "visited" from coverage.ts, and the person counts are rebuilt.
 *
 * Caseloads no longer change anyone's tags, so 0014's caseload triggers (a recount of the person on
 * every assignment, which bulk reassignment of thousands would pay for) are dropped; 0011's notice
 * trigger on caseload_assignments stays (the dashboard's live event).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const due = dueSql(sql.raw('p.id'), sql.raw('d.month_from'), sql.raw('d.next_month'));
  const visited = visitedSql(sql.raw('p.id'), sql.raw('d.month_from'), sql.raw('d.month_to'));
  await sql`
    CREATE OR REPLACE FUNCTION rollup_person_tags(ids uuid[], today date)
    RETURNS TABLE (person_id uuid, area_code text, village_no smallint, tags text[]) LANGUAGE sql STABLE AS $$
      SELECT p.id, p.area_code, coalesce(p.village_no, 0)::smallint,
        ARRAY['total:all', 'sex:' || p.sex, 'adl:' || coalesce(p.adl_group, 'unknown'), 'age:' || a.band]
        || CASE WHEN 'disability' = ANY (p.flags) THEN ARRAY['vulnerability:disability'] ELSE '{}' END
        || CASE WHEN a.band IN ('60-69', '70-79', '80+') THEN ARRAY['vulnerability:elderly'] ELSE '{}' END
        || CASE WHEN p.adl_group = 'bedridden' THEN ARRAY['vulnerability:bedridden'] ELSE '{}' END
        || CASE WHEN 'awaiting_rehabilitation' = ANY (p.flags) THEN ARRAY['vulnerability:awaiting_rehabilitation'] ELSE '{}' END
        || CASE WHEN cardinality(p.gaps) > 0 THEN ARRAY['gap:any'] ELSE '{}' END
        || ARRAY(SELECT 'gap:' || g FROM unnest(p.gaps) g)
        || ARRAY(SELECT DISTINCT 'disability_type:' || t FROM unnest(p.disability_types) t)
        || CASE WHEN s.due THEN ARRAY['visit:due'] ELSE '{}' END
        || CASE WHEN s.visited THEN ARRAY['visit:visited'] ELSE '{}' END
        || CASE WHEN s.due AND s.visited THEN ARRAY['visit:due_visited'] ELSE '{}' END
      FROM unnest(ids) i(id)
      JOIN persons p ON p.id = i.id
      CROSS JOIN (
        SELECT m.next_month, (m.month_start - interval '7 hours') AT TIME ZONE 'UTC' AS month_from,
          (m.next_month - interval '7 hours') AT TIME ZONE 'UTC' AS month_to
        FROM (SELECT date_trunc('month', today)::date AS month_start, (date_trunc('month', today) + interval '1 month')::date AS next_month) m
      ) d
      CROSS JOIN LATERAL (
        SELECT CASE
          WHEN p.birth_date IS NULL THEN 'unknown'
          WHEN p.birth_date > today - interval '15 years' THEN '0-14'
          WHEN p.birth_date > today - interval '60 years' THEN '15-59'
          WHEN p.birth_date > today - interval '70 years' THEN '60-69'
          WHEN p.birth_date > today - interval '80 years' THEN '70-79'
          ELSE '80+' END AS band
      ) a
      CROSS JOIN LATERAL (SELECT ${due} AS due, ${visited} AS visited) s
      WHERE p.status = 'alive'
    $$;

    DROP TRIGGER rollup_keep_ins ON caseload_assignments;
    DROP TRIGGER rollup_keep_upd ON caseload_assignments;
    DROP TRIGGER rollup_keep_del ON caseload_assignments;
    DROP FUNCTION rollup_keep_caseloads();

    SELECT rollup_rebuild('persons');
  `.execute(db);
}
