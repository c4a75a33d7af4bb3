import { type Kysely, sql } from 'kysely';

/**
 * Multi-agency import (DESIGN.md §7).
 *
 * - `import_sources`: one per agency list (พมจ. disability registry, สปสช. LTC list, …), owned by an
 *   organisation, with its saved column mapping.
 * - `import_batches`: one per file imported, with its counts; a batch can be rolled back.
 * - `source_records`: every row as received (raw cells), keyed by (source, record key), with what
 *   became of it: linked to a person, a new person, waiting for review, or rejected with its reasons.
 *   The same row imported again matches its hash and changes nothing.
 * - Rolling a batch back removes the records it introduced and the persons it registered that nothing
 *   else refers to, and puts back the records it changed; only a source's latest batch can be rolled back.
 * - Row-level security: a source's rows are personal data, seen only by the organisation that owns the
 *   source and only within its users' areas (rows not yet placed in an area included). Others see
 *   counts through the coverage report, not rows.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE import_sources (
      code text PRIMARY KEY CHECK (code ~ '^[a-z0-9_]{2,40}$'),
      name text NOT NULL,
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      mapping jsonb,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      updated_by uuid REFERENCES users(id)
    );

    CREATE TABLE import_batches (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      source_code text NOT NULL REFERENCES import_sources(code),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      file_name text NOT NULL,
      file_sha256 text NOT NULL,
      -- The file's columns in their order, so the rejected rows go back in the agency's own layout.
      headers text[] NOT NULL DEFAULT '{}',
      uploaded_by uuid REFERENCES users(id),
      started_at timestamptz NOT NULL DEFAULT now(),
      finished_at timestamptz,
      status text NOT NULL DEFAULT 'running' CHECK (status IN ('running', 'done', 'failed', 'rolled_back')),
      total integer NOT NULL DEFAULT 0,
      accepted integer NOT NULL DEFAULT 0,
      rejected integer NOT NULL DEFAULT 0,
      unchanged integer NOT NULL DEFAULT 0,
      linked integer NOT NULL DEFAULT 0,
      created integer NOT NULL DEFAULT 0,
      review integer NOT NULL DEFAULT 0,
      error text,
      rolled_back_at timestamptz,
      rolled_back_by uuid REFERENCES users(id)
    );
    CREATE INDEX import_batches_source ON import_batches (source_code, started_at DESC);

    CREATE TABLE source_records (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      source_code text NOT NULL REFERENCES import_sources(code),
      organisation_id uuid NOT NULL REFERENCES organisations(id),
      record_key text NOT NULL,
      first_batch_id uuid NOT NULL REFERENCES import_batches(id),
      batch_id uuid NOT NULL REFERENCES import_batches(id),
      row_number integer NOT NULL,
      row_hash text NOT NULL,
      raw jsonb NOT NULL,
      status text NOT NULL CHECK (status IN ('linked', 'new', 'review', 'rejected')),
      reasons jsonb NOT NULL DEFAULT '[]',
      person_id uuid REFERENCES persons(id),
      match_score real,
      area_code text,
      -- For a row in review: the registry persons it may be, with their probability and field evidence.
      candidates jsonb NOT NULL DEFAULT '[]',
      -- A reviewer's decision (accept a candidate, register as new, or split a wrong link).
      decided_by uuid REFERENCES users(id),
      decided_at timestamptz,
      -- The record as it was before the latest batch changed it, so that batch can be rolled back.
      previous jsonb,
      updated_at timestamptz NOT NULL DEFAULT now(),
      UNIQUE (source_code, record_key)
    );
    CREATE INDEX source_records_person ON source_records (person_id);
    CREATE INDEX source_records_batch ON source_records (batch_id);
    CREATE INDEX source_records_status ON source_records (source_code, status);

    ALTER TABLE source_records ENABLE ROW LEVEL SECURITY;
    CREATE POLICY source_records_of_my_sources ON source_records
      USING (organisation_id = (SELECT app_org_id()) AND (area_code IS NULL OR area_code LIKE ANY ((SELECT app_scope_patterns())::text[])))
      WITH CHECK (organisation_id = (SELECT app_org_id()) AND (area_code IS NULL OR area_code LIKE ANY ((SELECT app_scope_patterns())::text[])));
    ALTER TABLE import_batches ENABLE ROW LEVEL SECURITY;
    CREATE POLICY import_batches_of_my_organisation ON import_batches
      USING (organisation_id = (SELECT app_org_id()))
      WITH CHECK (organisation_id = (SELECT app_org_id()));

    -- Splitting a wrong link withdraws what the row told the wrong person's record; users may not
    -- otherwise delete provenance.
    CREATE FUNCTION app_withdraw_import_provenance(pid uuid, record uuid) RETURNS void LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public AS $$
      DELETE FROM field_provenance WHERE person_id = pid AND source = 'import' AND source_ref LIKE 'import:%:' || record::text
        AND EXISTS (SELECT 1 FROM source_records r WHERE r.id = record AND r.person_id = pid AND r.organisation_id = app_org_id())
    $$;
    REVOKE ALL ON FUNCTION app_withdraw_import_provenance(uuid, uuid) FROM PUBLIC;
    GRANT EXECUTE ON FUNCTION app_withdraw_import_provenance(uuid, uuid) TO carehub_app;

    GRANT SELECT, INSERT, UPDATE ON import_sources, import_batches TO carehub_app;
    GRANT SELECT, INSERT, UPDATE, DELETE ON source_records TO carehub_app;
  `.execute(db);
}
