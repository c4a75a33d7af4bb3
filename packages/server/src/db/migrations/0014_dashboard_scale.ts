import { type Kysely, sql } from 'kysely';

/**
 * Dashboard rollups at province scale (issue 8). Measured at 50,000 persons and 1,000,000 visits on
 * PostgreSQL, a change refreshed rollup_persons in 2.3 s, rollup_visits in 2.0 s and rollup_needs in
 * 7.5 s (CONCURRENTLY): every visit that landed cost about 12 s of rebuilding from the raw rows. So
 * the three rollups a visit touches become tables kept up to date by triggers, in the transaction
 * that makes the change, by the difference it makes:
 *
 * - rollup_visits, rollup_needs: the triggers recount only the persons a statement touched, from all
 *   of their visits, once as the rows are now and once as they were before the statement (the
 *   statement's new visits left out, a review status that crossed 'returned' turned back), and add
 *   the difference to their village's cells. Visits are append-only (0005): a correction is a new
 *   visit and the returned one stops counting through its review status, which is why recounting a
 *   person is exact where a counter would not be (persons visited in a month are distinct; a need
 *   counts as met by help at the same or a later visit, so a new visit can meet last month's need).
 *   A person who moves takes their counts from the old village's cells to the new one's.
 * - rollup_persons: each living person's tags (the same dimensions as before: vulnerability,
 *   disability type, ADL, age band, sex, gaps, the month's visit due/visited) are kept per person in
 *   rollup_person_tags for the Thai day rollup_state.as_of; a change to a person, their visits or
 *   caseload recomputes that person's tags and adds the difference to the counts. Ages and "this
 *   month" move with the calendar, so the server rebuilds the whole table once when the day changes
 *   (rollup_rebuild('persons'), about as long as the old view's refresh).
 *
 * Concurrent writers about the same person are serialised by a transaction advisory lock per person
 * (after it, the trigger's next query sees the other transaction's committed rows, so the two
 * differences add up); a statement about more than 200 persons, and a rebuild, take one exclusive
 * lock instead (the lock table would not hold tens of thousands of locks). Referrals and tasks stay
 * materialized views: they hold open items only and refresh in well under 0.1 s at this scale.
 *
 * Same names, columns and dashboard_* views as 0011, so readers do not change.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP VIEW dashboard_persons, dashboard_visits, dashboard_needs;
    DROP MATERIALIZED VIEW rollup_persons, rollup_visits, rollup_needs;

    CREATE TABLE rollup_persons (
      area_code text NOT NULL, village_no smallint NOT NULL, dim text NOT NULL, key text NOT NULL, n integer NOT NULL,
      PRIMARY KEY (area_code, village_no, dim, key)
    );
    CREATE INDEX rollup_persons_area ON rollup_persons (area_code text_pattern_ops);
    CREATE TABLE rollup_person_tags (
      person_id uuid PRIMARY KEY, area_code text NOT NULL, village_no smallint NOT NULL, tags text[] NOT NULL
    );
    CREATE TABLE rollup_visits (
      area_code text NOT NULL, village_no smallint NOT NULL, month date NOT NULL, visits integer NOT NULL, persons integer NOT NULL,
      PRIMARY KEY (area_code, village_no, month)
    );
    CREATE INDEX rollup_visits_area ON rollup_visits (area_code text_pattern_ops);
    CREATE TABLE rollup_needs (
      area_code text NOT NULL, village_no smallint NOT NULL, month date NOT NULL, category text NOT NULL, found integer NOT NULL, met integer NOT NULL,
      PRIMARY KEY (area_code, village_no, month, category)
    );
    CREATE INDEX rollup_needs_area ON rollup_needs (area_code text_pattern_ops);

    CREATE VIEW dashboard_persons WITH (security_barrier) AS
      SELECT * FROM rollup_persons WHERE area_code LIKE ANY ((SELECT app_scope_patterns())::text[]);
    CREATE VIEW dashboard_visits WITH (security_barrier) AS
      SELECT * FROM rollup_visits WHERE area_code LIKE ANY ((SELECT app_scope_patterns())::text[]);
    CREATE VIEW dashboard_needs WITH (security_barrier) AS
      SELECT * FROM rollup_needs WHERE area_code LIKE ANY ((SELECT app_scope_patterns())::text[]);
    GRANT SELECT ON dashboard_persons, dashboard_visits, dashboard_needs TO carehub_app;

    -- The tags of some persons for a day: the definition of 0011's rollup_persons, for these persons
    -- (living ones only). Set-based, so that a rebuild is one pass like the old view's refresh.
    CREATE FUNCTION rollup_person_tags(ids uuid[], today date)
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
    $$;

    -- The counted visits of some persons, now (before = false) or as they were before a statement
    -- that added the visits 'added' and moved the visits 'flipped' across 'returned'.
    CREATE FUNCTION rollup_counted_visits(ids uuid[], added uuid[], flipped uuid[], before boolean)
    RETURNS TABLE (person_id uuid, visited_at timestamptz, needs jsonb, help jsonb) LANGUAGE sql STABLE AS $$
      SELECT v.person_id, v.visited_at, v.needs, v.help
      FROM unnest(ids) i(id)
      JOIN visits v ON v.person_id = i.id
      LEFT JOIN unnest(added) a(id) ON a.id = v.id
      LEFT JOIN unnest(flipped) f(id) ON f.id = v.id
      WHERE CASE WHEN before THEN a.id IS NULL AND ((v.review_status <> 'returned') <> (f.id IS NOT NULL))
                 ELSE v.review_status <> 'returned' END
    $$;

    -- Per person and Thai month: visits, and needs found (distinct need a month) and met (help that
    -- answers it at the visit that found it or later): 0011's rollup_visits and rollup_needs, per person.
    CREATE FUNCTION rollup_person_visits(ids uuid[], added uuid[], flipped uuid[], before boolean)
    RETURNS TABLE (person_id uuid, month date, visits integer) LANGUAGE sql STABLE AS $$
      SELECT v.person_id, date_trunc('month', v.visited_at AT TIME ZONE 'UTC' + interval '7 hours')::date, count(*)::int
      FROM rollup_counted_visits(ids, added, flipped, before) v
      GROUP BY 1, 2
    $$;
    CREATE FUNCTION rollup_person_needs(ids uuid[], added uuid[], flipped uuid[], before boolean)
    RETURNS TABLE (person_id uuid, month date, category text, found integer, met integer) LANGUAGE sql STABLE AS $$
      WITH v AS MATERIALIZED (
        SELECT * FROM rollup_counted_visits(ids, added, flipped, before)
      ), found AS (
        SELECT v.person_id, n.code, date_trunc('month', v.visited_at AT TIME ZONE 'UTC' + interval '7 hours')::date AS month, min(v.visited_at) AS found_at
        FROM v CROSS JOIN LATERAL jsonb_to_recordset(v.needs) AS n(code text)
        GROUP BY 1, 2, 3
      ), helped AS (
        SELECT v.person_id, m.need_code, max(v.visited_at) AS last_help
        FROM v CROSS JOIN LATERAL jsonb_to_recordset(v.help) AS h(code text)
        JOIN dashboard_help_needs m ON m.help_code = h.code
        GROUP BY 1, 2
      )
      SELECT f.person_id, f.month, split_part(f.code, '.', 1), count(*)::int, (count(*) FILTER (WHERE h.last_help >= f.found_at))::int
      FROM found f LEFT JOIN helped h ON h.person_id = f.person_id AND h.need_code = f.code
      GROUP BY 1, 2, 3
    $$;

    -- Adds to rollup_visits and rollup_needs what a statement changed for the persons 'ids': their
    -- counts now, at their village now, minus their counts before, at their village before (moved_*
    -- name the persons who moved and where from). from_scratch: nothing counted before (a rebuild).
    CREATE FUNCTION rollup_visits_apply(ids uuid[], added uuid[], flipped uuid[], moved_ids uuid[], moved_areas text[], moved_villages smallint[], from_scratch boolean)
    RETURNS void LANGUAGE plpgsql AS $$
    DECLARE areas text[];
    BEGIN
      WITH place AS MATERIALIZED (
        SELECT p.id, p.area_code AS area_now, coalesce(p.village_no, 0)::smallint AS village_now,
          CASE WHEN o.id IS NULL THEN p.area_code ELSE o.area_code END AS area_before,
          CASE WHEN o.id IS NULL THEN coalesce(p.village_no, 0) ELSE coalesce(o.village_no, 0) END::smallint AS village_before
        FROM unnest(ids) i(id) JOIN persons p ON p.id = i.id
        LEFT JOIN unnest(moved_ids, moved_areas, moved_villages) o(id, area_code, village_no) ON o.id = p.id
      ), d AS (
        SELECT pl.area_now AS area_code, pl.village_now AS village_no, c.month, c.visits, 1 AS persons
        FROM rollup_person_visits(ids, added, flipped, false) c JOIN place pl ON pl.id = c.person_id
        UNION ALL
        SELECT pl.area_before, pl.village_before, c.month, -c.visits, -1
        FROM rollup_person_visits(ids, added, flipped, true) c JOIN place pl ON pl.id = c.person_id
        WHERE NOT from_scratch
      ), up AS (
        INSERT INTO rollup_visits AS r (area_code, village_no, month, visits, persons)
        SELECT area_code, village_no, month, sum(visits), sum(persons) FROM d
        GROUP BY 1, 2, 3 HAVING sum(visits) <> 0 OR sum(persons) <> 0
        ON CONFLICT (area_code, village_no, month) DO UPDATE SET visits = r.visits + excluded.visits, persons = r.persons + excluded.persons
        RETURNING r.area_code
      )
      SELECT array_agg(DISTINCT area_code) INTO areas FROM up;
      DELETE FROM rollup_visits WHERE area_code = ANY (areas) AND visits = 0 AND persons = 0;

      WITH place AS MATERIALIZED (
        SELECT p.id, p.area_code AS area_now, coalesce(p.village_no, 0)::smallint AS village_now,
          CASE WHEN o.id IS NULL THEN p.area_code ELSE o.area_code END AS area_before,
          CASE WHEN o.id IS NULL THEN coalesce(p.village_no, 0) ELSE coalesce(o.village_no, 0) END::smallint AS village_before
        FROM unnest(ids) i(id) JOIN persons p ON p.id = i.id
        LEFT JOIN unnest(moved_ids, moved_areas, moved_villages) o(id, area_code, village_no) ON o.id = p.id
      ), d AS (
        SELECT pl.area_now AS area_code, pl.village_now AS village_no, c.month, c.category, c.found AS nf, c.met AS nm
        FROM rollup_person_needs(ids, added, flipped, false) c JOIN place pl ON pl.id = c.person_id
        UNION ALL
        SELECT pl.area_before, pl.village_before, c.month, c.category, -c.found, -c.met
        FROM rollup_person_needs(ids, added, flipped, true) c JOIN place pl ON pl.id = c.person_id
        WHERE NOT from_scratch
      ), up AS (
        INSERT INTO rollup_needs AS r (area_code, village_no, month, category, found, met)
        SELECT area_code, village_no, month, category, sum(nf), sum(nm) FROM d
        GROUP BY 1, 2, 3, 4 HAVING sum(nf) <> 0 OR sum(nm) <> 0
        ON CONFLICT (area_code, village_no, month, category) DO UPDATE SET found = r.found + excluded.found, met = r.met + excluded.met
        RETURNING r.area_code
      )
      SELECT array_agg(DISTINCT area_code) INTO areas FROM up;
      DELETE FROM rollup_needs r WHERE r.area_code = ANY (areas) AND r.found = 0 AND r.met = 0;
    END $$;

    -- Recomputes the tags of the persons 'ids' (for the day the counts were built for) and adds the
    -- difference from their stored tags to rollup_persons.
    CREATE FUNCTION rollup_persons_apply(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      today date;
      areas text[];
    BEGIN
      SELECT as_of INTO today FROM rollup_state WHERE name = 'persons';
      IF today IS NULL THEN RETURN; END IF; -- never built: the first rebuild counts everyone
      WITH fresh AS MATERIALIZED (
        SELECT * FROM rollup_person_tags(ids, today)
      ), old AS MATERIALIZED (
        SELECT t.* FROM unnest(ids) i(id) JOIN rollup_person_tags t ON t.person_id = i.id
      ), delta AS (
        SELECT area_code, village_no, tag, sum(d)::int AS d FROM (
          SELECT f.area_code, f.village_no, tag, 1 AS d FROM fresh f CROSS JOIN LATERAL unnest(f.tags) tag
          UNION ALL
          SELECT o.area_code, o.village_no, tag, -1 FROM old o CROSS JOIN LATERAL unnest(o.tags) tag
        ) x GROUP BY 1, 2, 3 HAVING sum(d) <> 0
      ), counted AS (
        INSERT INTO rollup_persons AS r (area_code, village_no, dim, key, n)
        SELECT area_code, village_no, split_part(tag, ':', 1), split_part(tag, ':', 2), d FROM delta
        ON CONFLICT (area_code, village_no, dim, key) DO UPDATE SET n = r.n + excluded.n
        RETURNING r.area_code
      ), gone AS (
        DELETE FROM rollup_person_tags t USING old o
        WHERE t.person_id = o.person_id AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.person_id = o.person_id)
      ), kept AS (
        INSERT INTO rollup_person_tags AS t (person_id, area_code, village_no, tags) SELECT * FROM fresh
        ON CONFLICT (person_id) DO UPDATE SET area_code = excluded.area_code, village_no = excluded.village_no, tags = excluded.tags
        WHERE (t.area_code, t.village_no, t.tags) IS DISTINCT FROM (excluded.area_code, excluded.village_no, excluded.tags)
      )
      SELECT array_agg(DISTINCT area_code) INTO areas FROM counted;
      DELETE FROM rollup_persons WHERE area_code = ANY (areas) AND n = 0;
    END $$;

    -- Serialises writers about the same persons (see the comment above); held to the end of the transaction.
    CREATE FUNCTION rollup_lock(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      IF cardinality(ids) > 200 THEN
        PERFORM pg_advisory_xact_lock(74210, 0);
      ELSE
        PERFORM pg_advisory_xact_lock_shared(74210, 0);
        PERFORM pg_advisory_xact_lock(74211, h) FROM (SELECT DISTINCT hashtext(x::text) AS h FROM unnest(ids) x ORDER BY 1) s;
      END IF;
    END $$;

    -- Rebuilds rollups from the raw rows: 'persons' for today (if only_if_stale, only when built for
    -- another day; true when it rebuilt), 'visits' (visits and needs). Under the exclusive lock, so
    -- no trigger adds to the counts meanwhile.
    CREATE FUNCTION rollup_rebuild(what text, only_if_stale boolean DEFAULT false) RETURNS boolean
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
    DECLARE
      today date := (now() AT TIME ZONE 'UTC' + interval '7 hours')::date;
      started timestamptz := clock_timestamp();
    BEGIN
      PERFORM pg_advisory_xact_lock(74210, 0);
      IF what = 'persons' THEN
        IF only_if_stale AND (SELECT as_of FROM rollup_state WHERE name = 'persons') IS NOT DISTINCT FROM today THEN RETURN false; END IF;
        DELETE FROM rollup_person_tags;
        DELETE FROM rollup_persons;
        UPDATE rollup_state SET as_of = today WHERE name = 'persons';
        INSERT INTO rollup_person_tags (person_id, area_code, village_no, tags)
          SELECT * FROM rollup_person_tags(ARRAY(SELECT id FROM persons WHERE status = 'alive'), today);
        INSERT INTO rollup_persons (area_code, village_no, dim, key, n)
          SELECT t.area_code, t.village_no, split_part(tag, ':', 1), split_part(tag, ':', 2), count(*)
          FROM rollup_person_tags t CROSS JOIN LATERAL unnest(t.tags) tag
          GROUP BY t.area_code, t.village_no, tag;
      ELSIF what = 'visits' THEN
        DELETE FROM rollup_visits;
        DELETE FROM rollup_needs;
        PERFORM rollup_visits_apply(ARRAY(SELECT DISTINCT person_id FROM visits), '{}', '{}', '{}', '{}', '{}', true);
      ELSE
        RAISE EXCEPTION 'unknown rollup %', what;
      END IF;
      UPDATE rollup_state SET refreshed_at = now(), duration_ms = (extract(epoch FROM clock_timestamp() - started) * 1000)::int
      WHERE name = ANY (CASE WHEN what = 'visits' THEN ARRAY['visits', 'needs'] ELSE ARRAY[what] END);
      RETURN true;
    END $$;
    REVOKE ALL ON FUNCTION rollup_rebuild(text, boolean) FROM PUBLIC;

    -- The triggers (statement level; SECURITY DEFINER: the writer may not see the person's other rows).
    CREATE FUNCTION rollup_keep_visits() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
    DECLARE ids uuid[]; added uuid[] := '{}'; flipped uuid[] := '{}';
    BEGIN
      IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT person_id), array_agg(id) INTO ids, added FROM new_rows;
      ELSE
        SELECT array_agg(DISTINCT n.person_id), array_agg(n.id) INTO ids, flipped
        FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE (o.review_status = 'returned') <> (n.review_status = 'returned');
      END IF;
      IF ids IS NULL THEN RETURN NULL; END IF;
      PERFORM rollup_lock(ids);
      PERFORM rollup_visits_apply(ids, coalesce(added, '{}'), coalesce(flipped, '{}'), '{}', '{}', '{}', false);
      PERFORM rollup_persons_apply(ids);
      RETURN NULL;
    END $$;
    CREATE TRIGGER rollup_keep_ins AFTER INSERT ON visits REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION rollup_keep_visits();
    CREATE TRIGGER rollup_keep_upd AFTER UPDATE ON visits REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION rollup_keep_visits();

    CREATE FUNCTION rollup_keep_persons() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
    DECLARE ids uuid[]; moved uuid[]; moved_areas text[]; moved_villages smallint[];
    BEGIN
      IF TG_OP = 'INSERT' THEN
        ids := ARRAY(SELECT id FROM new_rows);
      ELSIF TG_OP = 'DELETE' THEN
        ids := ARRAY(SELECT id FROM old_rows);
      ELSE
        ids := ARRAY(
          SELECT n.id FROM old_rows o JOIN new_rows n ON n.id = o.id
          WHERE (o.area_code, o.village_no, o.sex, o.birth_date, o.adl_group, o.flags, o.gaps, o.disability_types, o.status)
            IS DISTINCT FROM (n.area_code, n.village_no, n.sex, n.birth_date, n.adl_group, n.flags, n.gaps, n.disability_types, n.status));
        SELECT array_agg(n.id), array_agg(o.area_code), array_agg(o.village_no) INTO moved, moved_areas, moved_villages
        FROM old_rows o JOIN new_rows n ON n.id = o.id
        WHERE (o.area_code, o.village_no) IS DISTINCT FROM (n.area_code, n.village_no);
      END IF;
      IF cardinality(ids) = 0 THEN RETURN NULL; END IF;
      PERFORM rollup_lock(ids);
      IF moved IS NOT NULL THEN PERFORM rollup_visits_apply(moved, '{}', '{}', moved, moved_areas, moved_villages, false); END IF;
      PERFORM rollup_persons_apply(ids);
      RETURN NULL;
    END $$;
    CREATE TRIGGER rollup_keep_ins AFTER INSERT ON persons REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION rollup_keep_persons();
    CREATE TRIGGER rollup_keep_upd AFTER UPDATE ON persons REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION rollup_keep_persons();
    CREATE TRIGGER rollup_keep_del AFTER DELETE ON persons REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION rollup_keep_persons();

    -- A caseload makes a person due a visit when no visit set a date.
    CREATE FUNCTION rollup_keep_caseloads() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
    DECLARE ids uuid[];
    BEGIN
      IF TG_OP = 'DELETE' THEN ids := ARRAY(SELECT DISTINCT person_id FROM old_rows);
      ELSE ids := ARRAY(SELECT DISTINCT person_id FROM new_rows);
      END IF;
      IF cardinality(ids) = 0 THEN RETURN NULL; END IF;
      PERFORM rollup_lock(ids);
      PERFORM rollup_persons_apply(ids);
      RETURN NULL;
    END $$;
    CREATE TRIGGER rollup_keep_ins AFTER INSERT ON caseload_assignments REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION rollup_keep_caseloads();
    CREATE TRIGGER rollup_keep_upd AFTER UPDATE ON caseload_assignments REFERENCING NEW TABLE AS new_rows
      FOR EACH STATEMENT EXECUTE FUNCTION rollup_keep_caseloads();
    CREATE TRIGGER rollup_keep_del AFTER DELETE ON caseload_assignments REFERENCING OLD TABLE AS old_rows
      FOR EACH STATEMENT EXECUTE FUNCTION rollup_keep_caseloads();

    SELECT rollup_rebuild('persons');
    SELECT rollup_rebuild('visits');
  `.execute(db);
}
