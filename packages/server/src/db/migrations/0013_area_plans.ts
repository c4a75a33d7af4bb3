import { type Kysely, sql } from 'kysely';

/**
 * The subdistrict quality-of-life plan, แผนพัฒนาคุณภาพชีวิตตำบล (issue 8).
 *
 * - One plan per subdistrict and fiscal year. The fiscal year is stored as the government names it,
 *   in the Buddhist era (2570 = 1 Oct 2026 to 30 Sep 2027; core fiscalYearRange).
 * - The plan keeps the needs it was made from as counts only (`needs`: distinct persons per need
 *   category and need, and per vulnerability), never a person's id or name.
 * - `version` grows with every change to the plan or any of its projects; each change names the
 *   version it was made from, and a stale one is refused, so two admins never overwrite each other.
 * - A project's status changes and progress notes are kept, append-only, with who and when.
 * - Row-level security: a plan is visible and writable when its subdistrict is in the user's scope
 *   (as persons are); its projects and their progress follow the plan. Only a draft may be deleted.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE area_plans (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      area_code text NOT NULL REFERENCES areas(code) CHECK (area_code ~ '^[0-9]{6}$'),
      fiscal_year smallint NOT NULL CHECK (fiscal_year BETWEEN 2560 AND 2700),
      title text NOT NULL,
      notes text,
      status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved', 'closed')),
      needs jsonb NOT NULL,
      version integer NOT NULL DEFAULT 1 CHECK (version > 0),
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_by uuid NOT NULL REFERENCES users(id),
      updated_at timestamptz NOT NULL DEFAULT now(),
      approved_by uuid REFERENCES users(id),
      approved_at timestamptz,
      closed_by uuid REFERENCES users(id),
      closed_at timestamptz,
      UNIQUE (area_code, fiscal_year),
      CHECK ((status = 'draft') = (approved_at IS NULL)),
      CHECK ((status = 'closed') = (closed_at IS NOT NULL))
    );
    CREATE INDEX area_plans_area ON area_plans (area_code text_pattern_ops, fiscal_year DESC);

    CREATE TABLE area_plan_projects (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      plan_id uuid NOT NULL REFERENCES area_plans(id) ON DELETE CASCADE,
      position smallint NOT NULL CHECK (position >= 0),
      title text NOT NULL,
      description text,
      need_categories text[] NOT NULL DEFAULT '{}',
      target_persons integer NOT NULL DEFAULT 0 CHECK (target_persons >= 0),
      budget numeric(14, 2) CHECK (budget >= 0),
      funding_source text CHECK (funding_source IN ('local_health_fund', 'local_government', 'social_development', 'nhso_ltc', 'disability_fund', 'donation_other')),
      organisation_id uuid REFERENCES organisations(id),
      start_on date,
      end_on date,
      status text NOT NULL DEFAULT 'planned' CHECK (status IN ('planned', 'in_progress', 'done', 'cancelled')),
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_by uuid NOT NULL REFERENCES users(id),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (end_on IS NULL OR start_on IS NULL OR end_on >= start_on)
    );
    CREATE INDEX area_plan_projects_plan ON area_plan_projects (plan_id, position);

    -- No cascade: a project with recorded progress is never deleted (the service cancels it instead).
    CREATE TABLE area_plan_project_updates (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      plan_id uuid NOT NULL REFERENCES area_plans(id),
      project_id uuid NOT NULL REFERENCES area_plan_projects(id),
      from_status text,
      to_status text NOT NULL CHECK (to_status IN ('planned', 'in_progress', 'done', 'cancelled')),
      note text,
      changed_by uuid NOT NULL REFERENCES users(id),
      changed_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX area_plan_project_updates_project ON area_plan_project_updates (project_id, changed_at);
    CREATE TRIGGER area_plan_project_updates_append_only BEFORE UPDATE OR DELETE ON area_plan_project_updates
      FOR EACH ROW EXECUTE FUNCTION app_append_only();

    ALTER TABLE area_plans ENABLE ROW LEVEL SECURITY;
    CREATE POLICY area_plans_in_scope ON area_plans
      USING (area_code LIKE ANY ((SELECT app_scope_patterns())::text[]))
      WITH CHECK (area_code LIKE ANY ((SELECT app_scope_patterns())::text[]));
    CREATE POLICY area_plans_delete_draft ON area_plans AS RESTRICTIVE FOR DELETE USING (status = 'draft');

    ALTER TABLE area_plan_projects ENABLE ROW LEVEL SECURITY;
    CREATE POLICY area_plan_projects_of_visible_plans ON area_plan_projects
      USING (EXISTS (SELECT 1 FROM area_plans p WHERE p.id = plan_id))
      WITH CHECK (EXISTS (SELECT 1 FROM area_plans p WHERE p.id = plan_id));
    ALTER TABLE area_plan_project_updates ENABLE ROW LEVEL SECURITY;
    CREATE POLICY area_plan_project_updates_of_visible_plans ON area_plan_project_updates
      USING (EXISTS (SELECT 1 FROM area_plans p WHERE p.id = plan_id))
      WITH CHECK (EXISTS (SELECT 1 FROM area_plans p WHERE p.id = plan_id));

    -- Whether a plan exists and where, so a user outside its area is told "not yours" (403), not "not found".
    CREATE FUNCTION app_area_plan_area(pid uuid) RETURNS text LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT area_code FROM area_plans WHERE id = pid
    $$;
    REVOKE ALL ON FUNCTION app_area_plan_area(uuid) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION app_area_plan_area(uuid) TO carehub_app;

    GRANT SELECT, INSERT, UPDATE, DELETE ON area_plans, area_plan_projects TO carehub_app;
    GRANT SELECT, INSERT ON area_plan_project_updates TO carehub_app;
  `.execute(db);
}
