import { type Kysely, sql } from 'kysely';

/**
 * Foundation: geography, organisations, users, sessions, sign-in attempts, the audit log and a first
 * person table, with the application role and row-level security (DESIGN.md §5).
 *
 * carehub_app is the non-superuser role every user request runs as (SET LOCAL ROLE inside its
 * transaction). Row-level security on person data keys on the transaction-local settings
 * app.scope (comma-separated area prefixes, or TH for the whole country) and app.user_id.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`.execute(db);
  // Roles are cluster-wide, so another CareHub database on the same server may have made it already.
  await sql`
    DO $$ BEGIN
      CREATE ROLE carehub_app NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$`.execute(db);
  await sql`
    DO $$ BEGIN
      EXECUTE format('GRANT carehub_app TO %I', current_user);
    EXCEPTION WHEN others THEN NULL; -- already a member, or a superuser (who may SET ROLE anyway)
    END $$`.execute(db);

  await sql`
    CREATE FUNCTION app_scope_patterns() RETURNS text[] LANGUAGE sql STABLE AS $$
      SELECT coalesce(array_agg(CASE WHEN s = 'TH' THEN '%' ELSE s || '%' END), '{}')
      FROM unnest(string_to_array(nullif(current_setting('app.scope', true), ''), ',')) AS s
    $$;
    CREATE FUNCTION app_user_id() RETURNS uuid LANGUAGE sql STABLE AS $$
      SELECT nullif(current_setting('app.user_id', true), '')::uuid
    $$;

    CREATE TABLE areas (
      code text PRIMARY KEY CHECK (code ~ '^[0-9]{2}([0-9]{2}){0,3}$'),
      level text NOT NULL CHECK (level IN ('province', 'district', 'subdistrict', 'village')),
      name_th text NOT NULL,
      name_en text NOT NULL,
      parent_code text REFERENCES areas(code),
      health_region smallint CHECK (health_region BETWEEN 1 AND 13)
    );
    CREATE INDEX areas_parent ON areas (parent_code);
    CREATE INDEX areas_name_th_trgm ON areas USING gin (name_th gin_trgm_ops);
    CREATE INDEX areas_name_en_trgm ON areas USING gin (lower(name_en) gin_trgm_ops);

    CREATE TABLE organisations (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      name text NOT NULL CHECK (length(name) BETWEEN 2 AND 200),
      type text NOT NULL,
      area_code text NOT NULL REFERENCES areas(code),
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (name, area_code)
    );
    CREATE INDEX organisations_area ON organisations (area_code text_pattern_ops);

    CREATE TABLE users (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      username text NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9._-]{3,64}$'),
      display_name text NOT NULL,
      password_hash text NOT NULL,
      role text NOT NULL,
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      area_code text NOT NULL REFERENCES areas(code),
      scopes text[] NOT NULL CHECK (cardinality(scopes) > 0),
      active boolean NOT NULL DEFAULT true,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      last_sign_in_at timestamptz
    );

    CREATE TABLE sessions (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      token_hash text NOT NULL UNIQUE,
      user_id uuid NOT NULL REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      last_seen_at timestamptz NOT NULL DEFAULT now(),
      expires_at timestamptz NOT NULL,
      revoked_at timestamptz,
      ip text,
      user_agent text
    );
    CREATE INDEX sessions_user ON sessions (user_id) WHERE revoked_at IS NULL;

    CREATE TABLE login_attempts (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      username text NOT NULL,
      ip text NOT NULL,
      success boolean NOT NULL
    );
    CREATE INDEX login_attempts_username ON login_attempts (username, at);
    CREATE INDEX login_attempts_ip ON login_attempts (ip, at);

    CREATE TABLE audit_log (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      at timestamptz NOT NULL DEFAULT now(),
      actor_id uuid,
      actor_username text,
      action text NOT NULL,
      subject_type text,
      subject_id text,
      area_code text,
      ip text,
      purpose text,
      details jsonb NOT NULL DEFAULT '{}'
    );
    CREATE INDEX audit_log_at ON audit_log (at DESC);
    CREATE INDEX audit_log_subject ON audit_log (subject_type, subject_id);
    CREATE INDEX audit_log_actor ON audit_log (actor_id, at DESC);

    -- Append-only, for everyone: the app role has no UPDATE/DELETE grant, and these triggers stop
    -- the owner too. Correcting history means appending, never rewriting.
    CREATE FUNCTION audit_log_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
    END $$;
    CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
      FOR EACH ROW EXECUTE FUNCTION audit_log_immutable();
    CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
      FOR EACH STATEMENT EXECUTE FUNCTION audit_log_immutable();

    CREATE TABLE persons (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      cid text CHECK (cid ~ '^[0-9]{13}$'),
      title_th text,
      first_name_th text NOT NULL,
      last_name_th text NOT NULL,
      birth_date date,
      sex text NOT NULL CHECK (sex IN ('male', 'female', 'unknown')),
      area_code text NOT NULL REFERENCES areas(code),
      version integer NOT NULL DEFAULT 1,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      created_by uuid REFERENCES users(id),
      updated_by uuid REFERENCES users(id)
    );
    CREATE UNIQUE INDEX persons_cid ON persons (cid) WHERE cid IS NOT NULL;
    CREATE INDEX persons_area ON persons (area_code text_pattern_ops);
    CREATE INDEX persons_name_trgm ON persons USING gin ((first_name_th || ' ' || last_name_th) gin_trgm_ops);
  `.execute(db);

  // Row-level security: what a user request may see or touch, whatever query the code sends.
  await sql`
    ALTER TABLE persons ENABLE ROW LEVEL SECURITY;
    CREATE POLICY persons_in_scope ON persons
      USING (area_code LIKE ANY (app_scope_patterns()))
      WITH CHECK (area_code LIKE ANY (app_scope_patterns()));

    ALTER TABLE users ENABLE ROW LEVEL SECURITY;
    CREATE POLICY users_in_scope ON users
      USING (area_code LIKE ANY (app_scope_patterns()) OR id = app_user_id())
      WITH CHECK (area_code LIKE ANY (app_scope_patterns()));

    -- A session is visible (to revoke it) exactly when its user is.
    ALTER TABLE sessions ENABLE ROW LEVEL SECURITY;
    CREATE POLICY sessions_of_visible_users ON sessions
      USING (EXISTS (SELECT 1 FROM users u WHERE u.id = sessions.user_id));

    ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
    CREATE POLICY audit_read_in_scope ON audit_log FOR SELECT
      USING (area_code LIKE ANY (app_scope_patterns()) OR actor_id = app_user_id());
    CREATE POLICY audit_append ON audit_log FOR INSERT WITH CHECK (true);

    GRANT USAGE ON SCHEMA public TO carehub_app;
    GRANT SELECT ON areas, organisations TO carehub_app;
    GRANT INSERT, UPDATE ON organisations TO carehub_app;
    GRANT SELECT, INSERT, UPDATE ON persons TO carehub_app;
    GRANT SELECT, INSERT, UPDATE (display_name, role, organisation_id, area_code, scopes, active, password_hash, updated_at)
      ON users TO carehub_app;
    GRANT UPDATE (revoked_at) ON sessions TO carehub_app;
    GRANT SELECT (id, user_id, revoked_at) ON sessions TO carehub_app;
    GRANT SELECT, INSERT ON audit_log TO carehub_app;
  `.execute(db);
}
