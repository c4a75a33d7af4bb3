import { type Kysely, sql } from 'kysely';

/**
 * Issue 18, H3 and item 6.
 *
 * 1. A share reaches an organisation, not past its caseload rule. The persons policy of 0005 admitted
 *    `(in scope AND (not caseload-only OR in caseload)) OR shared`, so a volunteer or caregiver saw every
 *    person shared with their organisation (an open share or referral) outside their caseload: the whole
 *    record, its visits and assessments, and could share it on. Now the caseload condition applies to
 *    both ways in: `(in scope OR shared) AND (not caseload-only OR in caseload)`. Everything else is as
 *    0005 left it (the sub-SELECTs keep each helper evaluated once per statement, see 0003), and the
 *    helpers are called by name, so whatever context they read (migration 0026) the policy follows.
 *    Every table about a person follows this policy (person-rls.ts), so visits, assessments, tasks, care
 *    plans and the rest narrow with it.
 *
 * 2. Live streams follow the session: a session's revocation and a change of a user's role, areas,
 *    organisation or active flag are told on the live-event channel (ids only) by triggers, so every
 *    server process closes the affected streams at once, whichever code path made the change (sign-out,
 *    an admin's revoke, a user edit, the CLI). A change of someone's caseload is told the same way, so a
 *    volunteer's stream re-reads the caseload it filters by. The stream also re-validates its session on
 *    a short interval (modules/events/routes.ts), so a missed notice costs seconds, not the session.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP POLICY persons_visible ON persons;
    CREATE POLICY persons_visible ON persons
      USING (
        (area_code LIKE ANY ((SELECT app_scope_patterns())::text[]) OR id = ANY ((SELECT app_shared_person_ids())::uuid[]))
        AND (NOT (SELECT app_caseload_only()) OR id = ANY ((SELECT app_caseload_ids())::uuid[])))
      WITH CHECK (
        (area_code LIKE ANY ((SELECT app_scope_patterns())::text[]) OR id = ANY ((SELECT app_shared_person_ids())::uuid[]))
        AND (NOT (SELECT app_caseload_only()) OR id = ANY ((SELECT app_caseload_ids())::uuid[])));

    CREATE FUNCTION live_session_revoked() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.revoked_at IS NOT NULL AND OLD.revoked_at IS NULL THEN
        PERFORM pg_notify('carehub_events', json_build_object('type', 'session.revoked', 'id', NEW.id, 'userId', NEW.user_id, 'areaCode', '')::text);
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER sessions_live_revoked AFTER UPDATE OF revoked_at ON sessions
      FOR EACH ROW EXECUTE FUNCTION live_session_revoked();

    CREATE FUNCTION live_user_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.role IS DISTINCT FROM OLD.role OR NEW.scopes IS DISTINCT FROM OLD.scopes
         OR NEW.organisation_id IS DISTINCT FROM OLD.organisation_id OR NEW.active IS DISTINCT FROM OLD.active THEN
        PERFORM pg_notify('carehub_events', json_build_object('type', 'user.access_changed', 'id', NEW.id, 'userId', NEW.id, 'areaCode', '')::text);
      END IF;
      RETURN NULL;
    END $$;
    CREATE TRIGGER users_live_access_changed AFTER UPDATE ON users
      FOR EACH ROW EXECUTE FUNCTION live_user_changed();

    -- One notice per volunteer whose caseload a statement changed (a bulk act changes thousands of rows).
    CREATE FUNCTION live_caseload_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE uid uuid;
    BEGIN
      FOR uid IN SELECT DISTINCT user_id FROM changed LOOP
        PERFORM pg_notify('carehub_events', json_build_object('type', 'caseload.changed', 'id', uid, 'userId', uid, 'areaCode', '')::text);
      END LOOP;
      RETURN NULL;
    END $$;
    CREATE TRIGGER caseload_live_inserted AFTER INSERT ON caseload_assignments
      REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION live_caseload_changed();
    CREATE TRIGGER caseload_live_updated AFTER UPDATE ON caseload_assignments
      REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION live_caseload_changed();
    CREATE TRIGGER caseload_live_deleted AFTER DELETE ON caseload_assignments
      REFERENCING OLD TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION live_caseload_changed();
  `.execute(db);
}
