import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../db/schema.js';
import { loadGeography } from '../modules/areas/geodata.js';

/** Loads provinces, districts and subdistricts (idempotent: only when the table is short of them). */
export async function ensureGeography(db: Kysely<DB>): Promise<number> {
  const areas = await loadGeography();
  const { n } = await db
    .selectFrom('areas')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('level', '!=', 'village')
    .executeTakeFirstOrThrow();
  if (n >= areas.length) return 0;
  await db.transaction().execute(async (tx) => {
    for (let i = 0; i < areas.length; i += 1000) {
      const chunk = areas.slice(i, i + 1000).map((a) => ({
        code: a.code,
        level: a.level,
        name_th: a.nameTh,
        name_en: a.nameEn,
        parent_code: a.parentCode,
        health_region: a.healthRegion,
      }));
      await tx
        .insertInto('areas')
        .values(chunk)
        .onConflict((oc) =>
          oc.column('code').doUpdateSet({ name_th: sql`excluded.name_th`, name_en: sql`excluded.name_en`, health_region: sql`excluded.health_region` }),
        )
        .execute();
    }
  });
  return areas.length;
}
