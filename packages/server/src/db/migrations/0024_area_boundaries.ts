import { type Kysely, sql } from 'kysely';

/**
 * Area boundaries for the map (issue 17, item 9): polygons an admin uploads as GeoJSON (e.g. the
 * national administrative boundaries), one row per DOPA geocode (province, district, subdistrict or
 * village = subdistrict + 2-digit village number), replaced when the same code is uploaded again.
 *
 * - `geometry` is the feature's GeoJSON Polygon or MultiPolygon as uploaded (validated by the server);
 *   the bounding box columns let the map fit its view without reading every ring.
 * - Each upload keeps its report (features, matched, and every unmatched feature with its reason) for
 *   the admin, without any geometry.
 * - Row-level security: boundaries are read and written only for codes in the user's scope, so a
 *   subdistrict admin neither sees nor replaces another area's shapes. Boundaries are geography, not
 *   personal data.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE boundary_uploads (
      id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
      file_name text,
      property text NOT NULL,
      features integer NOT NULL CHECK (features >= 0),
      matched integer NOT NULL CHECK (matched >= 0),
      unmatched jsonb NOT NULL DEFAULT '[]',
      area_code text NOT NULL,
      uploaded_by uuid NOT NULL REFERENCES users(id),
      uploaded_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX boundary_uploads_area ON boundary_uploads (area_code text_pattern_ops, uploaded_at DESC);

    CREATE TABLE area_boundaries (
      code text PRIMARY KEY CHECK (code ~ '^[0-9]{2}([0-9]{2}){0,3}$'),
      level text NOT NULL CHECK (level IN ('province', 'district', 'subdistrict', 'village')),
      name text,
      geometry jsonb NOT NULL CHECK (geometry->>'type' IN ('Polygon', 'MultiPolygon')),
      min_lng double precision NOT NULL,
      min_lat double precision NOT NULL,
      max_lng double precision NOT NULL,
      max_lat double precision NOT NULL,
      upload_id uuid NOT NULL REFERENCES boundary_uploads(id),
      updated_at timestamptz NOT NULL DEFAULT now(),
      CHECK (min_lng <= max_lng AND min_lat <= max_lat)
    );
    CREATE INDEX area_boundaries_code ON area_boundaries (code text_pattern_ops);

    ALTER TABLE area_boundaries ENABLE ROW LEVEL SECURITY;
    CREATE POLICY area_boundaries_in_scope ON area_boundaries
      USING (code LIKE ANY ((SELECT app_scope_patterns())::text[]))
      WITH CHECK (code LIKE ANY ((SELECT app_scope_patterns())::text[]));
    ALTER TABLE boundary_uploads ENABLE ROW LEVEL SECURITY;
    CREATE POLICY boundary_uploads_in_scope ON boundary_uploads
      USING (area_code LIKE ANY ((SELECT app_scope_patterns())::text[]) OR uploaded_by = app_user_id())
      WITH CHECK (uploaded_by = app_user_id());

    GRANT SELECT, INSERT, UPDATE ON area_boundaries TO carehub_app;
    GRANT SELECT, INSERT ON boundary_uploads TO carehub_app;
  `.execute(db);
}
