import { type Kysely, sql } from 'kysely';

/**
 * Issue 19, item 3: historical geocodes. Agencies' extracts still carry subdistrict codes from before
 * districts were split or tambons moved (e.g. a code of อ.เมือง for a tambon now in a newer district).
 * `area_successors` says which code replaced an old one, so an import reads the old code as today's area
 * with a warning naming both. Rows come from the geography packages (the superseded codes found when
 * loading them, source 'geography') and from a province's administrators, who add the changes no
 * package carries (source 'admin', with who added them). An old code never shadows a live one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE TABLE area_successors (
      old_code text PRIMARY KEY CHECK (old_code ~ '^[0-9]{6}$'),
      old_name_th text NOT NULL CHECK (length(old_name_th) BETWEEN 1 AND 200),
      new_code text NOT NULL REFERENCES areas(code),
      source text NOT NULL CHECK (source IN ('geography', 'admin')),
      note text CHECK (length(note) <= 500),
      created_by uuid REFERENCES users(id),
      created_at timestamptz NOT NULL DEFAULT now(),
      CHECK (old_code <> new_code)
    );
    CREATE INDEX area_successors_new ON area_successors (new_code);
    GRANT SELECT, INSERT, UPDATE, DELETE ON area_successors TO carehub_app;
  `.execute(db);
}
