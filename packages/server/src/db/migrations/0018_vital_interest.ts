import { type Kysely, sql } from 'kysely';

/**
 * A referral that cannot wait for consent (issue 16): PDPA section 24(2) / 26(1)(a) lets personal and
 * sensitive data be disclosed without consent to prevent or suppress a danger to a person's life,
 * body or health. An urgent or emergency referral may be sent on that basis with a stated reason;
 * while it is open its receiver sees the person's case as a consented referral would. The basis and
 * reason stay on the referral for the person's record and its owner to see, and the act is audited.
 *
 * A task an alert raised may name the referral sent for it, and closes when that referral is accepted.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE referrals
      ADD COLUMN legal_basis text NOT NULL DEFAULT 'consent' CHECK (legal_basis IN ('consent', 'vital_interest')),
      ADD COLUMN basis_reason text,
      ADD CONSTRAINT referrals_vital_interest CHECK (
        legal_basis = 'consent' OR (urgency IN ('emergency', 'urgent') AND length(trim(coalesce(basis_reason, ''))) >= 10)
      );
    ALTER TABLE tasks ADD COLUMN referral_id uuid REFERENCES referrals(id);
    CREATE INDEX tasks_referral ON tasks (referral_id) WHERE referral_id IS NOT NULL;

    CREATE OR REPLACE FUNCTION app_person_shared(pid uuid) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT (
        EXISTS (SELECT 1 FROM consents c WHERE c.person_id = pid AND c.purpose = 'data_sharing' AND c.withdrawn_at IS NULL)
        AND (
          EXISTS (SELECT 1 FROM person_shares s WHERE s.person_id = pid AND s.organisation_id = app_org_id() AND s.revoked_at IS NULL)
          OR EXISTS (SELECT 1 FROM referrals r WHERE r.person_id = pid AND r.to_organisation_id = app_org_id() AND r.state IN ('sent', 'accepted', 'in_progress'))
        )
      ) OR EXISTS (
        SELECT 1 FROM referrals r WHERE r.person_id = pid AND r.to_organisation_id = app_org_id()
          AND r.state IN ('sent', 'accepted', 'in_progress') AND r.legal_basis = 'vital_interest'
      )
    $$;

    CREATE OR REPLACE FUNCTION app_shared_person_ids() RETURNS uuid[] LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT coalesce(array_agg(DISTINCT x.person_id), '{}') FROM (
        SELECT y.person_id FROM (
          SELECT s.person_id FROM person_shares s WHERE s.organisation_id = app_org_id() AND s.revoked_at IS NULL
          UNION
          SELECT r.person_id FROM referrals r WHERE r.to_organisation_id = app_org_id() AND r.state IN ('sent', 'accepted', 'in_progress')
        ) y
        WHERE EXISTS (SELECT 1 FROM consents c WHERE c.person_id = y.person_id AND c.purpose = 'data_sharing' AND c.withdrawn_at IS NULL)
        UNION
        SELECT r.person_id FROM referrals r
        WHERE r.to_organisation_id = app_org_id() AND r.state IN ('sent', 'accepted', 'in_progress') AND r.legal_basis = 'vital_interest'
      ) x
    $$;
  `.execute(db);
}
