import { type Kysely, sql } from 'kysely';

/**
 * Both organisations keep their record of a referral after it closes: the referral and its history
 * are visible to the sending and the receiving organisation for good, while the person's own record
 * stays visible to the receiver only while the referral is open (0006). A closed referral shows the
 * receiver what was asked and done, not who the person is.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    DROP POLICY referrals_of_visible_persons ON referrals;
    CREATE POLICY referrals_of_visible_persons_or_my_organisation ON referrals
      USING (EXISTS (SELECT 1 FROM persons p WHERE p.id = person_id) OR from_organisation_id = (SELECT app_org_id()) OR to_organisation_id = (SELECT app_org_id()))
      WITH CHECK (EXISTS (SELECT 1 FROM persons p WHERE p.id = person_id) OR from_organisation_id = (SELECT app_org_id()) OR to_organisation_id = (SELECT app_org_id()));
    DROP POLICY referral_events_of_visible_persons ON referral_events;
    CREATE POLICY referral_events_of_visible_referrals ON referral_events
      USING (EXISTS (SELECT 1 FROM referrals r WHERE r.id = referral_id))
      WITH CHECK (EXISTS (SELECT 1 FROM referrals r WHERE r.id = referral_id));
  `.execute(db);
}
