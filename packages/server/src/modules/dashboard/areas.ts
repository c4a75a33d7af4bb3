import { areaLevel, type DashboardArea } from '@carehub/core';
import { type RawBuilder, sql } from 'kysely';
import type { Tx } from '../../db/context.js';
import { AppError } from '../../http/errors.js';

/**
 * The areas of the dashboard and of the pages that share its drill-down (indicators, exports): TH,
 * a province, district or subdistrict of the geography, or a village = subdistrict + 2-digit number.
 */
const COUNTRY: DashboardArea = { code: 'TH', level: 'country', nameTh: 'ประเทศไทย', nameEn: 'Thailand' };

const villageName = (no: number): Pick<DashboardArea, 'nameTh' | 'nameEn'> =>
  no === 0 ? { nameTh: 'ไม่ระบุหมู่', nameEn: 'Village not recorded' } : { nameTh: `หมู่ที่ ${no}`, nameEn: `Village ${no}` };

export async function resolveArea(tx: Tx, code: string): Promise<DashboardArea> {
  if (code === 'TH') return COUNTRY;
  const level = areaLevel(code);
  if (!level || level === 'country') throw new AppError(404, 'area.unknown');
  const row = await tx
    .selectFrom('areas')
    .select(['name_th', 'name_en'])
    .where('code', '=', level === 'village' ? code.slice(0, 6) : code)
    .executeTakeFirst();
  if (!row) throw new AppError(404, 'area.unknown');
  if (level === 'village') return { code, level, ...villageName(Number(code.slice(6))) };
  return { code, level, nameTh: row.name_th, nameEn: row.name_en };
}

/**
 * Rows (of the rollups, or of persons) inside the area, and the key of the child area (next level
 * down) each belongs to. The rollups' `village_no` is already 0 for "no village"; coalesce makes
 * persons agree.
 */
export function areaSql(area: DashboardArea): { where: RawBuilder<boolean>; child: RawBuilder<string> } {
  const village = sql`coalesce(village_no, 0)`;
  switch (area.level) {
    case 'country':
      return { where: sql<boolean>`true`, child: sql<string>`left(area_code, 2)` };
    case 'province':
      return { where: sql<boolean>`area_code LIKE ${`${area.code}%`}`, child: sql<string>`left(area_code, 4)` };
    case 'district':
      return { where: sql<boolean>`area_code LIKE ${`${area.code}%`}`, child: sql<string>`left(area_code, 6)` };
    case 'subdistrict':
      return { where: sql<boolean>`area_code LIKE ${`${area.code}%`}`, child: sql<string>`area_code || lpad(${village}::text, 2, '0')` };
    case 'village':
      return { where: sql<boolean>`area_code = ${area.code.slice(0, 6)} AND ${village} = ${Number(area.code.slice(6))}`, child: sql<string>`''` };
  }
}

/** The child areas: every district or subdistrict of the geography, and the villages that have anyone counted. */
export async function childAreas(tx: Tx, area: DashboardArea, withData: Iterable<string>): Promise<DashboardArea[]> {
  if (area.level === 'village') return [];
  const out = new Map<string, DashboardArea>();
  if (area.level === 'subdistrict') {
    for (const code of withData) out.set(code, { code, level: 'village', ...villageName(Number(code.slice(6))) });
  } else {
    const q = tx.selectFrom('areas').select(['code', 'level', 'name_th', 'name_en']);
    const rows = await (area.level === 'country' ? q.where('level', '=', 'province') : q.where('parent_code', '=', area.code)).execute();
    for (const r of rows) out.set(r.code, { code: r.code, level: r.level, nameTh: r.name_th, nameEn: r.name_en });
    // A person recorded at a coarser area than the child level still counts, under their own code.
    for (const code of withData) if (!out.has(code)) out.set(code, { code, level: areaLevel(code) ?? 'subdistrict', nameTh: code, nameEn: code });
  }
  return [...out.values()].sort((a, b) => a.code.localeCompare(b.code));
}
