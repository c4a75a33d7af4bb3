import { searchKey } from '@carehub/core';
import { type Kysely, sql } from 'kysely';

/**
 * Search tolerates the common Thai spelling slips (issue 17, item 12): persons.name_key is now core's
 * `searchKey` (ศ/ษ/ส, ท/ธ, ณ/น and the other same-sound letters, vowel length and a missing ั folded)
 * instead of `nameKey`. The registry, the importer and the seed write it with that function; this
 * recomputes the keys already stored with the same function, a thousand persons at a time, so the
 * trigram and B-tree indexes on name_key keep serving the search and the importer's exact look-up.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const { rows } = await sql<{ id: string; first_name_th: string; last_name_th: string; name_key: string }>`
      SELECT id, first_name_th, last_name_th, name_key FROM persons WHERE id > ${after}::uuid ORDER BY id LIMIT 1000
    `.execute(db);
    if (!rows.length) return;
    after = rows.at(-1)!.id;
    const changed = rows.map((r) => ({ id: r.id, key: searchKey(`${r.first_name_th}${r.last_name_th}`), old: r.name_key })).filter((r) => r.key !== r.old);
    if (!changed.length) continue;
    const values = sql.join(changed.map((r) => sql`(${r.id}::uuid, ${r.key})`));
    await sql`UPDATE persons p SET name_key = v.key FROM (VALUES ${values}) AS v(id, key) WHERE p.id = v.id`.execute(db);
  }
}
