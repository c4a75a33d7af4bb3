import { type Kysely, sql } from 'kysely';
import { followPersonVisibility } from '../person-rls.js';

/**
 * Assessments: published instrument versions (data, not code), responses to them, and the tasks
 * their alerts create.
 *
 * - A published instrument version never changes; a new version is a new row.
 * - A response is a draft its author may change or discard; once signed it is immutable (a trigger
 *   refuses any change), and a correction is a new response that names the one it replaces.
 * - Responses and tasks carry no area of their own: row-level security asks whether the person is
 *   visible, as for every other table about a person.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE instruments (
      code text NOT NULL,
      version integer NOT NULL CHECK (version >= 1),
      definition jsonb NOT NULL,
      published_by uuid REFERENCES users(id),
      published_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (code, version)
    );

    CREATE FUNCTION instruments_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'a published instrument version cannot change' USING ERRCODE = 'check_violation';
    END $$;
    CREATE TRIGGER instruments_immutable BEFORE UPDATE OR DELETE ON instruments
      FOR EACH ROW EXECUTE FUNCTION instruments_immutable();

    CREATE TABLE assessments (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL REFERENCES persons(id),
      instrument_code text NOT NULL,
      instrument_version integer NOT NULL,
      status text NOT NULL CHECK (status IN ('draft', 'signed')),
      answers jsonb NOT NULL,
      scores jsonb NOT NULL,
      bands jsonb NOT NULL,
      needs text[] NOT NULL DEFAULT '{}',
      place text NOT NULL,
      gps_lat double precision,
      gps_lng double precision,
      performed_at timestamptz NOT NULL DEFAULT now(),
      recorded_by uuid NOT NULL REFERENCES users(id),
      organisation_id uuid REFERENCES organisations(id),
      signed_at timestamptz,
      replaces uuid REFERENCES assessments(id),
      visit_id uuid,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      FOREIGN KEY (instrument_code, instrument_version) REFERENCES instruments(code, version),
      CHECK ((status = 'signed') = (signed_at IS NOT NULL))
    );
    CREATE INDEX assessments_person ON assessments (person_id, instrument_code, performed_at DESC);
    -- One correction per signed response: the chain of corrections is a line, not a tree.
    CREATE UNIQUE INDEX assessments_replaces ON assessments (replaces) WHERE replaces IS NOT NULL;

    CREATE FUNCTION assessments_signed_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF OLD.status = 'signed' THEN
        RAISE EXCEPTION 'a signed assessment cannot change' USING ERRCODE = 'check_violation';
      END IF;
      RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END $$;
    CREATE TRIGGER assessments_signed_immutable BEFORE UPDATE OR DELETE ON assessments
      FOR EACH ROW EXECUTE FUNCTION assessments_signed_immutable();

    CREATE TABLE tasks (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL REFERENCES persons(id),
      kind text NOT NULL,
      severity text NOT NULL CHECK (severity IN ('warning', 'urgent')),
      action text NOT NULL,
      message jsonb NOT NULL,
      source_id uuid,
      team text[] NOT NULL,
      status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'done', 'dismissed')),
      created_at timestamptz NOT NULL DEFAULT now(),
      closed_at timestamptz,
      closed_by uuid REFERENCES users(id),
      note text
    );
    CREATE INDEX tasks_open ON tasks (created_at DESC) WHERE status = 'open';
    CREATE INDEX tasks_person ON tasks (person_id);

    GRANT SELECT ON instruments TO carehub_app;
    GRANT SELECT, INSERT, UPDATE, DELETE ON assessments TO carehub_app;
    GRANT SELECT, INSERT, UPDATE ON tasks TO carehub_app;
  `.execute(db);

  await followPersonVisibility(db, ['assessments', 'tasks']);
}
