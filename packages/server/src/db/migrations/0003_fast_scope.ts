import { type Kysely, sql } from 'kysely';

/**
 * Row-level security that stays fast at 100,000 persons.
 *
 * 1. The scope patterns and the persons shared with the acting organisation are worked out once per
 *    statement (an InitPlan, from the sub-SELECTs) instead of once per row: before this, a province
 *    admin's list called app_scope_patterns() for every person and a subdistrict user's list called
 *    app_person_shared() for every person outside the subdistrict.
 * 2. PostgreSQL will not use an index for a condition whose operator is not leakproof (LIKE, the
 *    trigram operators) beneath a row-level-security policy, so name search scanned every row.
 *    app_name_candidates() finds the ids whose normalised name matches, through the trigram index,
 *    as the table owner; the caller's query then keeps only those its policy lets it see. It returns
 *    identifiers only: nothing about a person leaves it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION app_shared_person_ids() RETURNS uuid[] LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT coalesce(array_agg(DISTINCT s.person_id), '{}')
      FROM person_shares s
      WHERE s.organisation_id = app_org_id() AND s.revoked_at IS NULL
        AND EXISTS (SELECT 1 FROM consents c WHERE c.person_id = s.person_id AND c.purpose = 'data_sharing' AND c.withdrawn_at IS NULL)
    $$;
    REVOKE ALL ON FUNCTION app_shared_person_ids() FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION app_shared_person_ids() TO carehub_app;

    DROP POLICY persons_visible ON persons;
    CREATE POLICY persons_visible ON persons
      USING (area_code LIKE ANY ((SELECT app_scope_patterns())::text[]) OR id = ANY ((SELECT app_shared_person_ids())::uuid[]))
      WITH CHECK (area_code LIKE ANY ((SELECT app_scope_patterns())::text[]) OR id = ANY ((SELECT app_shared_person_ids())::uuid[]));

    -- EXECUTE plans with the actual key each call; a generic plan of the same query skips the index.
    CREATE FUNCTION app_name_candidates(key text, pattern text) RETURNS SETOF uuid LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public AS $$
    BEGIN
      RETURN QUERY EXECUTE 'SELECT id FROM persons WHERE name_key LIKE $2 UNION SELECT id FROM persons WHERE $1 <% name_key' USING key, pattern;
    END $$;
    REVOKE ALL ON FUNCTION app_name_candidates(text, text) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION app_name_candidates(text, text) TO carehub_app;
  `.execute(db);
}
