import { type Kysely, sql } from 'kysely';
import { followPersonVisibility } from '../person-rls.js';

/**
 * The person registry: identity, address, status, vulnerability profile, entitlements, household,
 * consents (PDPA), per-field provenance and sharing with organisations outside the owning area.
 *
 * Child tables carry no area of their own: their row-level security asks whether the person is
 * visible, so moving a person moves everything about them. Sharing is checked by a SECURITY DEFINER
 * function so the person policy does not recurse through the child tables' policies.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION app_org_id() RETURNS uuid LANGUAGE sql STABLE AS $$
      SELECT nullif(current_setting('app.org_id', true), '')::uuid
    $$;

    ALTER TABLE persons
      ADD COLUMN cid_missing_reason text CHECK (cid_missing_reason IN ('no_card', 'foreigner', 'newborn', 'unknown')),
      ADD COLUMN other_document text,
      ADD COLUMN first_name_en text,
      ADD COLUMN last_name_en text,
      ADD COLUMN birth_precision text NOT NULL DEFAULT 'day' CHECK (birth_precision IN ('day', 'month', 'year')),
      ADD COLUMN status text NOT NULL DEFAULT 'alive' CHECK (status IN ('alive', 'deceased', 'moved_out')),
      ADD COLUMN status_date date,
      ADD COLUMN house_no text,
      ADD COLUMN village_no smallint CHECK (village_no BETWEEN 1 AND 99),
      ADD COLUMN address_text text,
      ADD COLUMN gps_lat double precision,
      ADD COLUMN gps_lng double precision,
      ADD COLUMN phones text[] NOT NULL DEFAULT '{}',
      ADD COLUMN name_key text NOT NULL DEFAULT '',
      ADD COLUMN sort_key text NOT NULL DEFAULT '',
      ADD COLUMN flags text[] NOT NULL DEFAULT '{}',
      ADD COLUMN disability_types smallint[] NOT NULL DEFAULT '{}',
      ADD COLUMN gaps text[] NOT NULL DEFAULT '{}',
      ADD COLUMN adl_group text CHECK (adl_group IN ('social', 'homebound', 'bedridden')),
      ADD COLUMN adl_source text;
    DROP INDEX persons_name_trgm;
    CREATE INDEX persons_name_key_trgm ON persons USING gin (name_key gin_trgm_ops);
    CREATE INDEX persons_sort ON persons (sort_key, id);
    CREATE INDEX persons_flags ON persons USING gin (flags);
    CREATE INDEX persons_gaps ON persons USING gin (gaps);

    CREATE TABLE person_vulnerabilities (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL REFERENCES persons(id),
      kind text NOT NULL,
      disability_types smallint[],
      card_number text,
      card_issued date,
      card_expiry date,
      condition text,
      note text,
      since date,
      ended_at timestamptz,
      source text NOT NULL DEFAULT 'user',
      source_ref text,
      recorded_by uuid REFERENCES users(id),
      recorded_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX person_vulnerabilities_person ON person_vulnerabilities (person_id);

    CREATE TABLE person_entitlements (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL REFERENCES persons(id),
      kind text NOT NULL,
      detail text,
      status text NOT NULL,
      start_date date,
      end_date date,
      source text NOT NULL DEFAULT 'user',
      source_ref text,
      recorded_by uuid REFERENCES users(id),
      recorded_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX person_entitlements_person ON person_entitlements (person_id);

    CREATE TABLE household_members (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL REFERENCES persons(id),
      name text NOT NULL,
      relation text NOT NULL,
      is_main_caregiver boolean NOT NULL DEFAULT false,
      phone text,
      lives_with boolean NOT NULL DEFAULT true,
      recorded_by uuid REFERENCES users(id),
      recorded_at timestamptz NOT NULL DEFAULT now(),
      removed_at timestamptz
    );
    CREATE INDEX household_members_person ON household_members (person_id);

    CREATE TABLE consents (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL REFERENCES persons(id),
      purpose text NOT NULL CHECK (purpose IN ('care_coordination', 'data_sharing', 'research')),
      given_by text NOT NULL CHECK (given_by IN ('self', 'guardian')),
      guardian_name text,
      method text NOT NULL,
      given_at date NOT NULL,
      withdrawn_at timestamptz,
      recorded_by uuid REFERENCES users(id),
      recorded_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX consents_person ON consents (person_id);

    CREATE TABLE field_provenance (
      id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
      person_id uuid NOT NULL REFERENCES persons(id),
      field text NOT NULL,
      value jsonb,
      source text NOT NULL,
      source_ref text,
      recorded_by uuid REFERENCES users(id),
      recorded_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX field_provenance_person ON field_provenance (person_id, field, id DESC);

    CREATE TABLE person_shares (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      person_id uuid NOT NULL REFERENCES persons(id),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      purpose text NOT NULL DEFAULT 'data_sharing',
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      revoked_at timestamptz
    );
    CREATE INDEX person_shares_person ON person_shares (person_id) WHERE revoked_at IS NULL;
    CREATE INDEX person_shares_org ON person_shares (organisation_id) WHERE revoked_at IS NULL;

    -- A person is shared with the acting organisation while a share is open AND the person's
    -- data-sharing consent stands: withdrawing consent ends every share at once.
    CREATE FUNCTION app_person_shared(pid uuid) RETURNS boolean LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
      SELECT EXISTS (
        SELECT 1 FROM person_shares s
        WHERE s.person_id = pid AND s.organisation_id = app_org_id() AND s.revoked_at IS NULL
          AND EXISTS (SELECT 1 FROM consents c WHERE c.person_id = pid AND c.purpose = 'data_sharing' AND c.withdrawn_at IS NULL)
      )
    $$;
    REVOKE ALL ON FUNCTION app_person_shared(uuid) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION app_person_shared(uuid) TO carehub_app;

    DROP POLICY persons_in_scope ON persons;
    CREATE POLICY persons_visible ON persons
      USING (area_code LIKE ANY (app_scope_patterns()) OR app_person_shared(id))
      WITH CHECK (area_code LIKE ANY (app_scope_patterns()) OR app_person_shared(id));
  `.execute(db);

  await followPersonVisibility(db, ['person_vulnerabilities', 'person_entitlements', 'household_members', 'consents', 'field_provenance', 'person_shares']);
  await sql`
    GRANT SELECT, INSERT, UPDATE ON person_vulnerabilities, person_entitlements, household_members, consents, person_shares TO carehub_app;
    GRANT SELECT, INSERT ON field_provenance TO carehub_app;
  `.execute(db);
}
