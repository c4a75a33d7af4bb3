import { type Kysely, sql } from 'kysely';
import { followPersonVisibility } from '../person-rls.js';

/**
 * Home visits and volunteers' caseloads.
 *
 * - A volunteer or caregiver sees only the persons assigned to them (DESIGN.md §5): the persons
 *   policy now also asks, for those roles (app.caseload_only), that the person be in the user's
 *   active caseload. Everyone else keeps the area scope.
 * - A visit's id is chosen by the device that recorded it: the primary key makes a repeated
 *   submission (an outbox retry, two tabs) store nothing new.
 * - Visits are append-only: after insert only the review columns may change (a trigger), and a
 *   returned visit is corrected by a new visit that names it.
 * - Tasks gain an assignee, a due date and a dedupe key, so rules can run again without doubling.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION app_caseload_only() RETURNS boolean LANGUAGE sql STABLE AS $$
      SELECT coalesce(current_setting('app.caseload_only', true), '') = 'true'
    $$;

    CREATE TABLE caseload_assignments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL REFERENCES persons(id),
      user_id uuid NOT NULL REFERENCES users(id),
      assigned_by uuid REFERENCES users(id),
      assigned_at timestamptz NOT NULL DEFAULT now(),
      ended_at timestamptz,
      ended_by uuid REFERENCES users(id)
    );
    CREATE UNIQUE INDEX caseload_active ON caseload_assignments (person_id, user_id) WHERE ended_at IS NULL;
    CREATE INDEX caseload_user ON caseload_assignments (user_id) WHERE ended_at IS NULL;

    CREATE FUNCTION app_caseload_ids() RETURNS uuid[] LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT coalesce(array_agg(person_id), '{}') FROM caseload_assignments WHERE user_id = app_user_id() AND ended_at IS NULL
    $$;
    REVOKE ALL ON FUNCTION app_caseload_ids() FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION app_caseload_ids() TO carehub_app;

    DROP POLICY persons_visible ON persons;
    CREATE POLICY persons_visible ON persons
      USING (
        (area_code LIKE ANY ((SELECT app_scope_patterns())::text[])
          AND (NOT (SELECT app_caseload_only()) OR id = ANY ((SELECT app_caseload_ids())::uuid[])))
        OR id = ANY ((SELECT app_shared_person_ids())::uuid[]))
      WITH CHECK (
        (area_code LIKE ANY ((SELECT app_scope_patterns())::text[])
          AND (NOT (SELECT app_caseload_only()) OR id = ANY ((SELECT app_caseload_ids())::uuid[])))
        OR id = ANY ((SELECT app_shared_person_ids())::uuid[]));

    CREATE TABLE visits (
      id uuid PRIMARY KEY,
      person_id uuid NOT NULL REFERENCES persons(id),
      visited_at timestamptz NOT NULL,
      gps_lat double precision,
      gps_lng double precision,
      gps_accuracy double precision,
      present text[] NOT NULL DEFAULT '{}',
      vitals jsonb NOT NULL DEFAULT '{}',
      needs jsonb NOT NULL DEFAULT '[]',
      help jsonb NOT NULL DEFAULT '[]',
      alarms jsonb NOT NULL DEFAULT '[]',
      note text,
      next_visit_on date NOT NULL,
      assessment_ids uuid[] NOT NULL DEFAULT '{}',
      photo_count smallint NOT NULL DEFAULT 0,
      recorded_by uuid NOT NULL REFERENCES users(id),
      organisation_id uuid REFERENCES organisations(id),
      received_at timestamptz NOT NULL DEFAULT now(),
      replaces uuid REFERENCES visits(id),
      review_status text NOT NULL DEFAULT 'pending' CHECK (review_status IN ('pending', 'approved', 'returned')),
      review_comment text,
      reviewed_by uuid REFERENCES users(id),
      reviewed_at timestamptz
    );
    CREATE INDEX visits_person ON visits (person_id, visited_at DESC);
    CREATE INDEX visits_recorder ON visits (recorded_by, visited_at DESC);
    CREATE INDEX visits_pending ON visits (received_at) WHERE review_status = 'pending';

    CREATE TABLE visit_photos (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      visit_id uuid NOT NULL REFERENCES visits(id),
      person_id uuid NOT NULL REFERENCES persons(id),
      position smallint NOT NULL,
      data_url text NOT NULL,
      UNIQUE (visit_id, position)
    );

    -- Append-only: only the review may change after a visit is received.
    CREATE FUNCTION visits_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'visits are append-only' USING ERRCODE = 'check_violation';
      END IF;
      IF (to_jsonb(NEW) - ARRAY['review_status', 'review_comment', 'reviewed_by', 'reviewed_at'])
         IS DISTINCT FROM (to_jsonb(OLD) - ARRAY['review_status', 'review_comment', 'reviewed_by', 'reviewed_at']) THEN
        RAISE EXCEPTION 'visits are append-only' USING ERRCODE = 'check_violation';
      END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER visits_append_only BEFORE UPDATE OR DELETE ON visits FOR EACH ROW EXECUTE FUNCTION visits_append_only();

    ALTER TABLE tasks
      ADD COLUMN assigned_to uuid REFERENCES users(id),
      ADD COLUMN due_on date,
      ADD COLUMN dedupe_key text;
    CREATE UNIQUE INDEX tasks_dedupe ON tasks (dedupe_key) WHERE dedupe_key IS NOT NULL;
    CREATE INDEX tasks_assignee ON tasks (assigned_to) WHERE status = 'open';

    GRANT SELECT, INSERT, UPDATE ON caseload_assignments TO carehub_app;
    GRANT SELECT, INSERT ON visits, visit_photos TO carehub_app;
    GRANT UPDATE (review_status, review_comment, reviewed_by, reviewed_at) ON visits TO carehub_app;
  `.execute(db);

  await followPersonVisibility(db, ['caseload_assignments', 'visits', 'visit_photos']);
}
