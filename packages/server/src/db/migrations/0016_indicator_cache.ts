import { type Kysely, sql } from 'kysely';

/**
 * A cache of the quality-of-life indicators' closed months (issue 8, part 3). Computing all six
 * indicators from the raw rows took 75 s for a province; a closed month (not the running month and
 * past its maturity, core `isProvisional`) only changes when the data it reads changes, so its counts
 * are kept per indicator, definition hash, month and registered area (the subdistrict a person is
 * registered in), with the village numbers, numerators and denominators as parallel arrays. A row
 * with empty arrays says "worked out: nobody counted"; a missing row means "not cached".
 *
 * - Key: `hash` is a hash of the definition's measure and the compiler's version (modules/indicators
 *   cache.ts), so a changed definition never reads values of the old one; the target is not a value.
 * - `horizon`: the instant after which a dated fact (a visit, a response, a referral) can no longer
 *   change this month's value: the month's end plus the definition's maturity days (a need found in
 *   the month is met by help up to that many days later).
 * - Invalidation: statement-level triggers with transition tables on every table the compiled SQL
 *   reads (persons, person_vulnerabilities, person_entitlements, assessments, visits, referrals) delete
 *   the affected areas' rows in the writing transaction: all months for a change to a person or their
 *   vulnerability/entitlement records, the months whose horizon is after the earliest instant touched
 *   for a visit, a response (or the response it corrects) or a referral.
 * - Races: `indicator_cache_gen` holds a counter per area that the triggers increment (a row lock
 *   held to the writer's commit) before deleting. A reader that fills the cache notes the counters
 *   before computing and, just before storing, reads them again FOR SHARE (waiting for any writer
 *   still open): it stores an area's rows only when its counter has not moved, so a value computed
 *   from a snapshot without a concurrent write is never kept; and a writer whose trigger comes later
 *   waits on the reader's share lock, then deletes the committed rows.
 * - Row-level security: counts only, but the app role reads and writes only rows of areas in the
 *   user's scope (the same pattern as the persons policy); the triggers run as the owner.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE indicator_cache (
      code text NOT NULL,
      hash text NOT NULL,
      month date NOT NULL,
      area_code text NOT NULL,
      horizon timestamptz NOT NULL,
      village_no smallint[] NOT NULL,
      num float8[] NOT NULL,
      den integer[] NOT NULL,
      computed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (code, hash, area_code, month),
      CHECK (cardinality(village_no) = cardinality(num) AND cardinality(num) = cardinality(den))
    );
    CREATE INDEX indicator_cache_area ON indicator_cache (area_code text_pattern_ops, month);
    ALTER TABLE indicator_cache ENABLE ROW LEVEL SECURITY;
    CREATE POLICY indicator_cache_in_scope ON indicator_cache
      USING (area_code LIKE ANY ((SELECT app_scope_patterns())::text[]))
      WITH CHECK (area_code LIKE ANY ((SELECT app_scope_patterns())::text[]));
    GRANT SELECT, INSERT ON indicator_cache TO carehub_app;

    CREATE TABLE indicator_cache_gen (area_code text PRIMARY KEY, gen bigint NOT NULL DEFAULT 0);
    INSERT INTO indicator_cache_gen (area_code) SELECT code FROM areas WHERE level <> 'village'
      UNION SELECT DISTINCT area_code FROM persons;
    GRANT SELECT, INSERT, UPDATE ON indicator_cache_gen TO carehub_app;

    -- Drops the cached months of the areas 'areas' that a change at the instants 'since' can reach
    -- (NULL: every month), after bumping their counters (in area order, so two writers cannot deadlock).
    CREATE FUNCTION indicator_cache_drop(areas text[], since timestamptz[]) RETURNS void
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
    BEGIN
      IF coalesce(cardinality(areas), 0) = 0 THEN RETURN; END IF;
      INSERT INTO indicator_cache_gen AS g (area_code, gen)
        SELECT DISTINCT a, 1 FROM unnest(areas) a WHERE a IS NOT NULL ORDER BY 1
        ON CONFLICT (area_code) DO UPDATE SET gen = g.gen + 1;
      DELETE FROM indicator_cache c
      USING (SELECT a, min(s) AS s, bool_or(s IS NULL) AS every FROM unnest(areas, since) x(a, s) GROUP BY a) d
      WHERE c.area_code = d.a AND (d.every OR c.horizon > d.s);
    END $$;
    REVOKE ALL ON FUNCTION indicator_cache_drop(text[], timestamptz[]) FROM PUBLIC;

    CREATE FUNCTION indicator_cache_persons() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
    DECLARE areas text[];
    BEGIN
      IF TG_OP = 'INSERT' THEN
        areas := ARRAY(SELECT DISTINCT area_code FROM new_rows);
      ELSIF TG_OP = 'DELETE' THEN
        areas := ARRAY(SELECT DISTINCT area_code FROM old_rows);
      ELSE
        areas := ARRAY(
          SELECT DISTINCT x.area_code FROM old_rows o JOIN new_rows n ON n.id = o.id
          CROSS JOIN LATERAL (VALUES (o.area_code), (n.area_code)) x(area_code)
          WHERE (o.area_code, o.village_no, o.status, o.status_date, o.birth_date, o.sex, o.adl_group)
            IS DISTINCT FROM (n.area_code, n.village_no, n.status, n.status_date, n.birth_date, n.sex, n.adl_group));
      END IF;
      PERFORM indicator_cache_drop(areas, array_fill(NULL::timestamptz, ARRAY[cardinality(areas)]));
      RETURN NULL;
    END $$;

    -- Vulnerability and entitlement records: every month of the person's area.
    CREATE FUNCTION indicator_cache_person_facts() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
    DECLARE areas text[];
    BEGIN
      IF TG_OP = 'INSERT' THEN
        areas := ARRAY(SELECT DISTINCT p.area_code FROM new_rows n JOIN persons p ON p.id = n.person_id);
      ELSIF TG_OP = 'DELETE' THEN
        areas := ARRAY(SELECT DISTINCT p.area_code FROM old_rows o JOIN persons p ON p.id = o.person_id);
      ELSE
        areas := ARRAY(SELECT DISTINCT p.area_code FROM (SELECT person_id FROM old_rows UNION SELECT person_id FROM new_rows) x
          JOIN persons p ON p.id = x.person_id);
      END IF;
      PERFORM indicator_cache_drop(areas, array_fill(NULL::timestamptz, ARRAY[cardinality(areas)]));
      RETURN NULL;
    END $$;

    -- Dated facts: the person's area, from the earliest instant the statement touched.
    CREATE FUNCTION indicator_cache_visits() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
    DECLARE areas text[]; since timestamptz[];
    BEGIN
      IF TG_OP = 'INSERT' THEN
        SELECT array_agg(p.area_code), array_agg(x.t) INTO areas, since
        FROM (SELECT person_id, min(visited_at) AS t FROM new_rows GROUP BY 1) x JOIN persons p ON p.id = x.person_id;
      ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(p.area_code), array_agg(x.t) INTO areas, since
        FROM (SELECT person_id, min(visited_at) AS t FROM old_rows GROUP BY 1) x JOIN persons p ON p.id = x.person_id;
      ELSE
        SELECT array_agg(p.area_code), array_agg(x.t) INTO areas, since
        FROM (
          SELECT y.person_id, min(y.t) AS t FROM old_rows o JOIN new_rows n ON n.id = o.id
          CROSS JOIN LATERAL (VALUES (o.person_id, o.visited_at), (n.person_id, n.visited_at)) y(person_id, t)
          WHERE (o.person_id, o.visited_at, o.review_status, o.needs, o.help) IS DISTINCT FROM (n.person_id, n.visited_at, n.review_status, n.needs, n.help)
          GROUP BY 1
        ) x JOIN persons p ON p.id = x.person_id;
      END IF;
      PERFORM indicator_cache_drop(areas, since);
      RETURN NULL;
    END $$;

    -- A response, or a correction: from the earlier of its own instant and the one of the response it replaces.
    CREATE FUNCTION indicator_cache_assessments() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
    DECLARE areas text[]; since timestamptz[];
    BEGIN
      IF TG_OP = 'INSERT' THEN
        SELECT array_agg(p.area_code), array_agg(x.t) INTO areas, since
        FROM (SELECT n.person_id, min(least(n.performed_at, r.performed_at)) AS t FROM new_rows n
              LEFT JOIN assessments r ON r.id = n.replaces GROUP BY 1) x JOIN persons p ON p.id = x.person_id;
      ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(p.area_code), array_agg(x.t) INTO areas, since
        FROM (SELECT o.person_id, min(least(o.performed_at, r.performed_at)) AS t FROM old_rows o
              LEFT JOIN assessments r ON r.id = o.replaces GROUP BY 1) x JOIN persons p ON p.id = x.person_id;
      ELSE
        SELECT array_agg(p.area_code), array_agg(x.t) INTO areas, since
        FROM (
          SELECT y.person_id, min(y.t) AS t FROM old_rows o JOIN new_rows n ON n.id = o.id
          LEFT JOIN assessments ro ON ro.id = o.replaces LEFT JOIN assessments rn ON rn.id = n.replaces
          CROSS JOIN LATERAL (VALUES (o.person_id, least(o.performed_at, ro.performed_at)), (n.person_id, least(n.performed_at, rn.performed_at))) y(person_id, t)
          WHERE (o.person_id, o.performed_at, o.status, o.scores, o.replaces, o.instrument_code)
            IS DISTINCT FROM (n.person_id, n.performed_at, n.status, n.scores, n.replaces, n.instrument_code)
          GROUP BY 1
        ) x JOIN persons p ON p.id = x.person_id;
      END IF;
      PERFORM indicator_cache_drop(areas, since);
      RETURN NULL;
    END $$;

    -- A referral counts in the month it was sent: from its (old or new) sending instant.
    CREATE FUNCTION indicator_cache_referrals() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
    DECLARE areas text[]; since timestamptz[];
    BEGIN
      IF TG_OP = 'INSERT' THEN
        SELECT array_agg(p.area_code), array_agg(x.t) INTO areas, since
        FROM (SELECT person_id, min(sent_at) AS t FROM new_rows GROUP BY 1) x JOIN persons p ON p.id = x.person_id;
      ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(p.area_code), array_agg(x.t) INTO areas, since
        FROM (SELECT person_id, min(sent_at) AS t FROM old_rows GROUP BY 1) x JOIN persons p ON p.id = x.person_id;
      ELSE
        SELECT array_agg(p.area_code), array_agg(x.t) INTO areas, since
        FROM (
          SELECT y.person_id, min(y.t) AS t FROM old_rows o JOIN new_rows n ON n.id = o.id
          CROSS JOIN LATERAL (VALUES (o.person_id, o.sent_at), (n.person_id, n.sent_at)) y(person_id, t)
          WHERE (o.person_id, o.sent_at, o.urgency, o.state, o.answered_at, o.closed_at)
            IS DISTINCT FROM (n.person_id, n.sent_at, n.urgency, n.state, n.answered_at, n.closed_at)
          GROUP BY 1
        ) x JOIN persons p ON p.id = x.person_id;
      END IF;
      PERFORM indicator_cache_drop(areas, since);
      RETURN NULL;
    END $$;
  `.execute(db);

  const tables: Array<[string, string]> = [
    ['persons', 'indicator_cache_persons'],
    ['person_vulnerabilities', 'indicator_cache_person_facts'],
    ['person_entitlements', 'indicator_cache_person_facts'],
    ['visits', 'indicator_cache_visits'],
    ['assessments', 'indicator_cache_assessments'],
    ['referrals', 'indicator_cache_referrals'],
  ];
  for (const [table, fn] of tables) {
    await sql`
      CREATE TRIGGER indicator_cache_ins AFTER INSERT ON ${sql.table(table)} REFERENCING NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION ${sql.raw(fn)}();
      CREATE TRIGGER indicator_cache_upd AFTER UPDATE ON ${sql.table(table)} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
        FOR EACH STATEMENT EXECUTE FUNCTION ${sql.raw(fn)}();
      CREATE TRIGGER indicator_cache_del AFTER DELETE ON ${sql.table(table)} REFERENCING OLD TABLE AS old_rows
        FOR EACH STATEMENT EXECUTE FUNCTION ${sql.raw(fn)}();
    `.execute(db);
  }
}
