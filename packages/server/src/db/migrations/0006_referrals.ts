import { type Kysely, sql } from 'kysely';
import { followPersonVisibility } from '../person-rls.js';

/**
 * Referrals between organisations about a person, and the access they give.
 *
 * While a referral is open (sent, accepted, in progress) and the person's data-sharing consent stands,
 * the receiving organisation sees the person's case even outside its area: both functions that decide
 * sharing (the per-row check and the per-statement id list) now also count open referrals. Closing the
 * referral, or withdrawing consent, ends that access at once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE referrals (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL REFERENCES persons(id),
      from_organisation_id uuid NOT NULL REFERENCES organisations(id),
      from_user_id uuid NOT NULL REFERENCES users(id),
      to_organisation_id uuid NOT NULL REFERENCES organisations(id),
      urgency text NOT NULL CHECK (urgency IN ('emergency', 'urgent', 'routine')),
      reason text NOT NULL,
      note text,
      assessment_ids uuid[] NOT NULL DEFAULT '{}',
      state text NOT NULL DEFAULT 'sent' CHECK (state IN ('sent', 'accepted', 'declined', 'in_progress', 'completed', 'cancelled')),
      sent_at timestamptz NOT NULL DEFAULT now(),
      answered_at timestamptz,
      closed_at timestamptz,
      outcome text,
      close_reason text,
      CHECK (from_organisation_id <> to_organisation_id)
    );
    CREATE INDEX referrals_to_open ON referrals (to_organisation_id) WHERE state IN ('sent', 'accepted', 'in_progress');
    CREATE INDEX referrals_from ON referrals (from_organisation_id, sent_at DESC);
    CREATE INDEX referrals_person ON referrals (person_id);

    CREATE TABLE referral_events (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      referral_id uuid NOT NULL REFERENCES referrals(id),
      person_id uuid NOT NULL REFERENCES persons(id),
      at timestamptz NOT NULL DEFAULT now(),
      actor_id uuid NOT NULL REFERENCES users(id),
      action text NOT NULL,
      from_state text,
      to_state text NOT NULL,
      note text
    );
    CREATE INDEX referral_events_referral ON referral_events (referral_id, id);

    CREATE OR REPLACE FUNCTION app_person_shared(pid uuid) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT EXISTS (SELECT 1 FROM consents c WHERE c.person_id = pid AND c.purpose = 'data_sharing' AND c.withdrawn_at IS NULL)
        AND (
          EXISTS (SELECT 1 FROM person_shares s WHERE s.person_id = pid AND s.organisation_id = app_org_id() AND s.revoked_at IS NULL)
          OR EXISTS (SELECT 1 FROM referrals r WHERE r.person_id = pid AND r.to_organisation_id = app_org_id() AND r.state IN ('sent', 'accepted', 'in_progress'))
        )
    $$;

    CREATE OR REPLACE FUNCTION app_shared_person_ids() RETURNS uuid[] LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT coalesce(array_agg(DISTINCT x.person_id), '{}') FROM (
        SELECT s.person_id FROM person_shares s WHERE s.organisation_id = app_org_id() AND s.revoked_at IS NULL
        UNION
        SELECT r.person_id FROM referrals r WHERE r.to_organisation_id = app_org_id() AND r.state IN ('sent', 'accepted', 'in_progress')
      ) x
      WHERE EXISTS (SELECT 1 FROM consents c WHERE c.person_id = x.person_id AND c.purpose = 'data_sharing' AND c.withdrawn_at IS NULL)
    $$;

    GRANT SELECT, INSERT, UPDATE ON referrals TO carehub_app;
    GRANT SELECT, INSERT ON referral_events TO carehub_app;
  `.execute(db);

  await followPersonVisibility(db, ['referrals', 'referral_events']);
}
