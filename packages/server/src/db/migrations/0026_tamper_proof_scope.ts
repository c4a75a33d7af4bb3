import { type Kysely, sql } from 'kysely';

/**
 * Tamper-proof scope for row-level security, and an audit log bound to its actor (issue 18, items 3
 * and 7).
 *
 * Until now asUser() put the actor's scope in transaction-local settings (app.scope, app.user_id,
 * app.org_id, app.caseload_only) that the policy functions read with current_setting(). carehub_app
 * may call set_config() itself, so one injected expression (`set_config('app.scope','TH',true)`)
 * was enough to read the whole country.
 *
 * Now the context is a row of `app_context`, keyed by the transaction's id, which asUser() writes as
 * the owner before `SET LOCAL ROLE carehub_app`; carehub_app has no privilege on the table. The four
 * functions keep their names and signatures (every policy calls them) and become SECURITY DEFINER
 * readers of the current transaction's row; with no row (the owner's asSystem, a session setting
 * someone made up) they answer "no scope", as an unset setting did. The table is UNLOGGED (a context
 * is worth nothing after a crash) and never grows: a rolled-back transaction takes its row with it,
 * and asUser() deletes it with app_context_end() before committing. Functions name the table with
 * its schema and put pg_temp last, so a temporary table of the app role cannot stand in for it.
 *
 * The audit log: a row carehub_app inserts names the session's own user (id and username) or no one:
 * no row can be written in another user's name. Rows with no actor stay possible, both from the owner
 * (asSystem: the daily jobs, failed sign-ins) and inside a user's transaction, where the follow-up rules
 * raise and close tasks as the system when a visit is recorded, and the anonymous open-data reader is
 * audited. Every new row must have an area (rows written before this migration without one are left as
 * they are, and read as the whole country's: system admins see them).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE UNLOGGED TABLE app_context (
      txid bigint PRIMARY KEY,
      patterns text[] NOT NULL,
      user_id uuid,
      org_id uuid,
      caseload_only boolean NOT NULL
    );
    REVOKE ALL ON app_context FROM PUBLIC;
    REVOKE ALL ON app_context FROM carehub_app;

    -- PL/pgSQL rather than SQL: a SECURITY DEFINER function is never inlined, and a SQL function's
    -- query is planned again in every statement that calls it, while PL/pgSQL keeps its plan for the
    -- session (measured: a policy-filtered count of persons took 2 ms more with SQL bodies).
    CREATE OR REPLACE FUNCTION app_scope_patterns() RETURNS text[] LANGUAGE plpgsql STABLE SECURITY DEFINER
      SET search_path = public, pg_temp AS $$
      BEGIN
        RETURN coalesce((SELECT c.patterns FROM public.app_context c WHERE c.txid = txid_current_if_assigned()), '{}');
      END $$;
    CREATE OR REPLACE FUNCTION app_user_id() RETURNS uuid LANGUAGE plpgsql STABLE SECURITY DEFINER
      SET search_path = public, pg_temp AS $$
      BEGIN
        RETURN (SELECT c.user_id FROM public.app_context c WHERE c.txid = txid_current_if_assigned());
      END $$;
    CREATE OR REPLACE FUNCTION app_org_id() RETURNS uuid LANGUAGE plpgsql STABLE SECURITY DEFINER
      SET search_path = public, pg_temp AS $$
      BEGIN
        RETURN (SELECT c.org_id FROM public.app_context c WHERE c.txid = txid_current_if_assigned());
      END $$;
    CREATE OR REPLACE FUNCTION app_caseload_only() RETURNS boolean LANGUAGE plpgsql STABLE SECURITY DEFINER
      SET search_path = public, pg_temp AS $$
      BEGIN
        RETURN coalesce((SELECT c.caseload_only FROM public.app_context c WHERE c.txid = txid_current_if_assigned()), false);
      END $$;

    -- The app role may end its own transaction's context (asUser does, just before commit), nothing else.
    CREATE FUNCTION app_context_end() RETURNS void LANGUAGE sql VOLATILE SECURITY DEFINER
      SET search_path = public, pg_temp AS $$
      DELETE FROM public.app_context WHERE txid = txid_current_if_assigned()
    $$;
    REVOKE ALL ON FUNCTION app_context_end() FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION app_context_end() TO carehub_app;
  `.execute(db);

  await sql`
    DROP POLICY audit_read_in_scope ON audit_log;
    CREATE POLICY audit_read_in_scope ON audit_log FOR SELECT
      USING (coalesce(area_code, 'TH') LIKE ANY ((SELECT app_scope_patterns())::text[]) OR actor_id = (SELECT app_user_id()));

    DROP POLICY audit_append ON audit_log;
    CREATE POLICY audit_append ON audit_log FOR INSERT WITH CHECK (
      CASE WHEN actor_id IS NULL THEN actor_username IS NULL
        ELSE actor_id = (SELECT app_user_id()) AND actor_username = (SELECT u.username FROM users u WHERE u.id = actor_id) END
    );

    ALTER TABLE audit_log ADD CONSTRAINT audit_log_area_required CHECK (area_code IS NOT NULL) NOT VALID;
  `.execute(db);
}
