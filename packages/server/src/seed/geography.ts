import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { DB } from '../db/schema.js';
import { geographyReport, loadGeography } from '../modules/areas/geodata.js';

/** Loads provinces, districts and subdistricts (idempotent: only when the table is short of them), then the old codes' successors. */
export async function ensureGeography(db: Kysely<DB>): Promise<number> {
  const loaded = await ensureAreas(db);
  await ensureSuccessors(db);
  return loaded;
}

async function ensureAreas(db: Kysely<DB>): Promise<number> {
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

/**
 * The superseded codes the geography packages still list (a tambon under its old district's code
 * beside its current one), as successors: an import reads the old code as the current area. Added once;
 * an administrator's own entry for a code is kept.
 */
async function ensureSuccessors(db: Kysely<DB>): Promise<void> {
  const rows = (await geographyReport()).dropped.flatMap((d) =>
    d.successor ? [{ old_code: d.code, old_name_th: d.nameTh, new_code: d.successor, source: 'geography' as const }] : [],
  );
  if (!rows.length) return;
  const { n } = await db
    .selectFrom('area_successors')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('source', '=', 'geography')
    .executeTakeFirstOrThrow();
  if (Number(n) >= rows.length) return;
  await db
    .insertInto('area_successors')
    .values(rows)
    .onConflict((oc) => oc.column('old_code').doNothing())
    .execute();
}
