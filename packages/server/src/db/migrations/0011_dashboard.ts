import { type Kysely, sql } from 'kysely';

/**
 * Rollups for the area dashboards (issue 8): materialized views grouped at the finest level a
 * dashboard drills to (subdistrict area_code + village_no), so a view sums a few hundred rows instead
 * of scanning persons and visits. The server refreshes them on change (modules/dashboard/refresher.ts):
 * statement triggers on persons, visits, caseloads, referrals and tasks send the changed subdistricts
 * on the `carehub_rollups` channel (delivered at commit, so imports and the CLI count too), and the
 * refresher rebuilds the affected views, at most once every few seconds.
 *
 * - rollup_persons: living persons counted per village by dimension (dim, key): total, vulnerability,
 *   disability type, ADL group, age band, sex, entitlement gap, and the month's visit due/visited.
 *   Ages and the month depend on the day, so the view records the Thai day it was built for
 *   (rollup_state.as_of) and the server rebuilds it when the day changes, before answering.
 * - rollup_visits: visits and distinct persons visited per village per Thai month.
 * - rollup_needs: needs found per village, month and category (distinct person and need in the month)
 *   and how many of them help has answered at that visit or later (dashboard_help_needs is the core
 *   HELP taxonomy: which help answers which need; the server keeps it in step at start).
 * - rollup_referrals, rollup_tasks: open referrals and tasks per village with what "overdue" needs
 *   (the sent time and urgency of an unanswered referral, a task's due day), so overdue is worked out
 *   at read time against the clock, never stale.
 *
 * Materialized views have no row-level security: the app role reads them only through the
 * dashboard_* views, which keep the rows in the acting user's scope (security barrier), so the
 * service check and the database both limit what a user sees, as for persons.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE dashboard_help_needs (
      help_code text NOT NULL,
      need_code text NOT NULL,
      PRIMARY KEY (help_code, need_code)
    );

    CREATE TABLE rollup_state (
      name text PRIMARY KEY,
      as_of date,
      refreshed_at timestamptz,
      duration_ms integer
    );
    INSERT INTO rollup_state (name) VALUES ('persons'), ('visits'), ('needs'), ('referrals'), ('tasks');

    CREATE MATERIALIZED VIEW rollup_persons AS
    WITH d AS (
      SELECT today, month_start, next_month,
        (month_start - interval '7 hours') AT TIME ZONE 'UTC' AS month_from,
        (next_month - interval '7 hours') AT TIME ZONE 'UTC' AS month_to
      FROM (
        SELECT today, date_trunc('month', today)::date AS month_start, (date_trunc('month', today) + interval '1 month')::date AS next_month
        FROM (SELECT (now() AT TIME ZONE 'UTC' + interval '7 hours')::date AS today) t
      ) m
    ), p AS (
      SELECT p.area_code, coalesce(p.village_no, 0)::smallint AS village_no,
        ARRAY['total:all', 'sex:' || p.sex, 'adl:' || coalesce(p.adl_group, 'unknown'), 'age:' || a.band]
          || CASE WHEN 'disability' = ANY (p.flags) THEN ARRAY['vulnerability:disability'] ELSE '{}' END
          || CASE WHEN a.band IN ('60-69', '70-79', '80+') THEN ARRAY['vulnerability:elderly'] ELSE '{}' END
          || CASE WHEN p.adl_group = 'bedridden' THEN ARRAY['vulnerability:bedridden'] ELSE '{}' END
          || CASE WHEN 'awaiting_rehabilitation' = ANY (p.flags) THEN ARRAY['vulnerability:awaiting_rehabilitation'] ELSE '{}' END
          || CASE WHEN cardinality(p.gaps) > 0 THEN ARRAY['gap:any'] ELSE '{}' END
          || ARRAY(SELECT 'gap:' || g FROM unnest(p.gaps) g)
          || ARRAY(SELECT DISTINCT 'disability_type:' || t FROM unnest(p.disability_types) t)
          || CASE WHEN due THEN ARRAY['visit:due'] ELSE '{}' END
          || CASE WHEN visited THEN ARRAY['visit:visited'] ELSE '{}' END
          || CASE WHEN due AND visited THEN ARRAY['visit:due_visited'] ELSE '{}' END AS tags
      FROM persons p
      CROSS JOIN d
      CROSS JOIN LATERAL (
        SELECT CASE
          WHEN p.birth_date IS NULL THEN 'unknown'
          WHEN p.birth_date > d.today - interval '15 years' THEN '0-14'
          WHEN p.birth_date > d.today - interval '60 years' THEN '15-59'
          WHEN p.birth_date > d.today - interval '70 years' THEN '60-69'
          WHEN p.birth_date > d.today - interval '80 years' THEN '70-79'
          ELSE '80+' END AS band
      ) a
      LEFT JOIN LATERAL (
        SELECT v.next_visit_on FROM visits v
        WHERE v.person_id = p.id AND v.review_status <> 'returned' AND v.visited_at < d.month_from
        ORDER BY v.visited_at DESC LIMIT 1
      ) lv ON true
      CROSS JOIN LATERAL (
        SELECT
          CASE WHEN lv.next_visit_on IS NOT NULL THEN lv.next_visit_on < d.next_month
            ELSE EXISTS (SELECT 1 FROM caseload_assignments c WHERE c.person_id = p.id AND c.ended_at IS NULL) END AS due,
          EXISTS (SELECT 1 FROM visits v WHERE v.person_id = p.id AND v.review_status <> 'returned'
                  AND v.visited_at >= d.month_from AND v.visited_at < d.month_to) AS visited
      ) s
      WHERE p.status = 'alive'
    )
    SELECT area_code, village_no, split_part(tag, ':', 1) AS dim, split_part(tag, ':', 2) AS key, count(*)::int AS n
    FROM p CROSS JOIN LATERAL unnest(p.tags) AS tag
    GROUP BY area_code, village_no, tag;
    CREATE UNIQUE INDEX rollup_persons_key ON rollup_persons (area_code, village_no, dim, key);
    CREATE INDEX rollup_persons_area ON rollup_persons (area_code text_pattern_ops);

    CREATE MATERIALIZED VIEW rollup_visits AS
    SELECT p.area_code, coalesce(p.village_no, 0)::smallint AS village_no,
      date_trunc('month', v.visited_at AT TIME ZONE 'UTC' + interval '7 hours')::date AS month,
      count(*)::int AS visits, count(DISTINCT v.person_id)::int AS persons
    FROM visits v JOIN persons p ON p.id = v.person_id
    WHERE v.review_status <> 'returned'
    GROUP BY 1, 2, 3;
    CREATE UNIQUE INDEX rollup_visits_key ON rollup_visits (area_code, village_no, month);
    CREATE INDEX rollup_visits_area ON rollup_visits (area_code text_pattern_ops);

    CREATE MATERIALIZED VIEW rollup_needs AS
    WITH found AS (
      SELECT v.person_id, n.code, date_trunc('month', v.visited_at AT TIME ZONE 'UTC' + interval '7 hours')::date AS month, min(v.visited_at) AS found_at
      FROM visits v CROSS JOIN LATERAL jsonb_to_recordset(v.needs) AS n(code text)
      WHERE v.review_status <> 'returned'
      GROUP BY 1, 2, 3
    ), helped AS (
      -- The last time each person was given help that answers each need.
      SELECT v.person_id, m.need_code, max(v.visited_at) AS last_help
      FROM visits v CROSS JOIN LATERAL jsonb_to_recordset(v.help) AS h(code text)
      JOIN dashboard_help_needs m ON m.help_code = h.code
      WHERE v.review_status <> 'returned'
      GROUP BY 1, 2
    )
    SELECT p.area_code, coalesce(p.village_no, 0)::smallint AS village_no, f.month, split_part(f.code, '.', 1) AS category,
      count(*)::int AS found,
      (count(*) FILTER (WHERE h.last_help >= f.found_at))::int AS met
    FROM found f
    JOIN persons p ON p.id = f.person_id
    LEFT JOIN helped h ON h.person_id = f.person_id AND h.need_code = f.code
    GROUP BY 1, 2, 3, 4;
    CREATE UNIQUE INDEX rollup_needs_key ON rollup_needs (area_code, village_no, month, category);
    CREATE INDEX rollup_needs_area ON rollup_needs (area_code text_pattern_ops);

    CREATE MATERIALIZED VIEW rollup_referrals AS
    SELECT p.area_code, coalesce(p.village_no, 0)::smallint AS village_no, r.state, r.urgency,
      CASE WHEN r.state = 'sent' THEN r.sent_at ELSE '-infinity'::timestamptz END AS sent_at,
      count(*)::int AS n
    FROM referrals r JOIN persons p ON p.id = r.person_id
    WHERE r.state IN ('sent', 'accepted', 'in_progress')
    GROUP BY 1, 2, 3, 4, 5;
    CREATE UNIQUE INDEX rollup_referrals_key ON rollup_referrals (area_code, village_no, state, urgency, sent_at);

    CREATE MATERIALIZED VIEW rollup_tasks AS
    SELECT p.area_code, coalesce(p.village_no, 0)::smallint AS village_no, t.severity, coalesce(t.due_on, 'infinity'::date) AS due_on, count(*)::int AS n
    FROM tasks t JOIN persons p ON p.id = t.person_id
    WHERE t.status = 'open'
    GROUP BY 1, 2, 3, 4;
    CREATE UNIQUE INDEX rollup_tasks_key ON rollup_tasks (area_code, village_no, severity, due_on);

    -- What the app role may read: the rows of its scope only.
    CREATE VIEW dashboard_persons WITH (security_barrier) AS
      SELECT * FROM rollup_persons WHERE area_code LIKE ANY ((SELECT app_scope_patterns())::text[]);
    CREATE VIEW dashboard_visits WITH (security_barrier) AS
      SELECT * FROM rollup_visits WHERE area_code LIKE ANY ((SELECT app_scope_patterns())::text[]);
    CREATE VIEW dashboard_needs WITH (security_barrier) AS
      SELECT * FROM rollup_needs WHERE area_code LIKE ANY ((SELECT app_scope_patterns())::text[]);
    CREATE VIEW dashboard_referrals WITH (security_barrier) AS
      SELECT * FROM rollup_referrals WHERE area_code LIKE ANY ((SELECT app_scope_patterns())::text[]);
    CREATE VIEW dashboard_tasks WITH (security_barrier) AS
      SELECT * FROM rollup_tasks WHERE area_code LIKE ANY ((SELECT app_scope_patterns())::text[]);
    GRANT SELECT ON dashboard_persons, dashboard_visits, dashboard_needs, dashboard_referrals, dashboard_tasks, rollup_state TO carehub_app;

    -- Change notices: the subdistricts a statement touched, once per transaction (NOTIFY folds
    -- repeats), sent at commit. A person who moved also names the tables whose rows moved with them.
    CREATE FUNCTION rollup_notice_persons_new() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE a text;
    BEGIN
      FOR a IN SELECT DISTINCT area_code FROM new_rows LOOP PERFORM pg_notify('carehub_rollups', 'persons:' || a); END LOOP;
      RETURN NULL;
    END $$;
    CREATE FUNCTION rollup_notice_persons_old() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE a text;
    BEGIN
      FOR a IN SELECT DISTINCT area_code FROM old_rows LOOP PERFORM pg_notify('carehub_rollups', 'moved:' || a); END LOOP;
      RETURN NULL;
    END $$;
    CREATE FUNCTION rollup_notice_persons_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE a text;
    BEGIN
      FOR a IN SELECT DISTINCT area_code FROM new_rows LOOP PERFORM pg_notify('carehub_rollups', 'persons:' || a); END LOOP;
      FOR a IN
        SELECT o.area_code FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE (o.area_code, o.village_no) IS DISTINCT FROM (n.area_code, n.village_no)
        UNION
        SELECT n.area_code FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE (o.area_code, o.village_no) IS DISTINCT FROM (n.area_code, n.village_no)
      LOOP PERFORM pg_notify('carehub_rollups', 'moved:' || a); END LOOP;
      RETURN NULL;
    END $$;
    -- Rows about a person: the person's subdistrict, read as the owner (the writer may be a referral's
    -- receiver who no longer sees the person).
    CREATE FUNCTION rollup_notice_about_new() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
    DECLARE a text;
    BEGIN
      FOR a IN SELECT DISTINCT p.area_code FROM new_rows r JOIN persons p ON p.id = r.person_id LOOP
        PERFORM pg_notify('carehub_rollups', TG_TABLE_NAME || ':' || a);
      END LOOP;
      RETURN NULL;
    END $$;
    CREATE FUNCTION rollup_notice_about_old() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
    DECLARE a text;
    BEGIN
      FOR a IN SELECT DISTINCT p.area_code FROM old_rows r JOIN persons p ON p.id = r.person_id LOOP
        PERFORM pg_notify('carehub_rollups', TG_TABLE_NAME || ':' || a);
      END LOOP;
      RETURN NULL;
    END $$;

    CREATE TRIGGER rollup_notice_ins AFTER INSERT ON persons REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION rollup_notice_persons_new();
    CREATE TRIGGER rollup_notice_upd AFTER UPDATE ON persons REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION rollup_notice_persons_changed();
    CREATE TRIGGER rollup_notice_del AFTER DELETE ON persons REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION rollup_notice_persons_old();
  `.execute(db);

  for (const table of ['visits', 'caseload_assignments', 'referrals', 'tasks']) {
    await sql`
      CREATE TRIGGER rollup_notice_ins AFTER INSERT ON ${sql.table(table)} REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION rollup_notice_about_new();
      CREATE TRIGGER rollup_notice_upd AFTER UPDATE ON ${sql.table(table)} REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION rollup_notice_about_new();
      CREATE TRIGGER rollup_notice_del AFTER DELETE ON ${sql.table(table)} REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION rollup_notice_about_old();
    `.execute(db);
  }
}
