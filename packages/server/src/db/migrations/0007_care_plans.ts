import { type Kysely, sql } from 'kysely';
import { followPersonVisibility } from '../person-rls.js';

/**
 * Care plans, case teams and case conferences; and where an assessment alert proposes a referral.
 *
 * - A care plan is saved whole, as a new version: (person, version) is unique, so of two people
 *   saving from the same version only the first succeeds, and no version ever changes (a trigger).
 * - The person's (or guardian's) agreement names the version agreed to; a later version needs its own.
 * - A conference record, and the plan version its decisions created, are written together.
 * - A task proposing a referral names the organisation it proposes (the nearest hospital covering the
 *   person's area), so the team can send it in one step.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    -- Staff names on shared records (who wrote a plan version, who sits on a case team) must show to
    -- every reader of the record, though users are visible only within one's areas.
    CREATE FUNCTION app_user_name(uid uuid) RETURNS text LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT display_name FROM users WHERE id = uid
    $$;
    CREATE FUNCTION app_user_organisation(uid uuid) RETURNS uuid LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT organisation_id FROM users WHERE id = uid
    $$;
    REVOKE ALL ON FUNCTION app_user_name(uuid), app_user_organisation(uuid) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION app_user_name(uuid), app_user_organisation(uuid) TO carehub_app;

    CREATE FUNCTION app_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION '% is append-only', TG_TABLE_NAME USING ERRCODE = 'check_violation';
    END $$;

    CREATE TABLE care_plans (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL REFERENCES persons(id),
      version integer NOT NULL CHECK (version > 0),
      body jsonb NOT NULL,
      change_note text,
      created_by uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (person_id, version)
    );

    CREATE TABLE care_plan_agreements (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL REFERENCES persons(id),
      plan_id uuid NOT NULL REFERENCES care_plans(id),
      agreed_by text NOT NULL CHECK (agreed_by IN ('self', 'guardian', 'caregiver', 'relative')),
      agreed_by_name text NOT NULL,
      method text NOT NULL CHECK (method IN ('signature', 'thumbprint', 'verbal')),
      agreed_on date NOT NULL,
      note text,
      recorded_by uuid NOT NULL REFERENCES users(id),
      recorded_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX care_plan_agreements_plan ON care_plan_agreements (plan_id);

    CREATE TABLE case_team_members (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL REFERENCES persons(id),
      role text NOT NULL,
      user_id uuid REFERENCES users(id),
      name text,
      organisation_id uuid REFERENCES organisations(id),
      phone text,
      added_by uuid NOT NULL REFERENCES users(id),
      added_at timestamptz NOT NULL DEFAULT now(),
      removed_at timestamptz,
      removed_by uuid REFERENCES users(id),
      CHECK (user_id IS NOT NULL OR name IS NOT NULL)
    );
    CREATE INDEX case_team_person ON case_team_members (person_id) WHERE removed_at IS NULL;

    CREATE TABLE case_conferences (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL REFERENCES persons(id),
      held_on date NOT NULL,
      place text,
      attendees jsonb NOT NULL,
      summary text,
      decisions jsonb NOT NULL,
      plan_version integer,
      recorded_by uuid NOT NULL REFERENCES users(id),
      recorded_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX case_conferences_person ON case_conferences (person_id, held_on DESC);

    CREATE TRIGGER care_plans_append_only BEFORE UPDATE OR DELETE ON care_plans FOR EACH ROW EXECUTE FUNCTION app_append_only();
    CREATE TRIGGER care_plan_agreements_append_only BEFORE UPDATE OR DELETE ON care_plan_agreements FOR EACH ROW EXECUTE FUNCTION app_append_only();
    CREATE TRIGGER case_conferences_append_only BEFORE UPDATE OR DELETE ON case_conferences FOR EACH ROW EXECUTE FUNCTION app_append_only();

    ALTER TABLE tasks ADD COLUMN proposed_organisation_id uuid REFERENCES organisations(id);

    GRANT SELECT, INSERT ON care_plans, care_plan_agreements, case_conferences TO carehub_app;
    GRANT SELECT, INSERT ON case_team_members TO carehub_app;
    GRANT UPDATE (removed_at, removed_by) ON case_team_members TO carehub_app;
  `.execute(db);

  await followPersonVisibility(db, ['care_plans', 'care_plan_agreements', 'case_team_members', 'case_conferences']);
}
