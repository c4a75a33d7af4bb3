import { type Kysely, sql } from 'kysely';

/**
 * Village territories, bulk caseload operations and the monthly volunteer stipend (issue 17, item 2).
 *
 * - `volunteer_territories`: a volunteer is responsible for villages (หมู่) of a subdistrict, given
 *   and ended by a supervisor; rows are ended, never deleted.
 * - `caseload_operations`: one row per bulk act (a village assigned, a caseload moved, an undo) with
 *   its counts; the assignments it made or ended name it, so an undo knows exactly what to put back.
 * - `stipend_targets`: a volunteer's target of approved visits for a month (absent: the default).
 * - `stipend_signoffs`: a supervisor's sign-off of a subdistrict's month, with the list as signed
 *   (the payment list prints from it). While a sign-off stands the month is locked: targets and the
 *   review of that month's visits there are refused (a trigger holds it even for a forgotten check).
 *   Re-opening keeps the row, with who, when and why.
 * All four follow the user's area scope through row-level security.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE volunteer_territories (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      user_id uuid NOT NULL REFERENCES users(id),
      area_code text NOT NULL CHECK (area_code ~ '^[0-9]{6}$'),
      village_no smallint NOT NULL CHECK (village_no BETWEEN 1 AND 99),
      assigned_by uuid REFERENCES users(id),
      assigned_at timestamptz NOT NULL DEFAULT now(),
      ended_at timestamptz,
      ended_by uuid REFERENCES users(id)
    );
    CREATE UNIQUE INDEX volunteer_territories_active ON volunteer_territories (user_id, area_code, village_no) WHERE ended_at IS NULL;
    CREATE INDEX volunteer_territories_village ON volunteer_territories (area_code, village_no) WHERE ended_at IS NULL;

    CREATE TABLE caseload_operations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      kind text NOT NULL CHECK (kind IN ('assign_village', 'assign_territories', 'transfer', 'undo')),
      area_code text NOT NULL,
      params jsonb NOT NULL,
      counts jsonb NOT NULL,
      done_by uuid NOT NULL REFERENCES users(id),
      done_at timestamptz NOT NULL DEFAULT now(),
      undo_of uuid REFERENCES caseload_operations(id),
      undone_by_operation uuid REFERENCES caseload_operations(id)
    );
    CREATE INDEX caseload_operations_area ON caseload_operations (area_code, done_at DESC);

    ALTER TABLE caseload_assignments
      ADD COLUMN operation_id uuid REFERENCES caseload_operations(id),
      ADD COLUMN ended_operation_id uuid REFERENCES caseload_operations(id);
    CREATE INDEX caseload_assignments_operation ON caseload_assignments (operation_id) WHERE operation_id IS NOT NULL;
    CREATE INDEX caseload_assignments_ended_operation ON caseload_assignments (ended_operation_id) WHERE ended_operation_id IS NOT NULL;
    CREATE INDEX caseload_person_active ON caseload_assignments (person_id) WHERE ended_at IS NULL;
    CREATE INDEX persons_village ON persons (area_code, village_no);

    CREATE TABLE stipend_targets (
      user_id uuid NOT NULL REFERENCES users(id),
      area_code text NOT NULL CHECK (area_code ~ '^[0-9]{6}$'),
      month text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      target_visits smallint NOT NULL CHECK (target_visits BETWEEN 1 AND 500),
      set_by uuid NOT NULL REFERENCES users(id),
      set_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (user_id, area_code, month)
    );

    CREATE TABLE stipend_signoffs (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      area_code text NOT NULL CHECK (area_code ~ '^[0-9]{6}$'),
      month text NOT NULL CHECK (month ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'),
      fund text NOT NULL,
      amount_baht integer NOT NULL,
      rows jsonb NOT NULL,
      eligible integer NOT NULL,
      total_baht integer NOT NULL,
      signed_by uuid NOT NULL REFERENCES users(id),
      signed_by_name text NOT NULL,
      signed_at timestamptz NOT NULL DEFAULT now(),
      reopened_by uuid REFERENCES users(id),
      reopened_at timestamptz,
      reopen_reason text,
      CHECK ((reopened_at IS NULL) = (reopen_reason IS NULL))
    );
    CREATE UNIQUE INDEX stipend_signoffs_standing ON stipend_signoffs (area_code, month) WHERE reopened_at IS NULL;

    -- Only re-opening may change a sign-off, once.
    CREATE FUNCTION stipend_signoffs_guard() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' OR OLD.reopened_at IS NOT NULL
         OR (to_jsonb(NEW) - ARRAY['reopened_by', 'reopened_at', 'reopen_reason'])
            IS DISTINCT FROM (to_jsonb(OLD) - ARRAY['reopened_by', 'reopened_at', 'reopen_reason']) THEN
        RAISE EXCEPTION 'a sign-off is only re-opened' USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER stipend_signoffs_guard BEFORE UPDATE OR DELETE ON stipend_signoffs FOR EACH ROW EXECUTE FUNCTION stipend_signoffs_guard();

    -- A signed month is locked: its targets, and the review of its visits in that subdistrict.
    CREATE FUNCTION stipend_month_signed(area text, m text) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT EXISTS (SELECT 1 FROM stipend_signoffs WHERE area_code = left(area, 6) AND month = m AND reopened_at IS NULL)
    $$;
    REVOKE ALL ON FUNCTION stipend_month_signed(text, text) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION stipend_month_signed(text, text) TO carehub_app;

    CREATE FUNCTION stipend_targets_locked() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF stipend_month_signed(coalesce(NEW.area_code, OLD.area_code), coalesce(NEW.month, OLD.month))
         OR (TG_OP = 'UPDATE' AND stipend_month_signed(OLD.area_code, OLD.month)) THEN
        RAISE EXCEPTION 'stipend month signed' USING ERRCODE = 'check_violation';
      END IF;
      RETURN coalesce(NEW, OLD);
    END $$;
    CREATE TRIGGER stipend_targets_locked BEFORE INSERT OR UPDATE OR DELETE ON stipend_targets FOR EACH ROW EXECUTE FUNCTION stipend_targets_locked();

    CREATE FUNCTION visits_stipend_locked() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.review_status IS DISTINCT FROM OLD.review_status AND stipend_month_signed(
           (SELECT area_code FROM persons WHERE id = NEW.person_id),
           to_char((NEW.visited_at AT TIME ZONE 'UTC') + interval '7 hours', 'YYYY-MM')) THEN
        RAISE EXCEPTION 'stipend month signed' USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER visits_stipend_locked BEFORE UPDATE OF review_status ON visits FOR EACH ROW EXECUTE FUNCTION visits_stipend_locked();

    ALTER TABLE volunteer_territories ENABLE ROW LEVEL SECURITY;
    CREATE POLICY volunteer_territories_in_scope ON volunteer_territories
      USING (area_code LIKE ANY ((SELECT app_scope_patterns())::text[]))
      WITH CHECK (area_code LIKE ANY ((SELECT app_scope_patterns())::text[]));
    ALTER TABLE caseload_operations ENABLE ROW LEVEL SECURITY;
    CREATE POLICY caseload_operations_in_scope ON caseload_operations
      USING (area_code LIKE ANY ((SELECT app_scope_patterns())::text[]))
      WITH CHECK (area_code LIKE ANY ((SELECT app_scope_patterns())::text[]));
    ALTER TABLE stipend_targets ENABLE ROW LEVEL SECURITY;
    CREATE POLICY stipend_targets_in_scope ON stipend_targets
      USING (area_code LIKE ANY ((SELECT app_scope_patterns())::text[]))
      WITH CHECK (area_code LIKE ANY ((SELECT app_scope_patterns())::text[]));
    ALTER TABLE stipend_signoffs ENABLE ROW LEVEL SECURITY;
    CREATE POLICY stipend_signoffs_in_scope ON stipend_signoffs
      USING (area_code LIKE ANY ((SELECT app_scope_patterns())::text[]))
      WITH CHECK (area_code LIKE ANY ((SELECT app_scope_patterns())::text[]));

    GRANT SELECT, INSERT, UPDATE ON volunteer_territories, caseload_operations, stipend_signoffs TO carehub_app;
    GRANT SELECT, INSERT, UPDATE, DELETE ON stipend_targets TO carehub_app;
  `.execute(db);
}
