import { type Kysely, sql } from 'kysely';

/**
 * People a volunteer found in the field and registered on the phone, perhaps offline (issue 17).
 *
 * - The row's id is the id the phone gave the person while offline, so a resent registration stores
 *   nothing new, and the phone's queued visits for that id can be pointed at the registered person.
 * - A registration with no likely duplicate creates the person at once (`created`). One with a likely
 *   duplicate (same national ID, or a similar name with a compatible birth year anywhere in the
 *   registry) waits here as `review` until a supervisor of the area decides: a new person
 *   (`created`), the person already registered (`linked`), or not registered (`rejected`, with a
 *   reason the volunteer sees). Either way no second person is made without a human decision.
 * - The rows hold names, so row-level security keeps them to the area; a volunteer or caregiver
 *   (app.caseload_only) sees only what they submitted.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE person_registrations (
      id uuid PRIMARY KEY,
      submitted_by uuid NOT NULL REFERENCES users(id),
      organisation_id uuid REFERENCES organisations(id),
      area_code text NOT NULL REFERENCES areas(code),
      input jsonb NOT NULL,
      name text NOT NULL,
      candidates jsonb NOT NULL DEFAULT '[]',
      status text NOT NULL CHECK (status IN ('review', 'created', 'linked', 'rejected')),
      person_id uuid REFERENCES persons(id),
      submitted_at timestamptz NOT NULL DEFAULT now(),
      decided_by uuid REFERENCES users(id),
      decided_at timestamptz,
      reason text,
      CHECK ((status IN ('created', 'linked')) = (person_id IS NOT NULL)),
      CHECK (status <> 'rejected' OR reason IS NOT NULL)
    );
    CREATE INDEX person_registrations_review ON person_registrations (submitted_at) WHERE status = 'review';
    CREATE INDEX person_registrations_submitter ON person_registrations (submitted_by, submitted_at DESC);

    ALTER TABLE person_registrations ENABLE ROW LEVEL SECURITY;
    CREATE POLICY person_registrations_in_scope ON person_registrations
      USING (area_code LIKE ANY ((SELECT app_scope_patterns())::text[])
        AND (NOT (SELECT app_caseload_only()) OR submitted_by = (SELECT app_user_id())))
      WITH CHECK (area_code LIKE ANY ((SELECT app_scope_patterns())::text[])
        AND (NOT (SELECT app_caseload_only()) OR submitted_by = (SELECT app_user_id())));
    GRANT SELECT, INSERT ON person_registrations TO carehub_app;
    GRANT UPDATE (status, person_id, decided_by, decided_at, reason, candidates) ON person_registrations TO carehub_app;
  `.execute(db);
}
