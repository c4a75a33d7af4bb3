import { type Kysely, sql } from 'kysely';

/**
 * Row-level security for tables about a person: a row is visible and writable exactly when its
 * person is, so every table follows the persons policy (area, caseload, sharing, referrals).
 */
export async function followPersonVisibility(db: Kysely<unknown>, tables: string[]): Promise<void> {
  for (const table of tables) {
    await sql`
      ALTER TABLE ${sql.table(table)} ENABLE ROW LEVEL SECURITY;
      CREATE POLICY ${sql.id(`${table}_of_visible_persons`)} ON ${sql.table(table)}
        USING (EXISTS (SELECT 1 FROM persons p WHERE p.id = person_id))
        WITH CHECK (EXISTS (SELECT 1 FROM persons p WHERE p.id = person_id));
    `.execute(db);
  }
}
